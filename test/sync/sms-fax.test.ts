// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// SEND-8, SEND-9 through real peers: SMS and fax recipients next to an e-mail one, sent
// from the compose service through the proxy — an SMS e-mail gateway (the SMTP server
// records what it is handed) and a fax HTTP gateway (a loopback listener records the
// JSON) — and, on a provider with no gateway, a clear account of who was not reached
// while everyone else still gets the message.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRecipients } from '../../src/mail/recipients.js';
import { createComposeService, UNDO_SEND_MS } from '../../src/state/compose-service.js';
import { first } from '../state/support/services.js';
import { startDovecot, type DovecotInstance } from '../support/dovecot/index.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { sourcesIn } from '../support/imap-look.js';
import { dovecotProvider, startBuzon, type RunningBuzon } from '../proxy/support/buzon.js';
import type { JmapAccount } from '../proxy/support/jmap-account.js';
import { ALICE } from '../proxy/support/jmap-account.js';
import { openDevice, type Device } from './support/device.js';

const START_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 30_000;
const BOB = { user: 'bob@buzon.test', pass: 'bob-secret' };
const FROM = { name: 'Alice Muñoz', address: ALICE.user };
const SMS = '32475123456@SMS';
const FAX = '322123456@FAX';
const PDF = new Uint8Array([37, 80, 68, 70, 45, 49, 46, 52, 10]);

let dovecot: DovecotInstance;
let sink: SmtpSink;
/** Provider with an SMS e-mail gateway and a fax webhook. */
let withGateways: RunningBuzon;
/** Provider with neither. */
let without: RunningBuzon;
let faxGateway: Server;
const faxes: Record<string, unknown>[] = [];
let serial = 0;

beforeAll(async () => {
  dovecot = await startDovecot();
  sink = await startSmtpSink({
    users: dovecot.users,
    lmtp: { host: dovecot.host, port: dovecot.lmtpPort },
  });
  faxGateway = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      faxes.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((r) => faxGateway.listen(0, '127.0.0.1', r));
  const { port } = faxGateway.address() as AddressInfo;
  const provider = dovecotProvider(dovecot, sink);
  withGateways = await startBuzon({
    providers: [
      {
        ...provider,
        sms: { emailDomain: 'sms.gateway.test' },
        fax: { webhookUrl: `http://127.0.0.1:${port}/fax` },
      },
    ],
  });
  without = await startBuzon({ providers: [provider] });
}, START_TIMEOUT_MS);

afterAll(async () => {
  await withGateways?.stop();
  await without?.stop();
  await new Promise((r) => faxGateway?.close(r));
  await sink?.stop();
  await dovecot?.stop();
});

async function device(buzon: RunningBuzon): Promise<Device> {
  serial++;
  const d = await openDevice({ buzon } as unknown as JmapAccount, {
    name: `buzon-account-sms-${serial}`,
  });
  expect(await d.engine.sync()).toBe('done');
  return d;
}

function composer(d: Device) {
  return createComposeService({
    db: d.db,
    account: { username: ALICE.user },
    now: () => Date.now() - UNDO_SEND_MS - 1,
  });
}

