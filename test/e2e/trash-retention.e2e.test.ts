// DELETE-3: at each start, Trash items older than 7 days are deleted — and only those.
// The page's clock is moved with Playwright's clock emulation; the mailbox is real.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  closeImportReport,
  importThroughInput,
  launchChromium,
  newAppContext,
  openApp,
  waitForReady,
} from './support/browser.js';
import { startAppServer, type RunningServer } from './support/server.js';
import { buildFixtureZip } from './support/zips.js';
import { folderByRole, openFolder, row } from './support/app.js';
import { toolbarButton } from './support/actions.js';

const DAY_MS = 24 * 60 * 60 * 1000;

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startAppServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Trash retention', () => {
  it('DELETE-3 a start deletes Trash items older than 7 days and keeps newer ones', async () => {
    const now = Date.now();
    const context = await newAppContext(browser);
    try {
      await context.clock.install({ time: now - 10 * DAY_MS });
      const page = await openApp(context, server.url);
      // No remote content is opened here, so the URLs may point anywhere.
      const { path } = await buildFixtureZip('127.0.0.1:9', 'retention.zip');
      await importThroughInput(page, [path]);
      await closeImportReport(page);

      await openFolder(folderByRole(page, 'inbox'));
      await row(page, 'delete-me.0006@example.net').click();
      await toolbarButton(page, 'Delete').click();
      await expect.poll(() => row(page, 'delete-me.0006@example.net').count()).toBe(0);

      await context.clock.setSystemTime(now - 2 * DAY_MS);
      await row(page, 'keep-me.0007@example.net').click();
      await toolbarButton(page, 'Delete').click();
      await expect.poll(() => row(page, 'keep-me.0007@example.net').count()).toBe(0);

      await context.clock.setSystemTime(now);
      await page.reload();
      await waitForReady(page);
      await openFolder(folderByRole(page, 'trash'));
      await row(page, 'keep-me.0007@example.net').waitFor();
      expect(await row(page, 'delete-me.0006@example.net').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
