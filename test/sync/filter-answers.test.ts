// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// FILTER-1 "forward" and "reply with a template" really send: a message delivered to Alice
// matches a filter on the incoming path (FILTER-3), whose executor answers it through the
// real compose service and Outbox; the sync sends through the proxy to an SMTP server that
// delivers to Dovecot. What counts is what the peers receive: Carol the original, whole and
// unchanged, attached as message/rfc822; the sender the template's text, threaded under
// his message; each once, with the user's Sent holding both. And an automatic reply goes to
// people only: not to automatic mail, lists, bounces or the user herself (RFC 3834).
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Filter } from '../../src/filters/model.js';
import { createInlineParser } from '../../src/mail/parse.js';
import { writeFilterSettings } from '../../src/state/filters/storage.js';
import { createIncomingDrain } from '../../src/state/incoming/wiring.js';
import type { ComposeService, NoticeKind, OutboxItem } from '../../src/state/types.js';
import { getBody } from '../../src/store/repos/emails.js';
import type { JmapAccount } from '../proxy/support/jmap-account.js';
import { ALICE } from '../proxy/support/jmap-account.js';
import { first } from '../state/support/services.js';
import { flagsOf, messagesIn, sourcesIn } from '../support/imap-look.js';
import { openDevice, type Device } from './support/device.js';
import {
  BOB,
  composerFor,
  FROM,
  RIG_START_TIMEOUT_MS,
  startSendingRig,
  type SendingRig,
} from './support/sending-rig.js';

const TEST_TIMEOUT_MS = 60_000;
/** Passes until nothing is left to send: the Outbox, then the answered/forwarded keywords. */
const MAX_PASSES = 4;
/** An address outside the test domain: the SMTP server records it and delivers nowhere. */
const CAROL = 'carol@example.org';

const MESSAGE_ID = `pedido-${Date.now()}@buzon.test`;
const ORIGINAL = [
  `From: Bob Peña <${BOB.user}>`,
  `To: ${ALICE.user}`,
  'Subject: Pedido 2026-117: ¿cuándo llega?',
  `Message-ID: <${MESSAGE_ID}>`,
  'Date: Mon, 02 Mar 2026 09:00:00 +0100',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: 8bit',
  '',
  'Hola Alice, ¿sabes cuándo llega el pedido? Gracias.',
  '',
].join('\r\n');

let rig: SendingRig;
const notices: { kind: NoticeKind; message: string }[] = [];

beforeAll(async () => {
  rig = await startSendingRig({ name: 'filter-answers' });
}, RIG_START_TIMEOUT_MS);

afterAll(async () => {
  await rig?.stop();
});

/** Syncs until no op and no unsent message is left (a send, then its keywords). */
async function syncUntilSent(d: Device, c: ComposeService): Promise<OutboxItem[]> {
  for (let i = 0; i < MAX_PASSES; i++) {
    expect(await d.engine.sync()).toBe('done');
    const items = await first(c.observeOutbox());
    if ((await d.db.ops.count()) === 0 && items.every((o) => o.state === 'sent')) return items;
  }
  throw new Error(
    `left after ${MAX_PASSES} passes: ops ${JSON.stringify(await d.db.ops.toArray())}, ` +
      `outbox ${JSON.stringify(await first(c.observeOutbox()))}`,
  );
}

function filterOf(templateId: string): Filter {
  return {
    id: 'f-pedidos',
    description: 'Pedidos: a Carol, y acuse al cliente',
    active: true,
    join: 'all',
    conditions: [{ field: 'subject', op: 'contains', negate: false, value: 'pedido' }],
    actions: [
      { type: 'forward', to: CAROL },
      { type: 'reply', templateId },
    ],
  };
}

/**
 * The body of the one message/rfc822 part of a multipart message, decoded from its transfer
 * encoding — the CRLF before a boundary belongs to the boundary (RFC 2046 §5.1.1).
 */