describe('issue 4 SMS and fax recipients through real gateways', () => {
  it('SEND-8 SEND-9 the format of SMS and fax recipients is checked where they are typed', () => {
    const parsed = parseRecipients(
      `${SMS}, ${FAX}, 0475123456@SMS, 32475@SMS, +32475123456@SMS, 0322123456@FAX`,
    );
    expect(parsed.addresses.map((a) => a.address)).toEqual([SMS, FAX, '0322123456@FAX']);
    // An SMS number is international (no leading 0) and 7–15 digits, nothing else.
    expect(parsed.invalid).toEqual(['0475123456@SMS', '32475@SMS', '+32475123456@SMS']);
  });

  it(
    'SEND-8 SEND-9 Bob gets the message with its attachment, the SMS gateway the text only, the fax gateway the text and the file',
    async () => {
      const d = await device(withGateways);
      const subject = `Cita ${serial} — confirmada`;
      await composer(d).send(FROM, {
        to: [{ name: 'Bob Peña', address: BOB.user }],
        cc: [{ name: '', address: SMS }],
        bcc: [{ name: '', address: FAX }],
        subject,
        text: 'La cita es el lunes a las 10.',
        attachments: [{ filename: 'cita.pdf', type: 'application/pdf', bytes: PDF }],
      });
      expect(await d.engine.sync()).toBe('done');

      const bobs = await Promise.all(
        (await sourcesIn(dovecot, BOB, 'INBOX')).map((raw) => PostalMime.parse(raw)),
      );
      const toBob = bobs.find((m) => m.subject === subject);
      expect(toBob?.attachments.map((a) => a.filename)).toEqual(['cita.pdf']);

      const viaSms = sink.submissions.filter((s) =>
        s.rcptTo.includes('32475123456@sms.gateway.test'),
      );
      expect(viaSms).toHaveLength(1);
      expect(viaSms[0]?.rcptTo).toEqual(['32475123456@sms.gateway.test']);
      const sms = await PostalMime.parse(new Uint8Array(viaSms[0]?.raw ?? []));
      expect(sms.text?.trim()).toBe('La cita es el lunes a las 10.');
      expect(sms.attachments).toEqual([]);

      const fax = faxes.find((f) => f['subject'] === subject);
      expect(fax).toMatchObject({
        kind: 'fax',
        to: '322123456',
        from: ALICE.user,
        text: expect.stringContaining('La cita es el lunes a las 10.'),
      });
      const files = fax?.['attachments'] as { filename: string; contentBase64: string }[];
      expect(files.map((f) => f.filename)).toEqual(['cita.pdf']);
      expect([...Buffer.from(files[0]?.contentBase64 ?? '', 'base64')]).toEqual([...PDF]);
      expect(d.conflicts).toEqual([]);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SEND-8 with no SMS gateway configured, the user is told which recipients were not reached and Bob still gets the message',
    async () => {
      const d = await device(without);
      const c = composer(d);
      const subject = `Aviso ${serial}`;
      await c.send(FROM, {
        to: [
          { name: 'Bob Peña', address: BOB.user },
          { name: 'Móvil', address: SMS },
        ],
        cc: [],
        bcc: [],
        subject,
        text: 'Mañana no hay clase.',
      });
      expect(await d.engine.sync()).toBe('done');
      const bobs = await Promise.all(
        (await sourcesIn(dovecot, BOB, 'INBOX')).map((raw) => PostalMime.parse(raw)),
      );
      expect(bobs.some((m) => m.subject === subject)).toBe(true);
      expect(d.conflicts).toEqual([
        {
          kind: 'not-delivered',
          target: expect.any(String),
          label: subject,
          detail: `${SMS} (no SMS gateway is configured)`,
        },
      ]);
      const [item] = await first(c.observeOutbox());
      expect(item?.state).toBe('sent');
      expect(item?.error).toBe(
        `Sent, but not delivered to: ${SMS} (no SMS gateway is configured).`,
      );
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SEND-8 a message only to SMS recipients with no gateway fails with the reason, and nothing is sent',
    async () => {
      const d = await device(without);
      const c = composer(d);
      const before = sink.submissions.length;
      await c.send(FROM, {
        to: [{ name: '', address: SMS }],
        cc: [],
        bcc: [],
        subject: 'Solo SMS',
        text: 'Hola',
      });
      expect(await d.engine.sync()).toBe('done');
      const [item] = await first(c.observeOutbox());
      expect(item?.state).toBe('failed');
      expect(item?.error).toContain(`${SMS} (550 no SMS gateway is configured)`);
      expect(sink.submissions.length).toBe(before);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );
});
