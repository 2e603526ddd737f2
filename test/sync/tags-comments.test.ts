// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// TAG-1 and COMMENT-1 between two devices through the real proxy and a real Dovecot: a tag
// set on device A is an IMAP keyword on the server and shows on device B; a comment written
// on A is a message in the hidden "Buzón comments" folder on the server and shows on B.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMENTS_FOLDER_NAME } from '../../src/store/repos/comments.js';
import { ALICE, startJmapAccount, type JmapAccount } from '../proxy/support/jmap-account.js';
import { flagsOf, messagesIn, sourcesIn } from '../support/imap-look.js';
import { first } from '../state/support/services.js';
import { openDevice, syncUntilSent, type Device } from './support/device.js';

const START_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 60_000;

let account: JmapAccount;

beforeAll(async () => {
  account = await startJmapAccount();
}, START_TIMEOUT_MS);

afterAll(async () => {
  await account?.stop();
});

const MESSAGE_ID = `tags-${Date.now()}@buzon.test`;

async function rowOf(d: Device) {
  const row = (await d.db.emails.toArray()).find((e) => e.messageId === MESSAGE_ID);
  if (!row) throw new Error('the message is not on the device');
  return row;
}

describe('issue 5 tags and comments between two devices', () => {
  it(
    'TAG-1 COMMENT-1 a tag and a comment set on device A reach the server and show on device B',
    async () => {
      await account.dovecot.deliver(
        ALICE.user,
        [
          'From: Bob <bob@buzon.test>',
          `To: ${ALICE.user}`,
          'Subject: Presupuesto 2026',
          `Message-ID: <${MESSAGE_ID}>`,
          'Date: Mon, 02 Mar 2026 09:00:00 +0100',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Adjunto el presupuesto.',
          '',
        ].join('\r\n'),
      );
      const a = await openDevice(account, { name: 'buzon-account-a' });
      const b = await openDevice(account, { name: 'buzon-account-b' });
      await syncUntilSent(a);
      await syncUntilSent(b);

      // Device A tags the message with a new tag and Thunderbird's "Work".
      const tagsA = await (a.services.tags as NonNullable<typeof a.services.tags>)();
      const tag = await tagsA.createTag('Proyecto X', '#123456');
      const rowA = await rowOf(a);
      await tagsA.setTag([rowA.id], tag.keyword, true);
      await tagsA.setTag([rowA.id], '$label2', true);
      await syncUntilSent(a);
      const flags = await flagsOf(account.dovecot, ALICE, 'INBOX', MESSAGE_ID);
      expect(flags).toEqual(expect.arrayContaining(['proyecto_x', '$label2']));

      // Device A comments it.
      const commentsA = await (a.services.comments as NonNullable<typeof a.services.comments>)();
      await commentsA.setComment(rowA.id, 'Revisar con Ana antes del viernes');
      await syncUntilSent(a);
      const hidden = await messagesIn(account.dovecot, ALICE, COMMENTS_FOLDER_NAME);
      expect(hidden.map((m) => m.subject)).toEqual(['Buzón comment']);
      const [source] = await sourcesIn(account.dovecot, ALICE, COMMENTS_FOLDER_NAME);
      const text = new TextDecoder().decode(source);
      expect(text).toContain(`X-Buzon-Comment-For: <${MESSAGE_ID}>`);

      // Device B: the keywords are tags (Work by name; the new one by its keyword), and the
      // comment shows on the message while its folder stays out of the tree.
      await syncUntilSent(b);
      const tagsB = await (b.services.tags as NonNullable<typeof b.services.tags>)();
      const rowB = await rowOf(b);
      const shown = await first(tagsB.observeMessageTags(rowB.id));
      expect(shown.map((t) => t.name).sort()).toEqual(['Work', 'proyecto_x']);
      const commentsB = await (b.services.comments as NonNullable<typeof b.services.comments>)();
      await expect
        .poll(async () => (await first(commentsB.observeComment(rowB.id)))?.text, {
          timeout: 10_000,
        })
        .toBe('Revisar con Ana antes del viernes');

      // B edits the comment: the server keeps one comment message, with the new text.
      await commentsB.setComment(rowB.id, 'Hecho');
      await syncUntilSent(b);
      const after = await sourcesIn(account.dovecot, ALICE, COMMENTS_FOLDER_NAME);
      expect(after).toHaveLength(1);
      expect(new TextDecoder().decode(after[0])).toContain('Hecho');
      await syncUntilSent(a);
      await expect
        .poll(async () => (await first(commentsA.observeComment(rowA.id)))?.text, {
          timeout: 10_000,
        })
        .toBe('Hecho');
      a.close();
      b.close();
    },
    TEST_TIMEOUT_MS,
  );
});
