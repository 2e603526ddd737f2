// The whole path of server-side filters: real filters compiled by the app's Sieve compiler
// (src/filters), installed through the proxy's PUT /sieve, mail delivered to Dovecot over
// LMTP, and the result read over IMAP — where each message landed and with which flags —
// and, for the away message and forwarding, what Dovecot sent out through the SMTP sink.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSieve } from '../../src/filters/sieve.js';
import type { AwaySettings, Filter, ForwardSettings } from '../../src/filters/model.js';
import { startDovecot } from '../support/dovecot/index.js';
import type { DovecotInstance } from '../support/dovecot/index.js';
import { imapAs, messagesIn } from '../support/imap-look.js';
import { startSmtpSink } from '../support/smtp-sink.js';
import type { SinkSubmission, SmtpSink } from '../support/smtp-sink.js';
import { cookiePair, dovecotProvider, send, startBuzon } from './support/buzon.js';
import type { RunningBuzon } from './support/buzon.js';

type User = { user: string; pass: string };
const user = (name: string): User => ({ user: `${name}@buzon.test`, pass: `${name}-secret` });
const FILER = user('filer');
const SORTER = user('sorter');
const SPAMMED = user('spammed');
const AWAY = user('away');
const FORWARDER = user('forwarder');

let sink: SmtpSink;
let dovecot: DovecotInstance;
let buzon: RunningBuzon;

beforeAll(async () => {
  // Dovecot sends vacation replies and redirects through the sink, without AUTH, as to a relay.
  sink = await startSmtpSink({ users: [], acceptUnauthenticatedFromLoopback: true });
  dovecot = await startDovecot({
    users: [FILER, SORTER, SPAMMED, AWAY, FORWARDER],
    submissionHost: `${sink.host}:${sink.port}`,
  });
  buzon = await startBuzon({
    providers: [
      {
        ...dovecotProvider(dovecot),
        sieve: { host: dovecot.host, port: dovecot.sievePort, tls: 'none' },
      },
    ],
  });
});
afterAll(async () => {
  await buzon?.stop();
  await dovecot?.stop();
  await sink?.stop();
});

let nextFilter = 0;
function filter(conditions: Filter['conditions'], actions: Filter['actions']): Filter {
  nextFilter++;
  return {
    id: `f${nextFilter}`,
    description: `filter ${nextFilter}`,
    active: true,
    join: 'all',
    conditions,
    actions,
  };
}

/** Compiles as the browser does and installs through the proxy, signed in as `who`. */
async function install(
  who: User,
  filters: Filter[],
  away: AwaySettings | null = null,
  forward: ForwardSettings | null = null,
): Promise<void> {
  const { script } = compileSieve(filters, away, forward, {
    junkFolder: 'Junk',
    trashFolder: 'Trash',
    ownAddresses: [who.user],
    zone: '+0000',
  });
  const login = await send(buzon.origin, 'POST', '/auth/login', {
    body: { provider: 'test', username: who.user, password: who.pass },
  });
  const reply = await send(buzon.origin, 'PUT', '/sieve', {
    headers: { Cookie: cookiePair(login) },
    body: { script },
  });
  expect(reply.status, reply.text).toBe(200);
}

let nextId = 0;
function message(
  to: User,
  from: string,
  subject: string,
  extra: string[] = [],
  body = 'Hola.',
): string {
  nextId++;
  return [
    `From: ${from}`,
    `To: ${to.user}`,
    `Subject: ${subject}`,
    `Message-ID: <m${nextId}.${Date.now()}@example.net>`,
    'Date: Mon, 2 Feb 2026 10:00:00 +0000',
    ...extra,
    '',
    body,
    '',
  ].join('\r\n');
}

const deliver = (to: User, from: string, raw: string) => dovecot.deliver(to.user, raw, { from });

/** Flags as stored, lower-cased; \Recent belongs to the IMAP session that first sees the message. */
const lower = (flags: string[]) =>
  flags
    .map((f) => f.toLowerCase())
    .filter((f) => f !== '\\recent')
    .sort();

/** The header block of a message the sink received, unfolded. */
function headersOf(submission: SinkSubmission): string {
  const raw = submission.raw.toString('utf8');
  return raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
}

const sentTo = (address: string) => sink.submissions.filter((s) => s.rcptTo.includes(address));