function rfc822PartOf(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(text)?.[1];
  if (!boundary) throw new Error('not a multipart message');
  const parts = text.split(`\r\n--${boundary}`);
  const part = parts.find((p) =>
    /^content-type:\s*message\/rfc822/im.exec(p.split('\r\n\r\n')[0] ?? ''),
  );
  if (part === undefined) throw new Error('no message/rfc822 part');
  const split = part.indexOf('\r\n\r\n');
  const head = part.slice(0, split);
  const body = Buffer.from(part.slice(split + 4), 'latin1');
  return /^content-transfer-encoding:\s*base64/im.test(head)
    ? Buffer.from(body.toString('latin1'), 'base64')
    : body;
}

const submissionsTo = (address: string) =>
  rig.sink.submissions.filter((s) => s.rcptTo.some((r) => r.toLowerCase() === address));

/** A device of Alice's whose incoming mail runs `filter`, answering with a saved template. */
async function answeringDevice(
  name: string,
  filter: (templateId: string, templateMessageId?: string) => Filter,
  /** `before-sync`: the filter names the template while it still has its local id. */
  pick: 'after-sync' | 'before-sync' = 'after-sync',
): Promise<{ d: Device; c: ComposeService; drain: () => Promise<number> }> {
  // The proxy's own account: incoming Inbox mail is queued for the filters, as in the app.
  const d = await openDevice({ buzon: rig.buzon } as unknown as JmapAccount, {
    name: `buzon-account-${name}`,
    queueIncoming: true,
  });
  const c = composerFor(d);
  await syncUntilSent(d, c);
  // The template the filter answers with; the editor offers it once it is in Templates.
  const saved = await c.saveTemplate(FROM, {
    to: [],
    cc: [],
    bcc: [],
    subject: `Acuse de recibo (${name})`,
    text: 'Hola {{firstName}}, hemos recibido tu mensaje y te respondemos pronto.\n',
  });
  const local = (await c.listTemplates()).find((t) => t.id === saved);
  if (pick === 'before-sync') {
    if (!local?.messageId) throw new Error('the template has no Message-ID');
    await writeFilterSettings(d.db, { filters: [filter(local.id, local.messageId)] });
  }
  await syncUntilSent(d, c);
  const template = (await c.listTemplates()).find((t) => t.subject === local?.subject);
  if (!template) throw new Error('the template was not saved');
  if (pick === 'before-sync') {
    // Sync gave it the server's id: the filter's id now names nothing.
    expect(template.id).not.toBe(local?.id);
  } else await writeFilterSettings(d.db, { filters: [filter(template.id)] });
  const drain = createIncomingDrain({
    db: d.db,
    now: Date.now,
    parser: createInlineParser(),
    body: (id) => getBody(d.db, id),
    spam: d.services.spam as NonNullable<typeof d.services.spam>,
    // No script is installed on this server: the app is what filters.
    serverFilters: true,
    compose: () => Promise.resolve(c),
    notify: (kind, message) => notices.push({ kind, message }),
  });
  return { d, c, drain: () => drain(new AbortController().signal) };
}

