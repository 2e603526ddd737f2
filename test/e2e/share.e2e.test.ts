// SHARED-1…3 in real Chromium: Alice and Bob, each in a browser context of their own, are
// signed in through the UI to one Dovecot through the built server. Alice shares her mailbox
// with Bob from the account menu; Bob opens it from his account menu and sees her mail; his
// change reaches Alice's app by push and the server; a delivery to Alice reaches Bob's open
// shared view by push; when Alice stops sharing, Bob's next sync says so and his copy stays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapFlow } from 'imapflow';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startDovecot, type DovecotInstance } from '../support/dovecot/index.js';
import { folderByRole, openFolder, openMessage, row } from './support/app.js';
import {
  launchChromium,
  newAppContext,
  openApp,
  screenshot,
  waitForReady,
} from './support/browser.js';
import { startAppServer, type RunningServer } from './support/server.js';

const ALICE = { user: 'alice@buzon.test', pass: 'alice-secret' };
const BOB = { user: 'bob@buzon.test', pass: 'bob-secret' };
type User = typeof ALICE;
const SETUP_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 60_000;
/** A sync on a loaded 2-core machine; push adds Dovecot's ~0.5 s. Not a latency bound. */
const SYNC_WAIT_MS = 20_000;
/** Lets the syncs that follow the previous step end before a delivery is timed. */
const QUIET_MS = 2000;
const SHARED_LABEL = `Shared with me: ${ALICE.user}`;

let dovecot: DovecotInstance;
let server: RunningServer;
let browser: Browser;
/** Alice's own IMAP client: what the server really holds. */
let imap: ImapFlow;

