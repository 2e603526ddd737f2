// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// Sending from the Outbox (issue 4, ADR 0018) in Node against the real proxy, Dovecot and
// an SMTP sink that delivers to Dovecot over LMTP: what the recipient's server receives,
// the copy in Sent, Undo send, offline sending, a refusal, and exactly one delivery when
// the answer to the send is lost after the server acted on it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComposeService, UNDO_SEND_MS } from '../../src/state/compose-service.js';
import { createInlineParser } from '../../src/mail/parse.js';
import type { ComposeService, DraftInput, OutboxItem } from '../../src/state/types.js';
import { startDovecot, type DovecotInstance } from '../support/dovecot/index.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { flagsOf, messagesIn } from '../support/imap-look.js';
import { dovecotProvider, startBuzon, type RunningBuzon } from '../proxy/support/buzon.js';
import type { JmapAccount } from '../proxy/support/jmap-account.js';
import { ALICE } from '../proxy/support/jmap-account.js';
import { first } from '../state/support/services.js';
import { openDevice, type Device } from './support/device.js';
import { bodyOf } from '../support/bodies.js';

const START_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 30_000;
const BOB = { user: 'bob@buzon.test', pass: 'bob-secret' };
const FROM = { name: 'Alice Muñoz', address: ALICE.user };

let dovecot: DovecotInstance;
let sink: SmtpSink;
let buzon: RunningBuzon;
let serial = 0;

/** A compose service whose messages are past their undo window at once (sent at the next pass). */
function composer(device: Device, clock = () => Date.now() - UNDO_SEND_MS - 1): ComposeService {
  return createComposeService({ db: device.db, account: { username: ALICE.user }, now: clock });
}

function draft(to = BOB.user): DraftInput {
  serial++;
  return {
    to: [{ name: 'Bob Peña', address: to }],
    cc: [],
    bcc: [],
    subject: `Presupuesto ${serial} — año 2026`,
    text: `Hola Bob,\n\naquí va el presupuesto ${serial}.\n\nAlice`,
  };
}

async function outbox(c: ComposeService): Promise<OutboxItem[]> {
  return first(c.observeOutbox());
}

/** What Bob's INBOX holds: the subjects of its messages, as his IMAP client decodes them. */
async function bobsInbox(): Promise<string[]> {
  return (await messagesIn(dovecot, BOB, 'INBOX')).map((m) => m.subject);
}

const submissionsWith = (subject: string) =>
  sink.submissions.filter(
    (s) => s.raw.toString('utf8').includes(`Message-ID:`) && decodeSubject(s.raw).includes(subject),
  );

/** The Subject as a recipient reads it (encoded-words decoded by postal-mime). */
function decodeSubject(raw: Buffer): string {
  return decoded.get(raw) ?? '';
}
const decoded = new WeakMap<Buffer, string>();

async function decodeAll(): Promise<void> {
  const { default: PostalMime } = await import('postal-mime');
  for (const s of sink.submissions) {
    if (decoded.has(s.raw)) continue;
    const parsed = await PostalMime.parse(new Uint8Array(s.raw));
    decoded.set(s.raw, parsed.subject ?? '');
  }
}

beforeAll(async () => {
  dovecot = await startDovecot();
  sink = await startSmtpSink({
    users: dovecot.users,
    lmtp: { host: dovecot.host, port: dovecot.lmtpPort },
  });
  buzon = await startBuzon({ providers: [dovecotProvider(dovecot, sink)] });
}, START_TIMEOUT_MS);

afterAll(async () => {
  await buzon?.stop();
  await sink?.stop();
  await dovecot?.stop();
});

async function device(opts: Parameters<typeof openDevice>[1] = {}): Promise<Device> {
  serial++;
  const d = await openDevice({ buzon } as unknown as JmapAccount, {
    name: `buzon-account-outbox-${serial}`,
    ...opts,
  });
  expect(await d.engine.sync()).toBe('done');
  return d;
}