/** A UTC day `offset` days from today, as YYYY-MM-DD. */
const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('server-side filters on delivery', () => {
  it('FILTER-3 files into a folder with the tag and \\Seen, on the server', async () => {
    await imapAs(dovecot, FILER, (c) => c.mailboxCreate('Facturas').then(() => undefined));
    await install(FILER, [
      filter(
        [{ field: 'subject', op: 'contains', negate: false, value: 'factura' }],
        [
          { type: 'move', folder: { path: 'Facturas' } },
          { type: 'tag', keyword: 'pagar' },
          { type: 'mark-read' },
        ],
      ),
    ]);
    await deliver(
      FILER,
      'shop@example.net',
      message(FILER, 'Shop <shop@example.net>', 'Su Factura 42'),
    );
    await deliver(
      FILER,
      'amigo@example.net',
      message(FILER, 'amigo@example.net', 'Cena el viernes'),
    );
    const filed = await messagesIn(dovecot, FILER, 'Facturas');
    expect(filed.map((m) => [m.subject, lower(m.flags)])).toEqual([
      ['Su Factura 42', ['\\seen', 'pagar']],
    ]);
    const inbox = await messagesIn(dovecot, FILER, 'INBOX');
    expect(inbox.map((m) => [m.subject, lower(m.flags)])).toEqual([['Cena el viernes', []]]);
  });

  it('FILTER-1 acts on a size and on a header condition', async () => {
    await imapAs(dovecot, SORTER, (c) => c.mailboxCreate('Boletines').then(() => undefined));
    await install(SORTER, [
      filter(
        [{ field: 'size', op: 'greater', negate: false, bytes: 20_000 }],
        [{ type: 'tag', keyword: 'grande' }],
      ),
      filter(
        [
          {
            field: 'header',
            header: 'X-Mailer',
            op: 'contains',
            negate: false,
            value: 'newsletterpro',
          },
        ],
        [{ type: 'move', folder: { path: 'Boletines' } }],
      ),
    ]);
    const big = 'x'.repeat(70).concat('\r\n').repeat(400);
    await deliver(SORTER, 'a@example.net', message(SORTER, 'a@example.net', 'Grande', [], big));
    await deliver(SORTER, 'b@example.net', message(SORTER, 'b@example.net', 'Pequeño'));
    await deliver(
      SORTER,
      'c@example.net',
      message(SORTER, 'c@example.net', 'Boletín', ['X-Mailer: NewsletterPro 3.1']),
    );
    const inbox = await messagesIn(dovecot, SORTER, 'INBOX');
    expect(inbox.map((m) => [m.subject, lower(m.flags)])).toEqual([
      ['Grande', ['grande']],
      ['Pequeño', []],
    ]);
    expect((await messagesIn(dovecot, SORTER, 'Boletines')).map((m) => m.subject)).toEqual([
      'Boletín',
    ]);
  });

  it('SPAM-1 a message the server marked as spam lands in Junk with $Junk, and no filter runs on it', async () => {
    await install(SPAMMED, [
      filter(
        [{ field: 'subject', op: 'contains', negate: false, value: 'oferta' }],
        [{ type: 'tag', keyword: 'visto' }],
      ),
    ]);
    await deliver(
      SPAMMED,
      'x@spam.example',
      message(SPAMMED, 'x@spam.example', 'Gran oferta', ['X-Spam-Flag: YES']),
    );
    await deliver(SPAMMED, 'y@example.net', message(SPAMMED, 'y@example.net', 'Otra oferta'));
    const junk = await messagesIn(dovecot, SPAMMED, 'Junk');
    expect(junk.map((m) => [m.subject, lower(m.flags)])).toEqual([['Gran oferta', ['$junk']]]);
    const inbox = await messagesIn(dovecot, SPAMMED, 'INBOX');
    expect(inbox.map((m) => [m.subject, lower(m.flags)])).toEqual([['Otra oferta', ['visto']]]);
  });

  it('FILTER-4 sends the away message once per sender, and never to a list', async () => {
    await install(AWAY, [], {
      enabled: true,
      start: day(-1),
      end: day(1),
      subject: 'Fuera de la oficina hasta el lunes',
      text: 'Estoy de vacaciones.\n.\nVuelvo el lunes.',
      days: 7,
      addresses: [AWAY.user],
    });
    const friend = 'amiga@example.net';
    await deliver(AWAY, friend, message(AWAY, `Amiga <${friend}>`, 'Hola'));
    const replies = sentTo(friend);
    expect(replies).toHaveLength(1);
    const reply = replies[0] as SinkSubmission;
    expect(reply.mailFrom).toBe(''); // RFC 5230 §5.1: no bounces back to an auto-reply
    const headers = headersOf(reply);
    expect(headers).toMatch(/^Subject: Fuera de la oficina hasta el lunes$/m);
    expect(headers).toMatch(/^Auto-Submitted: auto-replied/m);
    expect(headers).toMatch(/^To: .*amiga@example\.net/m);
    expect(reply.raw.toString('utf8')).toContain('Vuelvo el lunes.');
    // The same sender again within the period: nothing more.
    await deliver(AWAY, friend, message(AWAY, `Amiga <${friend}>`, 'Hola otra vez'));
    expect(sentTo(friend)).toHaveLength(1);
    // A list: nothing at all.
    const list = 'noticias@lists.example.net';
    await deliver(
      AWAY,
      list,
      message(AWAY, list, 'Boletín semanal', ['List-Id: Noticias <noticias.lists.example.net>']),
    );
    expect(sentTo(list)).toHaveLength(0);
    // Every message was still delivered.
    expect(await messagesIn(dovecot, AWAY, 'INBOX')).toHaveLength(3);
  });

  it('FILTER-5 forwards to the target, keeping a copy only when asked', async () => {
    const boss = 'jefa@example.net';
    await install(FORWARDER, [], null, { enabled: true, to: boss, keepCopy: true });
    await deliver(FORWARDER, 'c@example.net', message(FORWARDER, 'c@example.net', 'Presupuesto'));
    expect(sentTo(boss).map((s) => headersOf(s).match(/^Subject: (.*)$/m)?.[1])).toEqual([
      'Presupuesto',
    ]);
    expect((await messagesIn(dovecot, FORWARDER, 'INBOX')).map((m) => m.subject)).toEqual([
      'Presupuesto',
    ]);

    await install(FORWARDER, [], null, { enabled: true, to: boss, keepCopy: false });
    await deliver(FORWARDER, 'c@example.net', message(FORWARDER, 'c@example.net', 'Contrato'));
    expect(sentTo(boss).map((s) => headersOf(s).match(/^Subject: (.*)$/m)?.[1])).toEqual([
      'Presupuesto',
      'Contrato',
    ]);
    expect((await messagesIn(dovecot, FORWARDER, 'INBOX')).map((m) => m.subject)).toEqual([
      'Presupuesto',
    ]);
  });
});
