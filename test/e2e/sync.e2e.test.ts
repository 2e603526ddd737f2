// Issue 3 in real Chromium: two browser contexts are two devices signed in to the same
// Dovecot account through the built server. Each makes changes offline; back online,
// both converge with the server. Push brings a delivery without a reload, and a reload
// while offline loses no queued change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { folderByRole, openFolder, openMessage, renderedIds, row } from './support/app.js';
import { screenshot, waitForReady } from './support/browser.js';
import {
  ALICE,
  SYNC_WAIT_MS,
  onServer as heldBy,
  plainMessage,
  signedInPage,
  startMailServer,
  type MailServer,
  type SignedInPage,
} from './support/mail-server.js';

const SETUP_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 60_000;

let mail: MailServer;

function message(n: number, subject: string): string {
  return plainMessage({
    from: 'Bob <bob@buzon.test>',
    to: ALICE.user,
    subject,
    messageId: `e2e-${n}@buzon.test`,
    minute: n,
    body: `Hello number ${n}.`,
  });
}

type DeviceUi = SignedInPage;

const device = (name: string): Promise<DeviceUi> => signedInPage(mail, name, ALICE);
const onServer = (messageId: string) => heldBy(mail.imap, messageId);

/** What the page shows about sync and errors, for a failing test's message. */
async function diagnose(page: Page): Promise<string> {
  const status = page.getByTestId('sync-status');
  const phase = await status.getAttribute('data-phase').catch(() => '?');
  const text = await status.textContent().catch(() => '?');
  const notices = await page
    .locator('bz-notices')
    .textContent()
    .catch(() => '?');
  return `phase=${phase} status=${text?.trim()} notices=${notices?.trim()}`;
}

async function selectAndClick(page: Page, messageId: string, button: string): Promise<void> {
  // Opened and selected (the toolbar acts on the selection it shows), then the button.
  await openMessage(page, messageId);
  await page.getByText('1 selected').waitFor();
  await page.getByRole('button', { name: button, exact: true }).click();
}

beforeAll(async () => {
  mail = await startMailServer(ALICE);
  for (let n = 1; n <= 5; n++) await mail.dovecot.deliver(ALICE.user, message(n, `Hello ${n}`));
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await mail?.stop();
});

