// Search in Chromium (issue 5): the built app with the fixture mailbox imported. The
// search worker indexes it in the background; the user searches from the toolbar,
// everywhere or in a folder, accent- and case-insensitively, sees highlighted snippets,
// and searches again after a reload with the network off.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderByRole, openFolder, row } from './support/app.js';
import { screenshot, waitForReady } from './support/browser.js';
import { startAppSession, type AppSession } from './support/session.js';

const SETUP_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 60_000;
/** Indexing starts when the page is idle; the fixture mailbox takes well under this. */
const INDEX_WAIT_MS = 30_000;

let session: AppSession;
let page: Page;

const input = () => page.getByTestId('search-input');
const results = () => page.locator('[data-testid="message-list-item"]');

async function searchFor(
  text: string,
  scope: 'everywhere' | 'folder' = 'everywhere',
): Promise<void> {
  await page.getByRole('combobox', { name: 'Search in' }).selectOption(scope);
  await input().fill(text);
  await input().press('Enter');
  // The summary of this search, not the one before it still on screen.
  await page
    .getByTestId('search-summary')
    .filter({ hasText: `“${text}”` })
    .waitFor();
}

/**
 * The results of `text`, searched again until they are `want` (sorted ids): the index is
 * built in the background, and mail imported last may be indexed a look after the first.
 */
async function expectFound(text: string, want: number | string[], scope?: 'folder'): Promise<void> {
  await expect
    .poll(
      async () => {
        await searchFor(text, scope);
        const ids = await foundIds();
        return typeof want === 'number' ? ids.length : ids.sort();
      },
      { timeout: INDEX_WAIT_MS, interval: 500 },
    )
    .toEqual(typeof want === 'number' ? want : [...want].sort());
}

async function foundIds(): Promise<string[]> {
  return results().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-message-id') ?? ''));
}

beforeAll(async () => {
  session = await startAppSession({ fixtureZip: 'search.zip', importFixture: true });
  page = session.page;
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await session?.close();
});

describe('issue 5 search in Chromium', () => {
  it(
    'SEARCH-1 SEARCH-6 a body word typed without its accent finds the message, highlighted',
    async () => {
      await input().waitFor({ timeout: INDEX_WAIT_MS });
      // The index is built in the background: search until it has the mailbox.
      await expect
        .poll(
          async () => {
            await searchFor('direccion');
            return foundIds();
          },
          { timeout: INDEX_WAIT_MS, interval: 500 },
        )
        .toEqual(['bienvenida.0001@ejemplo.es']);
      const marks = await row(page, 'bienvenida.0001@ejemplo.es')
        .locator('[data-testid="search-snippet"] mark')
        .allInnerTexts();
      expect(marks).toEqual(['dirección']);
      await screenshot(page, 'search-results');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SEARCH-1 -word excludes, and OR widens',
    async () => {
      await expectFound('bienvenida', 2);
      await expectFound('bienvenida -re', ['bienvenida.0001@ejemplo.es']);
      await expectFound('kickoff OR lunch', 2);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SEARCH-2 "This folder" searches the open folder only',
    async () => {
      await page.getByTestId('search-clear').click();
      await openFolder(folderByRole(page, 'sent'));
      await expectFound('bienvenida', 1, 'folder');
      const inSent = await foundIds();
      expect(inSent).not.toContain('bienvenida.0001@ejemplo.es');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SEARCH-1 after a reload with the network off, search still answers',
    async () => {
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
      await session.context.setOffline(true);
      await page.reload();
      await waitForReady(page);
      await input().waitFor({ timeout: INDEX_WAIT_MS });
      // What was indexed in the last seconds may be indexed again after a restart.
      await expect
        .poll(
          async () => {
            await searchFor('alpha milestone');
            return (await foundIds()).length;
          },
          { timeout: INDEX_WAIT_MS, interval: 500 },
        )
        .toBe(3);
      expect(await page.getByTestId('search-pending').count()).toBe(0);
      await screenshot(page, 'search-offline');
      await session.context.setOffline(false);
    },
    TEST_TIMEOUT_MS,
  );
});
