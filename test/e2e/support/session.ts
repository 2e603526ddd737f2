// One app under test: the built server, a fresh Chromium context (empty IndexedDB) and
// a page on the app, optionally with the fixture mailbox imported. Shared by the e2e
// files so each sets up and tears down the same way.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  closeImportReport,
  importThroughInput,
  launchChromium,
  newAppContext,
  openApp,
} from './browser.js';
import { startAppServer, type RunningServer } from './server.js';
import { buildFixtureZip } from './zips.js';

export interface AppSession {
  server: RunningServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** The fixture zip, when one was built. */
  zipPath: string | null;
  close(): Promise<void>;
}

export interface AppSessionOptions {
  /** Builds the fixture mailbox zip under this name. */
  fixtureZip?: string;
  /** Imports that zip through import-input before the tests start. */
  importFixture?: boolean;
}

export async function startAppSession(opts: AppSessionOptions = {}): Promise<AppSession> {
  const server = await startAppServer();
  const browser = await launchChromium();
  const context = await newAppContext(browser);
  const page = await openApp(context, server.url);
  let zipPath: string | null = null;
  if (opts.fixtureZip) {
    // No remote content is opened by these tests, so the URLs may point anywhere.
    ({ path: zipPath } = await buildFixtureZip('127.0.0.1:9', opts.fixtureZip));
    if (opts.importFixture) {
      await importThroughInput(page, [zipPath]);
      await closeImportReport(page);
    }
  }
  return {
    server,
    browser,
    context,
    page,
    zipPath,
    async close() {
      await context.close();
      await browser.close();
      await server.stop();
    },
  };
}
