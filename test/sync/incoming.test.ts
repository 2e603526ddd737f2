// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// SPAM-1 and FILTER-3 on incoming mail, through the real proxy on the real Dovecot (whose
// provider here has no ManageSieve, so the app is what filters): mail delivered over LMTP
// after the first download is spam-checked, then filtered, and what the app did reaches the
// server — spam in Junk with $Junk, an invoice in Facturas with its tag, the rest left in
// INBOX. Mail that was there before the first download is never touched (ADR 0028).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Filter } from '../../src/filters/model.js';
import { createInlineParser } from '../../src/mail/parse.js';
import { createIncomingDrain } from '../../src/state/incoming/wiring.js';
import { writeFilterSettings } from '../../src/state/filters/storage.js';
import type { NoticeKind } from '../../src/state/types.js';
import { getBody } from '../../src/store/repos/emails.js';
import { ALICE, startJmapAccount, type JmapAccount } from '../proxy/support/jmap-account.js';
import { imapAs, messagesIn } from '../support/imap-look.js';
import { openDevice, syncUntilSent, type Device } from './support/device.js';

const START_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 90_000;

const stamp = Date.now();

function message(subject: string, extra: string[] = [], body = 'Hola, te escribo por lo de ayer.') {
  return [
    'From: Luis Pérez <luis@buzon.test>',
    `To: ${ALICE.user}`,
    `Subject: ${subject}`,
    `Message-ID: <${subject.replace(/\W+/g, '-')}-${stamp}@buzon.test>`,
    'Date: Mon, 02 Mar 2026 09:00:00 +0100',
    ...extra,
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

const INVOICE_FILTER: Filter = {
  id: 'f-invoices',
  description: 'Facturas',
  active: true,
  join: 'any',
  conditions: [{ field: 'subject', op: 'contains', negate: false, value: 'factura' }],
  actions: [
    { type: 'move', folder: { path: 'Facturas' } },
    { type: 'tag', keyword: 'facturas' },
  ],
};

let account: JmapAccount;
let device: Device;
const notices: { kind: NoticeKind; message: string }[] = [];

beforeAll(async () => {
  // Already in the Inbox before the first download: an old invoice the filter must not move.
  account = await startJmapAccount([message('Factura antigua 2025')]);
  await imapAs(account.dovecot, ALICE, (c) => c.mailboxCreate('Facturas'));
}, START_TIMEOUT_MS);

afterAll(async () => {
  device?.close();
  await account?.stop();
});

function drainOf(d: Device) {
  return createIncomingDrain({
    db: d.db,
    now: Date.now,
    parser: createInlineParser(),
    body: (id) => getBody(d.db, id),
    spam: d.services.spam as NonNullable<typeof d.services.spam>,
    serverFilters: true,
    notify: (kind, msg) => notices.push({ kind, message: msg }),
  });
}

describe('incoming mail: spam detection, then filters', () => {
  it(
    'SPAM-1 FILTER-3 new mail is spam-checked and filtered, and the server shows the result',
    async () => {
      device = await openDevice(account, { name: 'buzon-incoming', queueIncoming: true });
      await syncUntilSent(device);
      // The first download is mail the user already had: nothing is queued.
      expect(await device.db.incomingQueue.count()).toBe(0);
      await writeFilterSettings(device.db, { filters: [INVOICE_FILTER] });

      await account.dovecot.deliver(
        ALICE.user,
        message('Gana un premio YA', [
          'X-Spam-Flag: YES',
          'X-Spam-Status: Yes, score=9.1 required=5.0',
        ]),
      );
      await account.dovecot.deliver(ALICE.user, message('Factura 2026-03'));
      await account.dovecot.deliver(ALICE.user, message('Comida el jueves'));
      await syncUntilSent(device);
      expect(await device.db.incomingQueue.count()).toBe(3);

      expect(await drainOf(device)(new AbortController().signal)).toBe(3);
      expect(await device.db.incomingQueue.count()).toBe(0);
      await syncUntilSent(device);

      const subjects = (list: { subject: string }[]) => list.map((m) => m.subject).sort();
      const inbox = await messagesIn(account.dovecot, ALICE, 'INBOX');
      expect(subjects(inbox)).toEqual(['Comida el jueves', 'Factura antigua 2025']);
      const junk = await messagesIn(account.dovecot, ALICE, 'Junk');
      expect(subjects(junk)).toEqual(['Gana un premio YA']);
      expect(junk[0]?.flags).toContain('$Junk');
      const facturas = await messagesIn(account.dovecot, ALICE, 'Facturas');
      expect(subjects(facturas)).toEqual(['Factura 2026-03']);
      expect(facturas[0]?.flags).toContain('facturas');
      expect(notices).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SPAM-1 a message the user marked not spam is never moved back to Spam',
    async () => {
      await account.dovecot.deliver(
        ALICE.user,
        message('Boletín de la asociación', ['X-Spam-Flag: YES']),
      );
      await syncUntilSent(device);
      const row = (await device.db.emails.toArray()).find(
        (e) => e.subject === 'Boletín de la asociación',
      );
      if (!row) throw new Error('the message did not arrive');
      // Another client (or this one) already said: not spam.
      const spam = await (device.services.spam as NonNullable<typeof device.services.spam>)();
      await spam.markNotSpam([row.id]);
      expect(await drainOf(device)(new AbortController().signal)).toBe(1);
      await syncUntilSent(device);
      const inbox = await messagesIn(account.dovecot, ALICE, 'INBOX');
      const kept = inbox.find((m) => m.subject === 'Boletín de la asociación');
      expect(kept?.flags).toContain('$NotJunk');
    },
    TEST_TIMEOUT_MS,
  );
});
