// TAG-1 and COMMENT-1 between two devices in real Chromium (issue 5): two browser contexts
// signed in as Alice through the built server on a real Dovecot. Device A creates a tag with a
// colour, tags a delivered message with it and with Thunderbird's "Work", and writes a
// private comment in the reader. The server then holds the keywords on the message and the
// comment as a message in the hidden "Buzón comments" folder; device B shows what ADR 0025
// promises: the tags (the new one under its keyword and grey, as tag definitions stay on the
// device that made them; "Work" with its name and colour everywhere), the comment icon in the
// list and the comment's text in the reader, without the hidden folder in its tree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { COMMENTS_FOLDER_NAME } from '../../src/mail/comment-folder.js';
import { flagsOf, messagesIn, sourcesIn } from '../support/imap-look.js';
import { folderByRole, openFolder, openMessage, row } from './support/app.js';
import { dialog } from './support/actions.js';
import { screenshot } from './support/browser.js';
import {
  ALICE,
  SYNC_WAIT_MS,
  plainMessage,
  signedInPage,
  startMailServer,
  type MailServer,
  type SignedInPage,
} from './support/mail-server.js';

const SETUP_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 90_000;

const MESSAGE_ID = 'presupuesto-2026@buzon.test';
const COMMENT = 'Revisar con Ana antes del viernes — ¿IVA incluido?';
/** The colour A picks for the new tag (B does not learn it: definitions are per device). */
const NEW_TAG_COLOR = '#aa3300';

let mail: MailServer;
let a: SignedInPage;
let b: SignedInPage;

beforeAll(async () => {
  mail = await startMailServer(ALICE);
  await mail.dovecot.deliver(
    ALICE.user,
    plainMessage({
      from: 'Bob Peña <bob@buzon.test>',
      to: ALICE.user,
      subject: 'Presupuesto 2026',
      messageId: MESSAGE_ID,
      minute: 1,
      body: 'Adjunto el presupuesto.',
    }),
  );
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await mail?.stop();
});

/** The tag chips a row or the reader shows, as the user reads them: name and colour. */
async function chips(scope: Locator): Promise<{ name: string; color: string }[]> {
  const found = await scope.getByTestId('tag-chip').evaluateAll((els) =>
    els.map((el) => ({
      name: el.textContent?.trim() ?? '',
      color: getComputedStyle(el.querySelector('.swatch') as Element).backgroundColor,
    })),
  );
  return found.sort((x, y) => x.name.localeCompare(y.name));
}

async function inboxShowing(page: Page): Promise<void> {
  await openFolder(folderByRole(page, 'inbox'));
  await row(page, MESSAGE_ID).waitFor();
}

const serverFlags = () => flagsOf(mail.dovecot, ALICE, 'INBOX', MESSAGE_ID);

