// PGP-4 / EFAIL against a real loopback listener: Chromium opens the app (served by a Vite
// dev server) with the EFAIL message whose HTML parts point an <img src="… at the listener,
// the user decrypts the encrypted part, and no request reaches the listener. A request
// from the page to the same listener shows it was reachable all along. Node drives
// Chromium here because a browser-mode test cannot run a listener of its own.
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecorder, type RequestRecorder } from '../../../e2e/support/recorder.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../setup/chromium.js';
import { EFAIL_SECRET } from './support/efail.js';

const REPO = join(import.meta.dirname, '..', '..', '..', '..');
const PAGE = '/test/ui/reader/pgp/support/efail-page.html';
/** A cold dev server transforms the app and pre-bundles openpgp: slow on a busy 2-core box. */
const START_TIMEOUT_MS = 120_000;
/**
 * After the frames loaded, how long a late request (an image the frame might still fetch)
 * is given to arrive before "nothing came" is believed.
 */
const SETTLE_MS = 1_500;

let vite: ViteDevServer;
let browser: Browser;
let recorder: RequestRecorder;

beforeAll(async () => {
  recorder = await startRecorder();
  vite = await createServer({
    configFile: false,
    root: REPO,
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
    optimizeDeps: { include: ['openpgp'], entries: [PAGE.slice(1)] },
  });
  await vite.listen();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}, START_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await vite?.close();
  await recorder?.stop();
});

function origin(): string {
  const url = vite.resolvedUrls?.local[0];
  if (!url) throw new Error('the dev server has no URL');
  return url.replace(/\/$/, '');
}

/** Which frames show the secret, by their data-testid. */
async function framesWithSecret(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    const text = await frame.evaluate(() => document.documentElement.outerHTML).catch(() => '');
    if (!text.includes(EFAIL_SECRET)) continue;
    const el = await frame.frameElement();
    found.push((await el.getAttribute('data-testid')) ?? '?');
  }
  return found;
}

describe('EFAIL over the network (PGP-4)', () => {
  it(
    'PGP-4 EFAIL: opening and decrypting sends nothing to a loopback listener; the text is only in the decrypted frame',
    async () => {
      const page = await browser.newPage();
      const leak = `http://${recorder.host}`;
      await page.goto(`${origin()}${PAGE}?leak=${encodeURIComponent(leak)}`);
      await page.waitForFunction(() => window.efailReady || window.efailError, null, {
        timeout: START_TIMEOUT_MS,
      });
      expect(await page.evaluate(() => window.efailError)).toBeUndefined();

      await page.locator('[data-testid="message-list-item"]', { hasText: 'Efail' }).click();
      await page.locator('[data-testid="message-frame"]').first().waitFor();
      await page.locator('[data-testid="pgp-decrypt"]').click();
      await page.locator('[data-testid="decrypted-frame"]').waitFor();
      await page.waitForLoadState('load');
      await page.waitForTimeout(SETTLE_MS);

      expect(recorder.requests).toEqual([]);
      expect(await framesWithSecret(page)).toEqual(['decrypted-frame']);
      const appText = await page.evaluate(() => {
        const all: string[] = [document.body.innerText];
        const walk = (root: ParentNode) => {
          for (const el of root.querySelectorAll('*'))
            if (el.shadowRoot) {
              all.push(el.shadowRoot.textContent ?? '');
              walk(el.shadowRoot);
            }
        };
        walk(document);
        return all.join('\n');
      });
      expect(appText).not.toContain(EFAIL_SECRET);

      // Control: the listener was reachable from this page the whole time.
      await page.evaluate(
        (url) => fetch(`${url}/control`, { mode: 'no-cors' }).then(() => undefined),
        leak,
      );
      expect(recorder.requests.map((r) => r.path)).toEqual(['/control']);
      await page.close();
    },
    START_TIMEOUT_MS,
  );
});
