// SHARED-1…3 in real Chromium: Alice and Bob, each in a browser context of their own, are
// signed in through the UI to one Dovecot through the built server. Alice shares her mailbox
// with Bob from the account menu; Bob opens it from his account menu and sees her mail; his
// change reaches Alice's app by push and the server; a delivery to Alice reaches Bob's open
// shared view by push; when Alice stops sharing, Bob's next sync says so and his copy stays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderByRole, openFolder, openMessage, row } from './support/app.js';
import { screenshot, waitForReady } from './support/browser.js';
import {
  ALICE,
  BOB,
  SYNC_WAIT_MS,
  onServer as heldBy,
  plainMessage,
  signedInPage,
  startMailServer,
  waitIdle,
  type MailServer,
  type MailUser,
  type SignedInPage,
} from './support/mail-server.js';

const SETUP_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 60_000;
/** Lets the syncs that follow the previous step end before a delivery is timed. */
const QUIET_MS = 2000;
const SHARED_LABEL = `Shared with me: ${ALICE.user}`;

let mail: MailServer;

function message(n: number, subject: string): string {
  return plainMessage({
    from: 'Carol <carol@buzon.test>',
    to: ALICE.user,
    subject,
    messageId: `share-e2e-${n}@buzon.test`,
    minute: n,
    body: `Hello number ${n}.`,
  });
}
const idOf = (n: number) => `share-e2e-${n}@buzon.test`;

type Person = SignedInPage;

const person = (name: string, user: MailUser): Promise<Person> => signedInPage(mail, name, user);
/** The folder holding a Message-ID in Alice's mailbox, and its flags. */
const onServer = (messageId: string) => heldBy(mail.imap, messageId);

beforeAll(async () => {
  mail = await startMailServer(ALICE);
  for (let n = 1; n <= 3; n++) await mail.dovecot.deliver(ALICE.user, message(n, `Informe ${n}`));
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await mail?.stop();
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
      await mail.dovecot.deliver(ALICE.user, message(4, 'Informe 4'));
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