describe('issue 5 in Chromium: tags and comments follow the user to another device', () => {
  it(
    'TAG-1 COMMENT-1 device A tags a message (a new tag and Work) and comments it; the server holds the keywords and the comment message',
    async () => {
      a = await signedInPage(mail, 'A', ALICE);
      b = await signedInPage(mail, 'B', ALICE);
      await inboxShowing(a.page);
      await inboxShowing(b.page);
      expect(await chips(row(b.page, MESSAGE_ID))).toEqual([]);

      const reader = await openMessage(a.page, MESSAGE_ID);
      await reader.getByRole('button', { name: 'Tag…' }).click();
      const tagDialog = dialog(a.page, 'Tag the message');
      await tagDialog.waitFor();
      await tagDialog.getByRole('checkbox', { name: 'Work' }).check();
      await tagDialog.getByRole('textbox', { name: 'Name' }).fill('Proyecto X');
      await tagDialog.getByLabel('Colour').fill(NEW_TAG_COLOR);
      await tagDialog.getByRole('button', { name: 'Create and apply' }).click();
      // The new tag's box shows when the tag exists and is ticked once it is applied: under
      // load (CI) the two are a moment apart.
      const created = tagDialog.getByRole('checkbox', { name: 'Proyecto X' });
      await created.waitFor();
      await expect.poll(() => created.isChecked(), { timeout: SYNC_WAIT_MS }).toBe(true);
      await tagDialog.getByRole('button', { name: 'Close' }).click();
      await tagDialog.waitFor({ state: 'hidden' });

      await reader.getByRole('button', { name: 'Add comment' }).click();
      await reader.getByTestId('comment-field').fill(COMMENT);
      await reader.getByRole('button', { name: 'Save comment' }).click();
      await expect.poll(() => reader.getByTestId('comment-text').textContent()).toBe(COMMENT);
      // On A the tag is as A named and coloured it.
      await expect
        .poll(() => chips(row(a.page, MESSAGE_ID)))
        .toEqual([
          { name: 'Proyecto X', color: 'rgb(170, 51, 0)' },
          { name: 'Work', color: 'rgb(255, 153, 0)' },
        ]);
      await row(a.page, MESSAGE_ID).getByTestId('comment-mark').waitFor();

      // The server: the tags are IMAP keywords every client sees…
      await expect
        .poll(serverFlags, { timeout: SYNC_WAIT_MS })
        .toEqual(expect.arrayContaining(['proyecto_x', '$label2']));
      // …and the comment is one message in the hidden folder, naming the message it is for.
      await expect
        .poll(
          async () =>
            (await mail.imap.list()).some((box) => box.path === COMMENTS_FOLDER_NAME) &&
            (await messagesIn(mail.dovecot, ALICE, COMMENTS_FOLDER_NAME)).map((m) => m.subject),
          { timeout: SYNC_WAIT_MS },
        )
        .toEqual(['Buzón comment']);
      const [source] = await sourcesIn(mail.dovecot, ALICE, COMMENTS_FOLDER_NAME);
      const text = new TextDecoder().decode(source);
      expect(text).toContain(`X-Buzon-Comment-For: <${MESSAGE_ID}>`);
      expect(text).toMatch(/^From: .*alice@buzon\.test/m);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'TAG-1 COMMENT-1 device B shows the tags (the new one by its keyword, Work by name and colour), the comment icon in the list and the comment in the reader',
    async () => {
      const listRow = row(b.page, MESSAGE_ID);
      // Push brings A's changes to B without a reload (or a click on Sync now).
      await expect
        .poll(() => chips(listRow), { timeout: SYNC_WAIT_MS })
        .toEqual([
          { name: 'proyecto_x', color: 'rgb(128, 128, 128)' },
          { name: 'Work', color: 'rgb(255, 153, 0)' },
        ]);
      const mark = listRow.getByTestId('comment-mark');
      await mark.waitFor({ timeout: SYNC_WAIT_MS });
      expect(await mark.getAttribute('aria-label')).toBe(`Comment: ${COMMENT}`);
      // The Tags group lists both; the hidden folder is not in the tree.
      const tagItems = b.page.getByTestId('tag-item');
      await expect
        .poll(async () => (await tagItems.allTextContents()).map((t) => t.trim()))
        .toEqual(expect.arrayContaining(['proyecto_x', 'Work']));
      expect(
        await b.page.getByTestId('folder-item').filter({ hasText: COMMENTS_FOLDER_NAME }).count(),
      ).toBe(0);
      await screenshot(b.page, 'tags-comments-b-list');

      const reader = await openMessage(b.page, MESSAGE_ID);
      await expect
        .poll(() => chips(reader.getByTestId('reader-tags')))
        .toEqual([
          { name: 'proyecto_x', color: 'rgb(128, 128, 128)' },
          { name: 'Work', color: 'rgb(255, 153, 0)' },
        ]);
      await expect
        .poll(() => reader.getByTestId('comment-text').textContent(), { timeout: SYNC_WAIT_MS })
        .toBe(COMMENT);
      await screenshot(b.page, 'tags-comments-b-reader');
    },
    TEST_TIMEOUT_MS,
  );
});
