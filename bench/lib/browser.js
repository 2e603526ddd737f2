// Debian's Chromium through playwright-core, with the app's window events recorded from
// the first script on (same probes as test/e2e/support/browser.ts).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/setup/chromium.js';

const LAUNCH = { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true };
const VIEWPORT = { width: 1280, height: 800 };
/** Boot of a profile that already holds 100k messages may take a while. */
const READY_TIMEOUT_MS = 120_000;

export async function launchFresh() {
  const browser = await chromium.launch(LAUNCH);
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
  await context.addInitScript(installProbes);
  return { context, close: () => browser.close() };
}

/**
 * A profile kept on disk between runs (the seeded 100k folder lives in its IndexedDB).
 * Service workers are blocked: the profile's worker would otherwise serve the app version
 * cached when the profile was seeded, not the build under test.
 */
export async function launchPersistent(userDataDir) {
  // Nor its caches and registration: a shell cached by an older build would load that build.
  for (const dir of ['Cache', 'Code Cache', 'Service Worker'])
    rmSync(join(userDataDir, 'Default', dir), { recursive: true, force: true });
  const context = await chromium.launchPersistentContext(userDataDir, {
    ...LAUNCH,
    viewport: VIEWPORT,
    locale: 'en-US',
    serviceWorkers: 'block',
  });
  await context.addInitScript(installProbes);
  return { context, close: () => context.close() };
}

function installProbes() {
  window.__bz = { ready: 0, imports: [] };
  window.addEventListener('bz-ready', () => (window.__bz.ready += 1));
  window.addEventListener('bz-import-done', (e) =>
    window.__bz.imports.push({ ...e.detail, at: performance.now() }),
  );
}

/** Opens the app; `search` is a query string such as '?index=paused' (indexing paused). */
export async function openApp(context, url, search = '') {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${url}/${search}`);
  await page.waitForFunction(() => (window.__bz?.ready ?? 0) > 0, undefined, {
    timeout: READY_TIMEOUT_MS,
  });
  return page;
}

/** Picks files in import-input; resolves the bz-import-done detail and the seconds it took. */
export async function importFiles(page, paths, timeoutMs) {
  const before = await page.evaluate(() => window.__bz.imports.length);
  const t0 = await page.evaluate(() => performance.now());
  await page.getByTestId('import-input').setInputFiles(paths);
  await page.waitForFunction((n) => window.__bz.imports.length > n, before, {
    timeout: timeoutMs,
    polling: 200,
  });
  const report = await page.evaluate((n) => window.__bz.imports[n], before);
  return { report, seconds: (report.at - t0) / 1000 };
}
