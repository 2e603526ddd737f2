// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// Attachments through real peers (issue 4): files sent from the composer's service, a
// forward that carries the original's attachments, a forward as .eml, and the SMTP SIZE
// check — through the proxy to an SMTP server that delivers to Dovecot, read back from
// the recipient's mailbox with postal-mime and Python's strict email parser.
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageTooLargeError } from '../../src/state/compose-errors.js';
import type { ComposeService, DraftInput } from '../../src/state/types.js';
import { inspectWithPython, pyLeaves, pyShape } from '../mail/mime/python-strict.js';
import { ALICE } from '../proxy/support/jmap-account.js';
import type { Device } from './support/device.js';
import {
  BOB,
  composerFor,
  FROM,
  RIG_START_TIMEOUT_MS,
  startSendingRig,
  type SendingRig,
} from './support/sending-rig.js';

const TEST_TIMEOUT_MS = 30_000;
/** The sink's advertised SIZE: small, so a test can exceed it without moving 50 MB. */
const SINK_SIZE = 512 * 1024;

let rig: SendingRig;
let serial = 0;

beforeAll(async () => {
  rig = await startSendingRig({ name: 'attach', sink: { maxSize: SINK_SIZE } });
}, RIG_START_TIMEOUT_MS);

afterAll(async () => {
  await rig?.stop();
});

const device = () => rig.device();

/** The device's compose service, with the server's SIZE; messages leave at the next pass. */
function composer(d: Device): ComposeService {
  return composerFor(d, {
    smtpSizeLimit: async () => {
      const { fetchSmtpSizeLimit } = await import('../../src/sync/identities.js');
      return fetchSmtpSizeLimit(d.client);
    },
  });
}

function draft(subject: string, extra: Partial<DraftInput> = {}): DraftInput {
  return {
    to: [{ name: 'Bob Peña', address: BOB.user }],
    cc: [],
    bcc: [],
    subject,
    text: 'Te lo mando adjunto.\n',
    ...extra,
  };
}

/** Bob's copy of the message with this subject, exactly as his server holds it. */
async function bobsCopy(subject: string): Promise<Uint8Array> {
  const hit = (await rig.bobsMail()).find((m) => m.parsed.subject === subject);
  if (!hit) throw new Error(`Bob has no message "${subject}"`);
  return hit.raw;
}

function must<T>(v: T | undefined): T {
  if (v === undefined) throw new Error('missing');
  return v;
}

/** Bytes no text encoding would leave alone: every octet value. */
const BINARY = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) % 256);

