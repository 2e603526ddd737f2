// Debian's Chromium through playwright-core, with the app's window events recorded from
// the first script on (same probes as test/e2e/support/browser.ts).
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

/** A profile kept on disk between runs (the seeded 100k folder lives in its IndexedDB). */
export async function launchPersistent(userDataDir) {
  const context = await chromium.launchPersistentContext(userDataDir, {
    ...LAUNCH,
    viewport: VIEWPORT,
    locale: 'en-US',
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

export async function openApp(context, url) {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url + '/');
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
