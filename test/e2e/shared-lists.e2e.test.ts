// CONTACTS-5 in real Chromium: Alice and Bob, each in a browser context of their own,
// signed in through the UI to one Dovecot through the built server. Alice makes a list in
// her Contacts tool and shares it with Bob (can use); Bob finds it in the address-book
// picker of a new message, marked as Alice's, and it fills his To field; in his Contacts
// tool it is read-only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerPrompt } from './support/actions.js';
import { screenshot } from './support/browser.js';
import {
  ALICE,
  BOB,
  signedInPage,
  startMailServer,
  type MailServer,
  type SignedInPage,
} from './support/mail-server.js';

const SETUP_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 60_000;
const LIST = 'Vecinos del 3º';

let mail: MailServer;
let alice: SignedInPage;
let bob: SignedInPage;

beforeAll(async () => {
  mail = await startMailServer(ALICE);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await mail?.stop();
});

async function openLists(p: SignedInPage): Promise<void> {
  await p.page.getByRole('button', { name: 'Contacts', exact: true }).click();
  await p.page.getByRole('tab', { name: 'Lists' }).click();
}

describe('shared contact lists in Chromium: Alice and Bob (CONTACTS-5)', () => {
  it(
    'CONTACTS-5 Alice makes a list and shares it with Bob from her Contacts tool',
    async () => {
      alice = await signedInPage(mail, 'Alice', ALICE);
      bob = await signedInPage(mail, 'Bob', BOB);
      const page = alice.page;
      await openLists(alice);
      await page.getByTestId('list-new').click();
      await answerPrompt(page, LIST);
      await page.getByTestId('list-item').filter({ hasText: LIST }).click();
      for (const [name, address] of [
        ['Luis Gómez', 'luis@example.org'],
        ['Marta Ruiz', 'marta@example.org'],
      ] as const) {
        await page.getByTestId('member-name').fill(name);
        await page.getByTestId('member-address').fill(address);
        await page.getByTestId('member-add-typed').click();
        await page.getByTestId('list-member').filter({ hasText: address }).waitFor();
      }
      await page.getByTestId('list-share').click();
      const dialog = page.getByTestId('share-list-dialog');
      await dialog.getByTestId('share-list-address').fill(BOB.user);
      await dialog.getByTestId('share-list-add').click();
      await dialog.getByTestId('share-list-person').filter({ hasText: BOB.user }).waitFor();
      await screenshot(page, 'shared-lists-alice-dialog');
      await dialog.getByTestId('share-list-save').click();
      await expect
        .poll(() => page.getByTestId('list-shared').first().textContent(), { timeout: 20_000 })
        .toContain('Shared with 1 person');
      await screenshot(page, 'shared-lists-alice-shared');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'CONTACTS-5 Bob picks Alice’s list in a new message’s address book: it is marked as hers and fills To',
    async () => {
      const page = bob.page;
      await page.getByTestId('compose-button').click();
      await page.getByTestId('compose-pick-to').click();
      const picker = page.getByTestId('address-picker');
      const row = picker.getByTestId('pick-list-row').filter({ hasText: LIST });
      await row.waitFor({ timeout: 20_000 });
      await expect(row.textContent()).resolves.toContain(`Shared by ${ALICE.user}`);
      await screenshot(page, 'shared-lists-bob-picker');
      await row.getByTestId('pick-list').check();
      await expect
        .poll(() => picker.getByTestId('pick-count').textContent())
        .not.toContain('Chosen: 0');
      await picker.getByTestId('pick-ok').click();
      const to = page.getByTestId('compose-to');
      await expect.poll(() => to.inputValue()).toContain('Luis Gómez <luis@example.org>');
      expect(await to.inputValue()).toContain('Marta Ruiz <marta@example.org>');
      await screenshot(page, 'shared-lists-bob-to');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'CONTACTS-5 in Bob’s Contacts tool the list is Alice’s, to use but not to change',
    async () => {
      const page = bob.page;
      await page.getByTestId('compose-discard').click();
      await page.getByTestId('question-confirm').click();
      await page.getByTestId('compose-to').waitFor({ state: 'hidden' });
      await openLists(bob);
      await page.getByTestId('list-item').filter({ hasText: LIST }).click();
      await expect
        .poll(() => page.getByTestId('list-shared').first().textContent())
        .toContain('You can use it');
      for (const id of ['list-rename', 'list-share', 'list-delete']) {
        expect(await page.getByTestId(id).count(), id).toBe(0);
      }
      await expect(page.getByTestId('list-write').count()).resolves.toBe(1);
      await screenshot(page, 'shared-lists-bob-contacts');
    },
    TEST_TIMEOUT_MS,
  );
});