describe('issue 4 the Outbox against Dovecot and an SMTP server', () => {
  it(
    'SEND-1 a message sent reaches the recipients once, with its accents; Bcc is in the Sent copy only',
    async () => {
      const d = await device();
      const c = composer(d);
      const written = { ...draft(), bcc: [{ name: '', address: ALICE.user }] };
      await c.send(FROM, written);
      expect(await d.engine.sync()).toBe('done');
      await decodeAll();
      const mine = submissionsWith(written.subject);
      expect(mine).toHaveLength(1);
      expect([...(mine[0]?.rcptTo ?? [])].sort()).toEqual([ALICE.user, BOB.user].sort());
      // What recipients receive names no Bcc.
      expect(mine[0]?.raw.toString('utf8')).not.toMatch(/^Bcc:/im);
      expect(await bobsInbox()).toContain(written.subject);
      expect((await outbox(c)).map((i) => i.state)).toEqual(['sent']);
      const sentCopy = (await d.db.emails.where('mailboxId').equals('sent').toArray()).find(
        (e) => e.subject === written.subject,
      );
      expect(sentCopy).toBeDefined();
      const body = await bodyOf(d.db, sentCopy?.id ?? '');
      expect(new TextDecoder().decode(body)).toMatch(/^Bcc: .*alice@buzon\.test/im);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SEND-13 Undo send within the window gives the message back and nothing leaves',
    async () => {
      const d = await device();
      const c = composer(d, Date.now);
      const written = draft();
      const id = await c.send(FROM, written);
      expect(await c.undo(id)).toEqual(written);
      expect(await outbox(c)).toEqual([]);
      expect(await d.engine.sync()).toBe('done');
      await decodeAll();
      expect(submissionsWith(written.subject)).toHaveLength(0);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'CONTACTS-1 a message the server sent ranks its recipients for autosuggest; a refused or undone one does not',
    async () => {
      const { listCorrespondents } = await import('../../src/store/repos/contacts.js');
      const d = await device();
      const c = composer(d);
      await c.send(FROM, {
        ...draft(),
        cc: [{ name: 'Carla Ruiz', address: 'carla@example.org' }],
        bcc: [{ name: '', address: 'Dan@Example.org' }],
      });
      await c.send(FROM, draft(`nobody-${serial}@buzon.test`));
      const undone = createComposeService({ db: d.db, account: { username: ALICE.user } });
      await undone.undo(await undone.send(FROM, draft('eve@example.org')));
      expect(await d.engine.sync()).toBe('done');
      const ranked = (await listCorrespondents(d.db)).map((r) => [r.address, r.name, r.count]);
      expect(ranked.sort()).toEqual([
        [BOB.user, 'Bob Peña', 1],
        ['carla@example.org', 'Carla Ruiz', 1],
        ['dan@example.org', '', 1],
      ]);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SEND-13 sent offline, the message waits in the Outbox across a reload and leaves once online',
    async () => {
      let d = await device();
      const c = composer(d);
      const written = draft();
      d.setOffline(true);
      await c.send(FROM, written);
      expect(await d.engine.sync()).toBe('offline');
      expect((await outbox(c))[0]?.state).not.toBe('sent');
      d = await d.reload();
      expect(await d.engine.sync()).toBe('done');
      await decodeAll();
      expect(submissionsWith(written.subject)).toHaveLength(1);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SEND-13 the answer to a send lost after the server sent it: exactly one delivery',
    async () => {
      let lose = true;
      const d = await device({
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
      const c = composer(d);
      const written = draft();
      await c.send(FROM, written);
      expect(await d.engine.sync()).toBe('offline');
      await decodeAll();
      expect(submissionsWith(written.subject)).toHaveLength(1);
      expect(await d.engine.sync()).toBe('done');
      await decodeAll();
      expect(submissionsWith(written.subject)).toHaveLength(1);
      expect((await outbox(c)).map((i) => i.state)).toEqual(['sent']);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SEND-13 a recipient the server refuses: the message fails with the reason, and Retry tries again',
    async () => {
      const d = await device();
      const c = composer(d);
      const written = draft('nobody@buzon.test');
      const id = await c.send(FROM, written);
      expect(await d.engine.sync()).toBe('done');
      const [failed] = await outbox(c);
      expect(failed?.state).toBe('failed');
      expect(failed?.error).toBeTruthy();
      await c.retry(id);
      expect((await outbox(c))[0]?.state).toBe('queued');
      expect(await d.engine.sync()).toBe('done');
      expect((await outbox(c))[0]?.state).toBe('failed');
      await c.discard(id);
      expect(await outbox(c)).toEqual([]);
      // The copy the refused attempt imported into Drafts is not left behind.
      expect(await d.engine.sync()).toBe('done');
      expect((await aliceDrafts()).map((x) => x.subject)).not.toContain(written.subject);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SEND-5 a reply reaches the sender threaded under the original, which shows as answered here and on the server',
    async () => {
      serial++;
      const originalId = `original-${serial}@example.org`;
      const subject = `Pregunta ${serial}`;
      await dovecot.deliver(
        ALICE.user,
        [
          `From: Bob Peña <${BOB.user}>`,
          `To: ${ALICE.user}`,
          `Subject: ${subject}`,
          `Message-ID: <${originalId}>`,
          'Date: Mon, 02 Mar 2026 09:00:00 +0100',
          'Content-Type: text/plain; charset=utf-8',
          '',
          '¿Vienes el lunes?',
          '',
        ].join('\r\n'),
      );
      const d = await device();
      const row = (await d.db.emails.toArray()).find((e) => e.messageId === originalId);
      expect(row).toBeDefined();
      const opened = await d.services.reader.openMessage(row?.id ?? '');
      if (!('summary' in opened.parsed)) throw new Error('the original did not parse');
      const c = composer(d);
      const { from, draft: reply } = await c.respond(
        { id: row?.id ?? '', parsed: opened.parsed },
        'reply',
      );
      expect(reply.to.map((a) => a.address)).toEqual([BOB.user]);
      await c.send(from ?? FROM, { ...reply, text: `Sí, allí estaré.${reply.text}` });
      expect((await d.db.emails.get(row?.id ?? ''))?.keywords['$answered']).toBe(true);
      expect(await d.engine.sync()).toBe('done');
      await decodeAll();
      const [delivered] = submissionsWith(`Re: ${subject}`);
      const text = delivered?.raw.toString('utf8') ?? '';
      expect(text).toMatch(new RegExp(`^In-Reply-To: <${originalId}>`, 'm'));
      expect(text).toMatch(new RegExp(`^References: <${originalId}>`, 'm'));
      // What Bob reads: the quote of his question under Alice's answer.
      const { default: PostalMime } = await import('postal-mime');
      const read = await PostalMime.parse(new Uint8Array(delivered?.raw ?? []));
      expect(read.text).toContain('Sí, allí estaré.');
      expect(read.text).toContain('> ¿Vienes el lunes?');
      // The server holds the \\Answered flag another client would show.
      expect(await flagsOf(dovecot, ALICE, 'INBOX', originalId)).toContain('\\answered');
      d.close();
    },
    TEST_TIMEOUT_MS,
  );
});

/** Subjects in Alice's Drafts on the server, with whether each carries \\Draft. */
async function aliceDrafts(): Promise<{ subject: string; draft: boolean }[]> {
  return (await messagesIn(dovecot, ALICE, 'Drafts')).map((m) => ({
    subject: m.subject,
    draft: m.flags.includes('\\Draft'),
  }));
}

describe('issue 4 priority and read receipts', () => {
  it(
    'SEND-10 SEND-11 a high-priority message asking for a read receipt arrives with both headers',
    async () => {
      const d = await device();
      const c = composer(d);
      const written = { ...draft(), priority: 'high' as const, requestReceipt: true };
      await c.send(FROM, written);
      expect(await d.engine.sync()).toBe('done');
      await decodeAll();
      const raw = submissionsWith(written.subject)[0]?.raw.toString('utf8') ?? '';
      expect(raw).toMatch(/^X-Priority: 2/m);
      expect(raw).toMatch(/^Importance: high/im);
      expect(raw).toMatch(/^Disposition-Notification-To: .*alice@buzon\.test/m);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );
});

describe('issue 4 read receipts (RFC 8098)', () => {
  it(
    'SEND-11 a message asking for a receipt: Yes sends an MDN report to that address, and $MDNSent is set either way',
    async () => {
      serial++;
      const asking = `receipt-${serial}@example.org`;
      const quiet = `receipt-quiet-${serial}@example.org`;
      for (const id of [asking, quiet]) {
        await dovecot.deliver(
          ALICE.user,
          [
            `From: Bob Peña <${BOB.user}>`,
            `To: ${ALICE.user}`,
            `Subject: Acuse ${id}`,
            `Message-ID: <${id}>`,
            `Disposition-Notification-To: ${BOB.user}`,
            'Date: Mon, 02 Mar 2026 09:00:00 +0100',
            'Content-Type: text/plain; charset=utf-8',
            '',
            'Confírmame que lo has visto.',
            '',
          ].join('\r\n'),
        );
      }
      const d = await device();
      const c = composer(d);
      const open = async (messageId: string) => {
        const row = (await d.db.emails.toArray()).find((e) => e.messageId === messageId);
        const opened = await d.services.reader.openMessage(row?.id ?? '');
        if (!('summary' in opened.parsed)) throw new Error('did not parse');
        return { id: row?.id ?? '', parsed: opened.parsed };
      };
      await c.answerReceipt(await open(asking), true);
      await c.answerReceipt(await open(quiet), false);
      expect(await d.engine.sync()).toBe('done');
      await decodeAll();
      const reports = sink.submissions.filter((s) =>
        s.raw.toString('utf8').includes(`Original-Message-ID: <${asking}>`),
      );
      expect(reports).toHaveLength(1);
      expect(reports[0]?.rcptTo).toEqual([BOB.user]);
      const raw = reports[0]?.raw.toString('utf8') ?? '';
      expect(raw).toMatch(
        /^Content-Type: multipart\/report; report-type=disposition-notification;/m,
      );
      expect(raw).toMatch(/^Content-Type: message\/disposition-notification/m);
      expect(raw).toMatch(/^Disposition: manual-action\/MDN-sent-manually; displayed/m);
      expect(raw).toMatch(/^Final-Recipient: rfc822;alice@buzon\.test/m);
      expect(sink.submissions.some((s) => s.raw.toString('utf8').includes(quiet))).toBe(false);
      // Both originals carry $MDNSent on the server: no other client asks again.
      for (const id of [asking, quiet])
        expect(await flagsOf(dovecot, ALICE, 'INBOX', id)).toContain('$mdnsent');
      d.close();
    },
    TEST_TIMEOUT_MS,
  );
});

describe('issue 4 drafts against Dovecot', () => {
  it(
    'SEND-2 a saved draft is in Drafts here and on the server; saving again replaces it; sending removes it',
    async () => {
      const d = await device();
      const c = createComposeService({
        db: d.db,
        account: { username: ALICE.user },
        parser: createInlineParser(),
        now: () => Date.now() - UNDO_SEND_MS - 1,
      });
      const written = draft();
      const draftId = await c.saveDraft(FROM, { ...written, text: 'Primera versión' });
      const local = (await d.db.emails.where('messageId').equals(draftId).toArray())[0];
      expect(local?.mailboxId).toBe('drafts');
      expect(local?.keywords['$draft']).toBe(true);
      expect(await d.engine.sync()).toBe('done');
      const mine = async () => (await aliceDrafts()).filter((x) => x.subject === written.subject);
      expect(await mine()).toEqual([{ subject: written.subject, draft: true }]);

      expect(await c.saveDraft(FROM, { ...written, text: 'Segunda versión', draftId })).toBe(
        draftId,
      );
      expect(await d.db.emails.where('messageId').equals(draftId).count()).toBe(1);
      expect(await d.engine.sync()).toBe('done');
      expect(await mine()).toHaveLength(1);

      // Reopened from Drafts (its row now has the server's id), it comes back as saved.
      const [saved] = await d.db.emails.where('messageId').equals(draftId).toArray();
      const second = saved?.id ?? '';
      const opened = await d.services.reader.openMessage(second);
      if (!('summary' in opened.parsed)) throw new Error('the draft did not parse');
      const { draft: again, from } = await c.editDraft({ id: second, parsed: opened.parsed });
      expect(from?.address).toBe(ALICE.user);
      expect(again).toMatchObject({
        to: written.to,
        subject: written.subject,
        text: 'Segunda versión',
        draftId,
      });

      await c.send(FROM, again);
      expect(await d.engine.sync()).toBe('done');
      await decodeAll();
      expect(submissionsWith(written.subject)).toHaveLength(1);
      expect(await mine()).toEqual([]);
      const left = await d.db.emails.where('mailboxId').equals('drafts').toArray();
      expect(left.filter((e) => e.subject === written.subject)).toEqual([]);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );
});
