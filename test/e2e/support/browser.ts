// Debian's Chromium driven by playwright-core, and the page-side probes the tests read:
// the app's `bz-ready` and `bz-import-done` window events are recorded from the very
// first script, so a test never misses one that fired before it started waiting.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../setup/chromium.js';
import type { ImportReport } from '../../../src/state/types.js';
import { REPO_ROOT } from './server.js';

export { CHROMIUM_PATH };
export const SCREENS_DIR = join(REPO_ROOT, 'test-output', 'screens');
/** Boot includes opening IndexedDB and the service worker; generous on a shared 2-core box. */
const READY_TIMEOUT_MS = 30_000;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export interface ContextOptions {
  locale?: string;
}

/** A fresh context (own profile, empty IndexedDB) with the event probes installed. */
export async function newAppContext(
  browser: Browser,
  opts: ContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: opts.locale ?? 'en-US',
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  await context.addInitScript(installProbes);
  return context;
}

/** Runs in the page before any of its scripts, on every navigation. */
function installProbes(): void {
  const w = window as unknown as { __bz: BzProbe };
  w.__bz = { ready: 0, imports: [] };
  window.addEventListener('bz-ready', () => {
    w.__bz.ready += 1;
  });
  window.addEventListener('bz-import-done', (e) => {
    w.__bz.imports.push((e as CustomEvent<ImportReport>).detail);
  });
}

interface BzProbe {
  ready: number;
  imports: ImportReport[];
}

/** Waits for `bz-ready` since the last navigation. */
export async function waitForReady(page: Page): Promise<void> {
  await page.waitForFunction(
    () => ((window as unknown as { __bz?: BzProbe }).__bz?.ready ?? 0) > 0,
    undefined,
    { timeout: READY_TIMEOUT_MS },
  );
}

/** Opens the app and waits until it has booted and shown its mailbox. */
export async function openApp(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url + '/');
  await waitForReady(page);
  return page;
}

export async function importCount(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __bz: BzProbe }).__bz.imports.length);
}

/**
 * Picks files in the `import-input` and waits for the next `bz-import-done`.
 * Files are given by path, so large archives are not copied through the driver.
 */
export async function importThroughInput(
  page: Page,
  paths: string[],
  timeoutMs = 120_000,
): Promise<ImportReport> {
  const before = await importCount(page);
  await page.getByTestId('import-input').setInputFiles(paths);
  await page.waitForFunction(
    (n) => (window as unknown as { __bz: BzProbe }).__bz.imports.length > n,
    before,
    { timeout: timeoutMs, polling: 100 },
  );
  return page.evaluate(
    (n) => (window as unknown as { __bz: BzProbe }).__bz.imports[n] as ImportReport,
    before,
  );
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENS_DIR, { recursive: true });
  // Prefixed: other suites write their own screens into the same folder.
  const path = join(SCREENS_DIR, `e2e-${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Closes the import dialog that holds the `import-report`, if it is open. */
export async function closeImportReport(page: Page): Promise<void> {
  const d = page.getByRole('dialog').filter({ has: page.getByTestId('import-report') });
  await d.getByRole('button', { name: 'Close' }).click();
  await d.waitFor({ state: 'hidden' });
}