describe('filter answers through real peers (FILTER-1, FILTER-3)', () => {
  it(
    'FILTER-1 FILTER-3 a matching incoming message is forwarded whole to Carol and answered with a template to its sender, once each',
    async () => {
      const { d, c, drain } = await answeringDevice('filter-answers', filterOf);
      await rig.dovecot.deliver(ALICE.user, ORIGINAL);
      await syncUntilSent(d, c);
      expect(await d.db.incomingQueue.count()).toBe(1);
      expect(await drain()).toBe(1);
      expect(notices).toEqual([]);
      const sent = await syncUntilSent(d, c);
      // The Outbox as the user sees it: both left, named as they were addressed.
      expect(sent.map((o) => o.recipients.join(', ')).sort()).toEqual(['Bob Peña', CAROL]);

      // What the server holds as the original: the bytes Carol must get inside the forward.
      const [serverCopy] = (await sourcesIn(rig.dovecot, ALICE, 'INBOX')).filter((raw) =>
        new TextDecoder().decode(raw).includes(MESSAGE_ID),
      );
      if (!serverCopy) throw new Error('the original is not in INBOX');

      // Carol: one message from Alice, the original attached whole as message/rfc822.
      const toCarol = submissionsTo(CAROL);
      expect(toCarol).toHaveLength(1);
      expect(toCarol[0]?.rcptTo).toEqual([CAROL]);
      const forward = await PostalMime.parse(new Uint8Array(toCarol[0]?.raw ?? []), {
        forceRfc822Attachments: true,
      });
      expect(forward.from?.address).toBe(ALICE.user);
      expect(forward.to?.map((a) => a.address)).toEqual([CAROL]);
      expect(forward.subject).toBe('Fwd: Pedido 2026-117: ¿cuándo llega?');
      expect(forward.attachments.map((a) => a.mimeType)).toEqual(['message/rfc822']);
      // Byte for byte, as the wire carries it (postal-mime rewrites line ends in what it decodes).
      const inside = rfc822PartOf(toCarol[0]?.raw ?? Buffer.alloc(0));
      expect(inside.equals(Buffer.from(serverCopy))).toBe(true);

      // Bob: the template's text, filled in for him, threaded under his message.
      const toBob = submissionsTo(BOB.user);
      expect(toBob).toHaveLength(1);
      expect(toBob[0]?.rcptTo).toEqual([BOB.user]);
      const bobs = (await rig.bobsMail()).filter((m) => m.parsed.inReplyTo === `<${MESSAGE_ID}>`);
      expect(bobs).toHaveLength(1);
      const reply = bobs[0]?.parsed;
      expect(reply?.from?.address).toBe(ALICE.user);
      expect(reply?.to?.map((a) => a.address)).toEqual([BOB.user]);
      expect(reply?.subject).toBe('Re: Pedido 2026-117: ¿cuándo llega?');
      expect(reply?.references).toContain(`<${MESSAGE_ID}>`);
      // RFC 3834 §5: software sent it, so other responders do not answer it back.
      expect(reply?.headers.find((h) => h.key === 'auto-submitted')?.value).toBe('auto-replied');
      expect(
        reply?.text?.startsWith('Hola Bob, hemos recibido tu mensaje y te respondemos pronto.'),
      ).toBe(true);
      expect(reply?.text).toContain('> Hola Alice, ¿sabes cuándo llega el pedido? Gracias.');

      // Alice's Sent holds both; the original shows as answered and forwarded everywhere.
      const inSent = (await messagesIn(rig.dovecot, ALICE, 'Sent')).map((m) => m.subject).sort();
      expect(inSent).toEqual([
        'Fwd: Pedido 2026-117: ¿cuándo llega?',
        'Re: Pedido 2026-117: ¿cuándo llega?',
      ]);
      expect(await flagsOf(rig.dovecot, ALICE, 'INBOX', MESSAGE_ID)).toEqual(
        expect.arrayContaining(['\\answered', '$forwarded']),
      );
      // Another pass sends nothing again.
      const before = rig.sink.submissions.length;
      await syncUntilSent(d, c);
      expect(rig.sink.submissions).toHaveLength(before);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );
  it(
    'FILTER-1 TEMPLATE-1 a template picked before it reached the server still answers: the filter finds it by its Message-ID',
    async () => {
      const { d, c, drain } = await answeringDevice(
        'filter-answers-rekeyed',
        (templateId, templateMessageId) => ({
          id: 'f-acuse-pronto',
          description: 'Acuse de consultas',
          active: true,
          join: 'all',
          conditions: [{ field: 'subject', op: 'contains', negate: false, value: 'consulta' }],
          actions: [
            templateMessageId
              ? { type: 'reply', templateId, templateMessageId }
              : { type: 'reply', templateId },
          ],
        }),
        'before-sync',
      );
      const person = 'eva@cliente.example';
      const id = `consulta-${Date.now()}@cliente.example`;
      await rig.dovecot.deliver(
        ALICE.user,
        [
          `From: Eva <${person}>`,
          `To: ${ALICE.user}`,
          'Subject: Una consulta',
          `Message-ID: <${id}>`,
          'Date: Mon, 02 Mar 2026 11:00:00 +0100',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Hola.',
          '',
        ].join('\r\n'),
      );
      await syncUntilSent(d, c);
      const before = notices.length;
      const submitted = rig.sink.submissions.length;
      expect(await drain()).toBe(1);
      expect(notices.slice(before)).toEqual([]);
      await syncUntilSent(d, c);
      const answers = rig.sink.submissions.slice(submitted);
      expect(answers.map((s) => s.rcptTo)).toEqual([[person]]);
      const reply = await PostalMime.parse(new Uint8Array(answers[0]?.raw ?? []));
      expect(reply.inReplyTo).toBe(`<${id}>`);
      expect(reply.text?.startsWith('Hola Eva, hemos recibido tu mensaje')).toBe(true);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );
  it(
    'FILTER-1 ACCOUNT-2 an automatic reply goes to a person only: never to automatic mail, a list, a bounce or the user herself, plus-addresses included (RFC 3834)',
    async () => {
      const { d, c, drain } = await answeringDevice('filter-answers-auto', (templateId) => ({
        id: 'f-acuse',
        description: 'Acuse de pedidos',
        active: true,
        join: 'all',
        conditions: [{ field: 'subject', op: 'contains', negate: false, value: 'pedido' }],
        actions: [{ type: 'reply', templateId }],
      }));
      const mail = (from: string, subject: string, extra: string[] = []) =>
        [
          `From: ${from}`,
          `To: ${ALICE.user}`,
          `Subject: ${subject}`,
          `Message-ID: <${subject.replace(/\W+/g, '-')}-${Date.now()}@buzon.test>`,
          'Date: Mon, 02 Mar 2026 10:00:00 +0100',
          ...extra,
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Texto.',
          '',
        ].join('\r\n');
      const person = 'dani@cliente.example';
      await rig.dovecot.deliver(
        ALICE.user,
        mail('Tienda <no-reply@tienda.example>', 'Re: tu pedido', ['Auto-Submitted: auto-replied']),
      );
      await rig.dovecot.deliver(
        ALICE.user,
        mail('Ana <ana@lista.example>', 'Pedido colectivo', [
          'List-Id: Compras <compras.lista.example>',
          'Precedence: list',
        ]),
      );
      // A bounce: its envelope sender is empty, so Dovecot writes `Return-Path: <>`.
      await rig.dovecot.deliver(
        ALICE.user,
        mail('Mail Delivery System <postmaster@tienda.example>', 'Undelivered: pedido 12'),
        { from: '' },
      );
      await rig.dovecot.deliver(ALICE.user, mail(`Alice <${ALICE.user}>`, 'Pedido de prueba'));
      // ACCOUNT-2: her plus-address is hers too.
      const alias = ALICE.user.replace('@', '+pruebas@');
      await rig.dovecot.deliver(ALICE.user, mail(`Alice <${alias}>`, 'Pedido desde mi alias'));
      await rig.dovecot.deliver(ALICE.user, mail(`Dani <${person}>`, 'Pedido 99'));
      await syncUntilSent(d, c);
      expect(await d.db.incomingQueue.count()).toBe(6);
      const before = notices.length;
      const submitted = rig.sink.submissions.length;
      expect(await drain()).toBe(6);
      // Not answering automatic mail is the rule, not a failure to report.
      expect(notices.slice(before)).toEqual([]);
      await syncUntilSent(d, c);
      const answered = rig.sink.submissions.slice(submitted).map((s) => s.rcptTo);
      expect(answered).toEqual([[person]]);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );
});