describe('issue 4 attachments through real peers', () => {
  it(
    'ATTACH-1 a file sent from the composer reaches the recipient with its Spanish name and exact bytes',
    async () => {
      const d = await device();
      const subject = `Presupuesto ${++serial} con adjunto`;
      await composer(d).send(
        FROM,
        draft(subject, {
          attachments: [
            { filename: 'Presupuesto año 2026.pdf', type: 'application/pdf', bytes: BINARY },
          ],
        }),
      );
      expect(await d.engine.sync()).toBe('done');
      const raw = await bobsCopy(subject);
      const parsed = await PostalMime.parse(raw);
      expect(parsed.text?.trim()).toBe('Te lo mando adjunto.');
      expect(parsed.attachments.map((a) => [a.filename, a.mimeType])).toEqual([
        ['Presupuesto año 2026.pdf', 'application/pdf'],
      ]);
      expect([...new Uint8Array(parsed.attachments[0]?.content as ArrayBuffer)]).toEqual([
        ...BINARY,
      ]);
      const py = must(inspectWithPython([raw])[0]);
      expect(pyShape(py.body)).toBe('multipart/mixed(text/plain,application/pdf)');
      expect(pyLeaves(py.body)[1]?.filename).toBe('Presupuesto año 2026.pdf');
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SEND-6 Forward carries the original attachments; Forward as attachment carries the original whole',
    async () => {
      const n = ++serial;
      const id = `forward-${n}@example.org`;
      const original = [
        `From: Carla Ruiz <carla@example.org>`,
        `To: ${ALICE.user}`,
        `Subject: Factura ${n}`,
        `Message-ID: <${id}>`,
        'Date: Mon, 02 Mar 2026 09:00:00 +0100',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Aquí tienes la factura.',
        '--b1',
        'Content-Type: application/pdf; name="factura.pdf"',
        'Content-Disposition: attachment; filename="factura.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from(BINARY).toString('base64').replace(/.{76}/g, '$&\r\n'),
        '--b1--',
        '',
      ].join('\r\n');
      await rig.dovecot.deliver(ALICE.user, original);
      const d = await device();
      const row = (await d.db.emails.toArray()).find((e) => e.messageId === id);
      const opened = await d.services.reader.openMessage(row?.id ?? '');
      if (!('summary' in opened.parsed)) throw new Error('the original did not parse');
      const c = composer(d);

      const inline = await c.respond({ id: row?.id ?? '', parsed: opened.parsed }, 'forward');
      expect(inline.draft.attachments?.map((a) => a.filename)).toEqual(['factura.pdf']);
      await c.send(FROM, { ...inline.draft, to: [{ name: '', address: BOB.user }] });

      const whole = await c.respond(
        { id: row?.id ?? '', parsed: opened.parsed },
        'forward-attached',
      );
      expect(whole.draft.subject).toBe(`Fwd: Factura ${n}`);
      await c.send(FROM, {
        ...whole.draft,
        subject: `${whole.draft.subject} (eml)`,
        to: [{ name: '', address: BOB.user }],
      });
      expect(await d.engine.sync()).toBe('done');

      const forwarded = await PostalMime.parse(await bobsCopy(`Fwd: Factura ${n}`));
      expect(forwarded.text).toContain('Aquí tienes la factura.');
      expect(forwarded.attachments.map((a) => a.filename)).toEqual(['factura.pdf']);
      expect([...new Uint8Array(forwarded.attachments[0]?.content as ArrayBuffer)]).toEqual([
        ...BINARY,
      ]);

      const asEml = await bobsCopy(`Fwd: Factura ${n} (eml)`);
      const py = must(inspectWithPython([asEml])[0]);
      expect(pyShape(py.body)).toMatch(/^multipart\/mixed\(text\/plain,message\/rfc822/);
      const eml = await PostalMime.parse(asEml, { rfc822Attachments: true });
      expect(eml.attachments.map((a) => [a.mimeType, a.filename])).toEqual([
        ['message/rfc822', `Factura ${n}.eml`],
      ]);
      // On the wire, the original as Alice's server holds it (after the trace fields its
      // delivery added): its own headers and its own attachment, byte for byte.
      const wire = new TextDecoder().decode(asEml);
      expect(wire).toContain(`Delivered-To: ${ALICE.user}`);
      expect(wire).toContain(original);
      // And the original is marked Forwarded.
      expect((await d.db.emails.get(row?.id ?? ''))?.keywords['$forwarded']).toBe(true);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SEND-3 SEND-4 a rich message reaches Bob as text + HTML with its picture inline (cid:), and a rich draft reopens rich',
    async () => {
      const d = await device();
      const c = composer(d);
      const subject = `Con formato ${++serial}`;
      const png = Uint8Array.from(
        Buffer.from(
          'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
          'base64',
        ),
      );
      const html =
        '<p>Hola <strong>Bob</strong>, mira el <span style="color: #c00000">plano</span>:</p>' +
        '<ul><li><p>cocina</p></li></ul><p><img src="cid:plano-1@buzon" alt="plano"></p>';
      const written = draft(subject, {
        text: 'Hola Bob, mira el plano:\n\n- cocina\n\n[plano]\n',
        html,
        attachments: [
          { filename: 'plano.png', type: 'image/png', bytes: png, contentId: 'plano-1@buzon' },
          { filename: 'presupuesto.pdf', type: 'application/pdf', bytes: BINARY },
        ],
      });
      await c.send(FROM, written);
      expect(await d.engine.sync()).toBe('done');
      const raw = await bobsCopy(subject);
      const parsed = await PostalMime.parse(raw);
      expect(parsed.html).toContain('<strong>Bob</strong>');
      expect(parsed.html).toContain('src="cid:plano-1@buzon"');
      expect(parsed.text).toContain('- cocina');
      const image = parsed.attachments.find((a) => a.contentId === '<plano-1@buzon>');
      expect(image?.related).toBe(true);
      expect([...new Uint8Array(image?.content as ArrayBuffer)]).toEqual([...png]);
      const py = must(inspectWithPython([raw])[0]);
      expect(pyShape(py.body)).toBe(
        'multipart/mixed(multipart/alternative(text/plain,multipart/related(text/html,image/png)),application/pdf)',
      );

      const draftId = await c.saveDraft(FROM, { ...written, subject: `${subject} (borrador)` });
      expect(await d.engine.sync()).toBe('done');
      const [saved] = await d.db.emails.where('messageId').equals(draftId).toArray();
      const opened = await d.services.reader.openMessage(saved?.id ?? '');
      if (!('summary' in opened.parsed)) throw new Error('the draft did not parse');
      const { draft: again } = await c.editDraft({ id: saved?.id ?? '', parsed: opened.parsed });
      expect(again.html).toContain('<strong>Bob</strong>');
      expect(again.attachments?.map((a) => [a.filename, a.contentId ?? null])).toEqual([
        ['presupuesto.pdf', null],
        ['plano.png', 'plano-1@buzon'],
      ]);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SEND-2 ATTACH-1 a draft saved with an attachment reopens with it after a sync',
    async () => {
      const d = await device();
      const c = composer(d);
      const subject = `Borrador ${++serial} con adjunto`;
      const file = { filename: 'plano cocina.png', type: 'image/png', bytes: BINARY };
      const draftId = await c.saveDraft(FROM, draft(subject, { attachments: [file] }));
      expect(await d.engine.sync()).toBe('done');
      const [saved] = await d.db.emails.where('messageId').equals(draftId).toArray();
      const opened = await d.services.reader.openMessage(saved?.id ?? '');
      if (!('summary' in opened.parsed)) throw new Error('the draft did not parse');
      const { draft: again } = await c.editDraft({ id: saved?.id ?? '', parsed: opened.parsed });
      expect(again.attachments?.map((a) => [a.filename, a.type])).toEqual([
        ['plano cocina.png', 'image/png'],
      ]);
      expect([...(again.attachments?.[0]?.bytes ?? [])]).toEqual([...BINARY]);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "SEND-12 a message over the server's SMTP SIZE is refused before it is queued, with the limit",
    async () => {
      const d = await device();
      const c = composer(d);
      expect(await c.maxMessageBytes()).toBe(SINK_SIZE);
      const big = new Uint8Array(SINK_SIZE);
      const subject = `Demasiado grande ${++serial}`;
      const sent = c.send(
        FROM,
        draft(subject, { attachments: [{ filename: 'video.mp4', type: 'video/mp4', bytes: big }] }),
      );
      await expect(sent).rejects.toBeInstanceOf(MessageTooLargeError);
      await expect(sent).rejects.toMatchObject({ limit: SINK_SIZE });
      expect(await d.db.outbox.count()).toBe(0);
      expect(rig.sink.submissions.some((s) => s.raw.toString('utf8').includes(subject))).toBe(
        false,
      );
      d.close();
    },
    TEST_TIMEOUT_MS,
  );
});
