// Threads view in Chromium (issue 5, THREAD-1, THREAD-2, SETTINGS-2): the built app, real
// threads imported as .eml files (the threading fixtures: a reply chain of five with a
// truncated References header, and same-subject strangers with orphan replies). The user
// turns the view on in Settings, sees one row per conversation, reloads and finds it still
// on, opens a thread and marks it unread.
import { join } from 'node:path';
import type { CDPSession, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolbarButton } from './support/actions.js';
import { auditControls, axSession } from './support/ax.js';
import {
  closeImportReport,
  importThroughInput,
  screenshot,
  waitForReady,
} from './support/browser.js';
import { REPO_ROOT } from './support/server.js';
import { startAppSession, type AppSession } from './support/session.js';

const SETUP_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 60_000;
const FIXTURES = join(REPO_ROOT, 'test', 'mail', 'threading', 'fixtures');
const MIGRATION = [
  '01-root',
  '02-reply',
  '03-reply',
  '04-truncated',
  '05-irt-only-after-truncation',
];
const STRANGERS = [
  '01-meeting-ann',
  '02-meeting-bob',
  '03-re-meeting-orphan',
  '04-hola-carlos',
  '05-re-hola-orphan',
  '06-meeting-bob-again',
];

let session: AppSession;
let page: Page;
let cdp: CDPSession;

const grid = () => page.getByTestId('message-list');
const threadRows = () => page.getByTestId('thread-list-item');
const migrationRow = () =>
  threadRows().filter({ has: page.locator('.subject', { hasText: 'Migration window for db-3' }) });
const threadView = () => page.getByTestId('thread-view');

/** The threads view shows every thread of the folder (all keys known). */
async function threadsShown(): Promise<void> {
  await page
    .locator('[data-testid="message-list"][data-view="threads"][aria-busy="false"]')
    .waitFor();
}

async function isBold(row: Locator): Promise<boolean> {
  return row.evaluate((el) => el.classList.contains('unread'));
}

beforeAll(async () => {
  session = await startAppSession();
  page = session.page;
  cdp = await axSession(session.context, page);
  const files = [
    ...MIGRATION.map((f) => join(FIXTURES, 'truncated-references', `${f}.eml`)),
    ...STRANGERS.map((f) => join(FIXTURES, 'strangers', `${f}.eml`)),
  ];
  const report = await importThroughInput(page, files);
  expect(report.imported).toBe(11);
  await closeImportReport(page);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await session?.close();
});

describe('issue 5 threads view in Chromium', () => {
  it(
    'THREAD-1 SETTINGS-2 turned on in Settings, the Inbox shows one row per conversation with its count, unread',
    async () => {
      await expect.poll(() => grid().getAttribute('aria-rowcount')).toBe('11');
      await toolbarButton(page, 'Settings').click();
      const settings = page.getByRole('dialog').filter({ hasText: 'Settings' });
      await settings.getByRole('checkbox', { name: /Threads view/ }).check();
      await settings.getByRole('button', { name: 'Close' }).click();
      await threadsShown();
      expect(await grid().getAttribute('aria-rowcount')).toBe('6');
      expect(await grid().getAttribute('aria-label')).toBe('Conversations');
      await expect.poll(() => migrationRow().getByTestId('thread-count').textContent()).toBe('5');
      expect(await isBold(migrationRow())).toBe(true);
      expect(await migrationRow().locator('.who').textContent()).toBe('Ops, Kim, Lee');
      // Bob's "Meeting" and the orphan "RE: Meeting" are one; Ann's older "Meeting" is apart.
      expect(await threadRows().getByTestId('thread-count').allTextContents()).toEqual(['2', '5']);
      await screenshot(page, 'threads-list');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SETTINGS-2 the threads view is remembered across a reload',
    async () => {
      await page.reload();
      await waitForReady(page);
      await threadsShown();
      expect(await grid().getAttribute('aria-rowcount')).toBe('6');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'THREAD-1 opening a thread shows its messages oldest first with the newest at the bottom',
    async () => {
      await migrationRow().click();
      const items = threadView().getByTestId('thread-message');
      await expect.poll(() => items.count()).toBe(5);
      expect(
        await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-message-id'))),
      ).toEqual([1, 2, 3, 4, 5].map((n) => `mig-db3-000${n}@example.com`));
      const first = await items.first().boundingBox();
      const last = await items.last().boundingBox();
      expect((last?.y ?? 0) > (first?.y ?? 0)).toBe(true);
      // The first unread (all were) is expanded and rendered in the sandboxed reader.
      await expect
        .poll(() =>
          items.first().getByTestId('thread-message-toggle').getAttribute('aria-expanded'),
        )
        .toBe('true');
      await items.first().getByTestId('message-frame').waitFor();
      // Expand the newest too: it is read now, as opening a message does.
      const newest = items.last().getByTestId('thread-message-toggle');
      await newest.scrollIntoViewIfNeeded();
      await newest.click();
      await items.last().getByTestId('message-frame').waitFor();
      await expect
        .poll(() => items.last().evaluate((e) => e.classList.contains('unread')))
        .toBe(false);
      // Scrolled to the end: the newest message, expanded, at the bottom.
      await page.locator('bz-thread-view').evaluate((el) => (el.scrollTop = el.scrollHeight));
      await screenshot(page, 'thread-open');
      const audit = await auditControls(cdp);
      expect(audit.named).toContain('button: Mark thread as unread');
      expect(audit.unnamed, 'unnamed controls on the opened thread').toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'THREAD-2 marking the whole thread read, then unread, makes its row plain and bold again',
    async () => {
      await threadView().getByRole('button', { name: 'Mark thread as read' }).click();
      await expect.poll(() => isBold(migrationRow())).toBe(false);
      await threadView().getByRole('button', { name: 'Mark thread as unread' }).click();
      await expect.poll(() => isBold(migrationRow())).toBe(true);
      const items = threadView().getByTestId('thread-message');
      await expect
        .poll(() => items.evaluateAll((els) => els.every((e) => e.classList.contains('unread'))))
        .toBe(true);
    },
    TEST_TIMEOUT_MS,
  );
});