function message(n: number, subject: string): string {
  return [
    'From: Carol <carol@buzon.test>',
    `To: ${ALICE.user}`,
    `Subject: ${subject}`,
    `Message-ID: <share-e2e-${n}@buzon.test>`,
    `Date: Mon, 02 Mar 2026 09:0${n % 10}:00 +0100`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Hello number ${n}.`,
    '',
  ].join('\r\n');
}
const idOf = (n: number) => `share-e2e-${n}@buzon.test`;

interface Person {
  context: BrowserContext;
  page: Page;
}

async function waitIdle(page: Page): Promise<void> {
  await page
    .locator('[data-testid="sync-status"][data-phase="idle"]')
    .waitFor({ timeout: SYNC_WAIT_MS });
}

/** Signs in through the account menu and the sign-in dialog, as a user does. */
async function signIn(page: Page, user: User): Promise<void> {
  await page.getByTestId('account-menu').click();
  await page.getByTestId('account-add').click();
  await page.getByTestId('sign-in-dialog').waitFor();
  await page.getByTestId('sign-in-username').fill(user.user);
  await page.getByTestId('sign-in-password').fill(user.pass);
  await page.getByTestId('sign-in-window').selectOption('all');
  await Promise.all([page.waitForEvent('load'), page.getByTestId('sign-in-submit').click()]);
  await waitForReady(page);
  await waitIdle(page);
}

async function person(name: string, user: User): Promise<Person> {
  const context = await newAppContext(browser);
  const page = await openApp(context, server.url);
  page.on('pageerror', (err) => console.error(`[${name}] page error:`, err.message));
  await signIn(page, user);
  return { context, page };
}

/** The folder holding a Message-ID in Alice's mailbox, and its flags. */
async function onServer(messageId: string): Promise<{ path: string; flags: string[] } | null> {
  for (const box of await imap.list()) {
    const lock = await imap.getMailboxLock(box.path);
    try {
      await imap.noop();
      const uids = await imap.search({ header: { 'message-id': messageId } }, { uid: true });
      if (uids && uids.length > 0) {
        const m = await imap.fetchOne(String(uids[0]), { flags: true }, { uid: true });
        return { path: box.path, flags: [...((m && m.flags) || [])].sort() };
      }
    } finally {
      lock.release();
    }
  }
  return null;
}

beforeAll(async () => {
  dovecot = await startDovecot();
  for (let n = 1; n <= 3; n++) await dovecot.deliver(ALICE.user, message(n, `Informe ${n}`));
  server = await startAppServer({
    env: {
      BUZON_IMAP_HOST: dovecot.host,
      BUZON_IMAP_PORT: String(dovecot.imapPort),
      BUZON_IMAP_TLS: 'none',
      BUZON_PROVIDER_NAME: 'Test Dovecot',
    },
  });
  browser = await launchChromium();
  imap = new ImapFlow({
    host: dovecot.host,
    port: dovecot.imapPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user: ALICE.user, pass: ALICE.pass },
    logger: false,
  });
  await imap.connect();
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await imap?.logout().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  await dovecot?.stop();
});

describe('sharing a mailbox in Chromium: Alice and Bob', () => {
  let alice: Person;
  let bob: Person;

  it(
    'SHARED-1 Alice shares her mailbox with Bob from the account menu',
    async () => {
      alice = await person('Alice', ALICE);
      bob = await person('Bob', BOB);
      await openFolder(folderByRole(alice.page, 'inbox'));
      await row(alice.page, idOf(3)).waitFor();

      await alice.page.getByTestId('account-menu').click();
      await alice.page.getByTestId('account-share').click();
      const dialog = alice.page.getByTestId('share-dialog');
      await dialog.getByTestId('share-none').waitFor();
      await dialog.getByTestId('share-address').fill(BOB.user);
      await dialog.getByTestId('share-add').click();
      await dialog.getByTestId('share-item').filter({ hasText: BOB.user }).waitFor();
      await screenshot(alice.page, 'share-alice-dialog');
      await dialog.getByTestId('share-close').click();
      await dialog.waitFor({ state: 'hidden' });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SHARED-2 Bob finds “Shared with me: alice@…” in his account menu and sees her Inbox',
    async () => {
      // The menu lists what the Session fetched at page load: Bob reloads, as a user would.
      await bob.page.reload();
      await waitForReady(bob.page);
      await bob.page.getByTestId('account-menu').click();
      const shared = bob.page.getByTestId('account-shared').filter({ hasText: SHARED_LABEL });
      await shared.waitFor();
      await screenshot(bob.page, 'share-bob-menu');
      await Promise.all([bob.page.waitForEvent('load'), shared.click()]);
      await waitForReady(bob.page);
      await waitIdle(bob.page);
      await expect(bob.page.getByTestId('account-current').textContent()).resolves.toContain(
        SHARED_LABEL,
      );
      await openFolder(folderByRole(bob.page, 'inbox'));
      for (let n = 1; n <= 3; n++) await row(bob.page, idOf(n)).waitFor();
      await screenshot(bob.page, 'share-bob-alice-inbox');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SHARED-2 Bob deletes one of Alice’s messages: the server moves it to her Trash and Alice’s app follows by push',
    async () => {
      // Alice's app syncs on push only: no reload, no Sync now on her side.
      await openMessage(bob.page, idOf(1));
      await bob.page.getByText('1 selected').waitFor();
      await bob.page.getByRole('button', { name: 'Delete', exact: true }).click();
      await expect
        .poll(() => onServer(idOf(1)), { timeout: SYNC_WAIT_MS })
        .toMatchObject({ path: 'Trash' });
      await row(alice.page, idOf(1)).waitFor({ state: 'detached', timeout: SYNC_WAIT_MS });
      await openFolder(folderByRole(alice.page, 'trash'));
      await row(alice.page, idOf(1)).waitFor({ timeout: SYNC_WAIT_MS });
      await screenshot(alice.page, 'share-alice-after-bob-delete');
      await openFolder(folderByRole(alice.page, 'inbox'));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SHARED-2 a message delivered to Alice appears in Bob’s open shared view by push',
    async () => {
      // Measured from a quiet start: nothing else may be syncing Bob's view meanwhile.
      await waitIdle(bob.page);
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
      const delivered = Date.now();
      await dovecot.deliver(ALICE.user, message(4, 'Informe 4'));
      await row(bob.page, idOf(4)).waitFor({ timeout: SYNC_WAIT_MS });
      // Reported for the record (ADR 0011), not asserted: the machine is shared.
      console.info(`[share e2e] delivery → row on Bob's screen: ${Date.now() - delivered} ms`);
      await row(alice.page, idOf(4)).waitFor({ timeout: SYNC_WAIT_MS });
      await screenshot(bob.page, 'share-bob-pushed');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SHARED-3 Alice stops sharing: Bob’s next sync says so and his copy stays',
    async () => {
      await alice.page.getByTestId('account-menu').click();
      await alice.page.getByTestId('account-share').click();
      const dialog = alice.page.getByTestId('share-dialog');
      const item = dialog.getByTestId('share-item').filter({ hasText: BOB.user });
      await item.getByTestId('share-remove').click();
      await alice.page.locator('bz-share-dialog').getByTestId('confirm').click();
      await dialog.getByTestId('share-none').waitFor();
      await screenshot(alice.page, 'share-alice-stopped');
      await dialog.getByTestId('share-close').click();

      await bob.page.getByTestId('sync-now').click();
      const status = bob.page.getByTestId('sync-status');
      await status
        .filter({ hasText: `${ALICE.user} no longer shares this mailbox with you` })
        .waitFor({ timeout: SYNC_WAIT_MS });
      for (const n of [2, 3, 4]) await row(bob.page, idOf(n)).waitFor();
      await openMessage(bob.page, idOf(2));
      await screenshot(bob.page, 'share-bob-ended');
    },
    TEST_TIMEOUT_MS,
  );
});
