// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// SPAM-2 through the real proxy to a real Dovecot: "Spam" on a device moves the message to
// the server's Junk folder with the `$Junk` keyword, as any IMAP client (Thunderbird, a
// server-side learner) sees it; "Not spam" moves it back to INBOX with `$NotJunk` and
// without `$Junk`. Flags are compared exactly: the registered case must reach the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, startJmapAccount, type JmapAccount } from '../proxy/support/jmap-account.js';
import { withFolder } from '../support/imap-look.js';
import { openDevice, syncUntilSent, type Device } from './support/device.js';

const START_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 60_000;
/** The server's Spam folder (test/support/dovecot/config.ts: special_use \Junk). */
const JUNK = 'Junk';

let account: JmapAccount;

beforeAll(async () => {
  account = await startJmapAccount();
}, START_TIMEOUT_MS);

afterAll(async () => {
  await account?.stop();
});

const MESSAGE_ID = `spam-${Date.now()}@buzon.test`;

/** The message's IMAP flags exactly as the server shows them, or null when it is not in `folder`. */
async function exactFlags(folder: string): Promise<string[] | null> {
  return withFolder(account.dovecot, ALICE, folder, async (client) => {
    const uids = await client.search({ header: { 'message-id': MESSAGE_ID } }, { uid: true });
    const uid = (uids || [])[0];
    if (uid === undefined) return null;
    const msg = await client.fetchOne(String(uid), { flags: true }, { uid: true });
    return [...((msg && msg.flags) || [])].filter((f) => f !== '\\Recent').sort();
  });
}

async function rowOf(d: Device) {
  const row = (await d.db.emails.toArray()).find((e) => e.messageId === MESSAGE_ID);
  if (!row) throw new Error('the message is not on the device');
  return row;
}

describe('issue 5 spam marks on the server', () => {
  it(
    'SPAM-2 "Spam" moves the message to the server\'s Junk with $Junk; "Not spam" moves it back to INBOX with $NotJunk and without $Junk',
    async () => {
      await account.dovecot.deliver(
        ALICE.user,
        [
          'From: "Best Deals" <offers@deals-4u.example>',
          `To: ${ALICE.user}`,
          'Subject: =?UTF-8?Q?=C2=A1GRATIS!_Gana_un_iPhone_hoy?=',
          `Message-ID: <${MESSAGE_ID}>`,
          'Date: Tue, 12 May 2026 09:13:58 +0200',
          'Content-Type: text/plain; charset=utf-8',
          '',
          '¡Felicidades! Has sido seleccionado. Reclama tu premio.',
          '',
        ].join('\r\n'),
      );
      const d = await openDevice(account, { name: 'buzon-account-spam' });
      await syncUntilSent(d);
      const spam = await (d.services.spam as NonNullable<typeof d.services.spam>)();

      const marked = await spam.markSpam([(await rowOf(d)).id]);
      expect(marked).toMatchObject({ marked: 1, moved: 1, learnt: 1 });
      await syncUntilSent(d);
      expect(await exactFlags('INBOX')).toBeNull();
      expect(await exactFlags(JUNK)).toEqual(['$Junk']);

      const back = await spam.markNotSpam([(await rowOf(d)).id]);
      expect(back).toMatchObject({ marked: 1, moved: 1, learnt: 1 });
      await syncUntilSent(d);
      expect(await exactFlags(JUNK)).toBeNull();
      expect(await exactFlags('INBOX')).toEqual(['$NotJunk']);

      // The device shows what the server holds after the round trip.
      await syncUntilSent(d);
      const row = await rowOf(d);
      expect(row.mailboxId).toBe('inbox');
      expect(row.keywords).toEqual({ $notjunk: true });
      expect(await spam.getModelStats()).toMatchObject({ ham: 1, spam: 0 });
      d.close();
    },
    TEST_TIMEOUT_MS,
  );
});
