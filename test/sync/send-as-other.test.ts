// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// EXTERNAL-2/3 end to end in Node: Alice has Bob's account as another IMAP account. A
// message written to Bob's address arrives in that account's Inbox on her device; her
// reply goes out from Bob's address (EXTERNAL-3), through the SMTP server signed in as
// Bob, exactly once even when the answer to the send is lost, and its copy ends in Bob's
// own Sent — on the server and on the device.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInlineParser } from '../../src/mail/parse.js';
import { isUnparseable } from '../../src/mail/types.js';
import { createIdentityService } from '../../src/sync/identity-service.js';
import { deliverByLmtp } from '../support/dovecot/lmtp.js';
import { messagesIn } from '../support/imap-look.js';
import { send } from '../proxy/support/buzon.js';
import type { JmapAccount } from '../proxy/support/jmap-account.js';
import { ALICE } from '../proxy/support/jmap-account.js';
import { first } from '../state/support/services.js';
import { openDevice } from './support/device.js';
import {
  BOB,
  composerFor,
  RIG_START_TIMEOUT_MS,
  startSendingRig,
  type SendingRig,
} from './support/sending-rig.js';
import { bodyOf } from '../support/bodies.js';

const TEST_TIMEOUT_MS = 40_000;
const CAROL = { user: 'carol@buzon.test', pass: 'carol-secret' };

let rig: SendingRig;

beforeAll(async () => {
  rig = await startSendingRig({ name: 'send-as-other' });
}, RIG_START_TIMEOUT_MS);

afterAll(async () => {
  await rig?.stop();
});

describe('EXTERNAL-3 replies from another IMAP account', () => {
  it(
    "EXTERNAL-3 a reply to mail written to Bob's account goes out from Bob's address, once, its copy in Bob's Sent",
    async () => {
      // Loses the answer to the first send after the proxy acted on it (SEND-13).
      let lose = true;
      const d = await openDevice({ buzon: rig.buzon } as unknown as JmapAccount, {
        name: 'buzon-account-send-as-other',
        wrapFetch: (next) => async (input, init) => {
          const res = await next(input, init);
          const body = typeof init?.body === 'string' ? init.body : '';
          if (lose && body.includes('EmailSubmission/set')) {
            lose = false;
            throw new TypeError('fetch failed: the connection dropped');
          }
          return res;
        },
      });
      // The device knew Alice's identities before Bob's account was added (as a device
      // does when the account is added on another one): the reply must look again.
      const identities = createIdentityService({
        db: d.db,
        client: d.client,
        username: ALICE.user,
      });
      await identities.refresh();
      expect((await identities.list()).map((i) => i.address)).toEqual([ALICE.user]);
      const added = await send(rig.buzon.origin, 'POST', '/imap-accounts', {
        body: { address: BOB.user, providerId: 'test', username: BOB.user, password: BOB.pass },
        headers: { Cookie: d.cookie, Origin: rig.buzon.origin },
      });
      expect(added.status, added.text).toBe(201);
      const original = [
        'From: Carol Ruiz <carol@buzon.test>',
        `To: Bob <${BOB.user}>`,
        'Subject: ¿Quedamos el jueves?',
        'Message-ID: <jueves-1@buzon.test>',
        'Date: Tue, 02 Jun 2026 09:00:00 +0000',
        'Content-Type: text/plain; charset=utf-8',
        '',
        '¿Te va bien el jueves a las diez?',
        '',
      ].join('\r\n');
      await deliverByLmtp(
        { host: rig.dovecot.host, port: rig.dovecot.lmtpPort },
        [BOB.user],
        original,
      );
      expect(await d.engine.sync()).toBe('done');

      const [row] = await d.db.emails.where('messageId').equals('jueves-1@buzon.test').toArray();
      expect(row).toBeDefined();
      const raw = (await bodyOf(d.db, row?.id as string)) as Uint8Array;
      const parsed = await createInlineParser().parse(raw);
      if (isUnparseable(parsed)) throw new Error('the original did not parse');

      const compose = composerFor(d, {
        identities: () => identities.list(),
        freshIdentities: async () => {
          await identities.refresh();
          return identities.list();
        },
      });
      const reply = await compose.respond({ id: row?.id as string, parsed }, 'reply');
      expect(reply.from?.address).toBe(BOB.user);
      expect(reply.draft.to.map((a) => a.address)).toEqual([CAROL.user]);
      await compose.send(reply.from as NonNullable<typeof reply.from>, reply.draft);

      expect(await d.engine.sync()).toBe('offline');
      expect(await d.engine.sync()).toBe('done');
      const ours = rig.sink.submissions.filter((s) => s.raw.toString('utf8').includes('jueves'));
      expect(ours.map((s) => [s.user, s.mailFrom, s.rcptTo])).toEqual([
        [BOB.user, BOB.user, [CAROL.user]],
      ]);
      expect((await first(compose.observeOutbox())).map((i) => i.state)).toEqual(['sent']);

      // On the servers: Carol got it from Bob; Bob's Sent keeps it; Alice's own Sent does not.
      const carol = await messagesIn(rig.dovecot, CAROL, 'INBOX');
      expect(carol.map((m) => m.subject)).toEqual(['Re: ¿Quedamos el jueves?']);
      expect((await messagesIn(rig.dovecot, BOB, 'Sent')).map((m) => m.subject)).toEqual([
        'Re: ¿Quedamos el jueves?',
      ]);
      expect(await messagesIn(rig.dovecot, ALICE, 'Sent')).toEqual([]);
      // On the device: the copy is in the Sent folder inside Bob's top-level folder.
      const copies = (await d.db.emails.toArray()).filter(
        (e) => e.subject === 'Re: ¿Quedamos el jueves?',
      );
      const boxes = await d.db.mailboxes.toArray();
      const bobTop = boxes.find((m) => m.name === BOB.user);
      const bobSent = boxes.find((m) => m.parentId === bobTop?.id && m.name === 'Sent');
      expect(copies.map((c) => c.mailboxId)).toEqual([bobSent?.id]);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );
});