describe('issue 3 in Chromium: two devices, one account', () => {
  let a: DeviceUi;
  let b: DeviceUi;

  it(
    'signing in shows every message of the account, newest first',
    async () => {
      a = await device('A');
      await openFolder(folderByRole(a.page, 'inbox'));
      for (let n = 1; n <= 5; n++) await row(a.page, `e2e-${n}@buzon.test`).waitFor();
      await expect(a.page.getByTestId('account-current').textContent()).resolves.toContain(
        ALICE.user,
      );
      await screenshot(a.page, 'sync-signed-in');
      b = await device('B');
      await openFolder(folderByRole(b.page, 'inbox'));
      await row(b.page, 'e2e-5@buzon.test').waitFor();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'VIEW-3 after the first download, sorting by subject lists the mail by subject (its sort keys written then, ADR 0036)',
    async () => {
      const { page } = a;
      const toolbar = page.locator('bz-list-toolbar');
      // Delivered within a second or so: the date order of these five is the server's.
      await expect.poll(async () => (await renderedIds(page)).length).toBe(5);
      const byDate = await renderedIds(page);
      await toolbar.locator('select').selectOption('subject');
      await toolbar.getByRole('button', { name: 'Descending', exact: true }).click();
      const bySubject = [1, 2, 3, 4, 5].map((n) => `e2e-${n}@buzon.test`); // Hello 1 … Hello 5
      await expect.poll(() => renderedIds(page)).toEqual(bySubject);
      await expect(page.getByTestId('sorting-hint').count()).resolves.toBe(0);
      await screenshot(page, 'sync-sorted-by-subject');
      await toolbar.locator('select').selectOption('date');
      await toolbar.getByRole('button', { name: 'Ascending', exact: true }).click();
      await expect.poll(() => renderedIds(page)).toEqual(byDate);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'offline changes on both devices converge with the server once back online',
    async () => {
      await a.context.setOffline(true);
      await b.context.setOffline(true);
      // Reading a message offline marks it read; the server learns it later.
      await openMessage(a.page, 'e2e-1@buzon.test');
      await selectAndClick(b.page, 'e2e-2@buzon.test', 'Delete');
      await a.page.locator('[data-testid="sync-pending"]').waitFor({ timeout: SYNC_WAIT_MS });
      await screenshot(a.page, 'sync-offline-pending');
      await a.context.setOffline(false);
      await b.context.setOffline(false);
      await expect
        .poll(() => onServer('e2e-1@buzon.test'), { timeout: SYNC_WAIT_MS })
        .toMatchObject({ flags: expect.arrayContaining(['\\Seen']) as unknown });
      await expect
        .poll(() => onServer('e2e-2@buzon.test'), { timeout: SYNC_WAIT_MS })
        .toMatchObject({
          path: 'Trash',
        });
      // Each device shows the other's change (push, or the sync that follows going online).
      await row(a.page, 'e2e-2@buzon.test').waitFor({ state: 'detached', timeout: SYNC_WAIT_MS });
      await expect
        .poll(() => row(b.page, 'e2e-1@buzon.test').getAttribute('class'), {
          timeout: SYNC_WAIT_MS,
        })
        .not.toMatch(/\bunread\b/);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'push: a delivery appears on both devices without a reload',
    async () => {
      await mail.dovecot.deliver(ALICE.user, message(6, 'Hello 6'));
      try {
        await row(a.page, 'e2e-6@buzon.test').waitFor({ timeout: SYNC_WAIT_MS });
        await row(b.page, 'e2e-6@buzon.test').waitFor({ timeout: SYNC_WAIT_MS });
      } catch (err) {
        throw new Error(
          `A: ${await diagnose(a.page)} | B: ${await diagnose(b.page)} | ${String(err)}`,
          { cause: err },
        );
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a reload while offline loses no queued change',
    async () => {
      await a.context.setOffline(true);
      await selectAndClick(a.page, 'e2e-3@buzon.test', 'Delete');
      // The delete is written (the row left Inbox) before the reload, as a user would see.
      await row(a.page, 'e2e-3@buzon.test').waitFor({ state: 'detached' });
      await a.page.reload();
      await waitForReady(a.page);
      await a.page.locator('[data-testid="sync-pending"]').waitFor({ timeout: SYNC_WAIT_MS });
      await a.context.setOffline(false);
      try {
        await expect
          .poll(() => onServer('e2e-3@buzon.test'), { timeout: SYNC_WAIT_MS })
          .toMatchObject({ path: 'Trash' });
      } catch (err) {
        throw new Error(`A: ${await diagnose(a.page)} | ${String(err)}`, { cause: err });
      }
      await row(b.page, 'e2e-3@buzon.test').waitFor({ state: 'detached', timeout: SYNC_WAIT_MS });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'two tabs of one device: one syncs (Web Lock), a change made in the other still reaches the server',
    async () => {
      const second = await a.context.newPage();
      await second.goto(mail.server.url + '/');
      await waitForReady(second);
      // The second tab follows the first one's status over the BroadcastChannel.
      await second
        .locator('[data-testid="sync-status"][data-phase="idle"]')
        .waitFor({ timeout: SYNC_WAIT_MS });
      await openFolder(folderByRole(second, 'inbox'));
      await openMessage(second, 'e2e-4@buzon.test');
      await expect
        .poll(() => onServer('e2e-4@buzon.test'), { timeout: SYNC_WAIT_MS })
        .toMatchObject({ flags: expect.arrayContaining(['\\Seen']) as unknown });
      // Closing the syncing tab hands the lock to the other one, which then syncs itself.
      await a.page.close();
      await mail.dovecot.deliver(ALICE.user, message(7, 'Hello 7'));
      await row(second, 'e2e-7@buzon.test').waitFor({ timeout: SYNC_WAIT_MS });
      a.page = second;
    },
    TEST_TIMEOUT_MS,
  );
});
