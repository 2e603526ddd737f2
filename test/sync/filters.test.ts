// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// FILTER-3 through the real proxy on the real Dovecot: filters saved in the app's
// FilterService are compiled, sent to PUT /sieve and installed; mail delivered over LMTP then
// lands in the filter's folder with its tag, and syncs down so. Another device signing in
// adopts the settings that travel in the script (ADR 0029).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createInlineParser } from '../../src/mail/parse.js';
import type { Filter } from '../../src/filters/model.js';
import type { FilterService, ServerFilterState } from '../../src/state/filter-types.js';
import { createFilterService } from '../../src/state/filters/service.js';
import { createIncomingDrain } from '../../src/state/incoming/wiring.js';
import { getBody } from '../../src/store/repos/emails.js';
import { createSieveApi, serverFolderPaths } from '../../src/sync/sieve-client.js';
import { startDovecot } from '../support/dovecot/index.js';
import type { DovecotInstance } from '../support/dovecot/index.js';
import { imapAs, messagesIn } from '../support/imap-look.js';
import { dovecotProvider, startBuzon } from '../proxy/support/buzon.js';
import type { RunningBuzon } from '../proxy/support/buzon.js';
import type { JmapAccount } from '../proxy/support/jmap-account.js';
import { ALICE } from '../proxy/support/jmap-account.js';
import { openDevice } from './support/device.js';
import type { Device } from './support/device.js';

/** Dovecot and the proxy start in a few seconds; this bounds a cold run. */
const START_TIMEOUT_MS = 30_000;

let dovecot: DovecotInstance;
let buzon: RunningBuzon;
const devices: Device[] = [];

beforeAll(async () => {
  dovecot = await startDovecot();
  buzon = await startBuzon({
    providers: [
      {
        ...dovecotProvider(dovecot),
        sieve: { host: dovecot.host, port: dovecot.sievePort, tls: 'none' },
      },
    ],
  });
}, START_TIMEOUT_MS);
afterAll(async () => {
  for (const d of devices) d.close();
  await buzon?.stop();
  await dovecot?.stop();
});

let serial = 0;
async function device(
  offline = false,
  queueIncoming = false,
): Promise<{ d: Device; filters: FilterService }> {
  serial++;
  const d = await openDevice({ buzon } as unknown as JmapAccount, {
    name: `buzon-filters-${serial}`,
    queueIncoming,
  });
  devices.push(d);
  expect(await d.engine.sync()).toBe('done');
  const origin = buzon.origin;
  const filters = createFilterService({
    db: d.db,
    now: Date.now,
    parser: createInlineParser(),
    ownAddresses: async () => [ALICE.user],
    server: {
      api: createSieveApi({
        baseUrl: origin,
        headers: { Cookie: d.cookie, Origin: origin },
        ...(offline
          ? { fetch: () => Promise.reject(new TypeError('fetch failed: network is down')) }
          : {}),
      }),
      serverPaths: () => serverFolderPaths(d.client),
      onOnline: () => () => undefined,
    },
  });
  return { d, filters };
}

function stateOf(filters: FilterService): Promise<ServerFilterState> {
  return new Promise((resolve) => {
    const sub = filters.observeServerState().subscribe({ next: resolve });
    queueMicrotask(() => sub.unsubscribe());
  });
}

const settled = (filters: FilterService, kind: ServerFilterState['kind']) =>
  vi.waitFor(
    async () => {
      const s = await stateOf(filters);
      if (s.kind !== kind) throw new Error(`state ${JSON.stringify(s)}`);
      return s;
    },
    { timeout: 15_000, interval: 50 },
  );

function message(subject: string): string {
  serial++;
  return [
    'From: Shop <shop@example.net>',
    `To: ${ALICE.user}`,
    `Subject: ${subject}`,
    `Message-ID: <fs${serial}.${Date.now()}@example.net>`,
    'Date: Mon, 2 Feb 2026 10:00:00 +0000',
    '',
    'Hola.',
    '',
  ].join('\r\n');
}

describe('filters installed on the server (FILTER-3)', () => {
  it('FILTER-3 saving filters installs the script: an LMTP delivery lands in the folder with its tag, and syncs down so', async () => {
    await imapAs(dovecot, ALICE, (c) => c.mailboxCreate('Facturas').then(() => undefined));
    const { d, filters } = await device();
    await settled(filters, 'installed');
    const local = (await d.db.mailboxes.toArray()).find((m) => m.name === 'Facturas');
    if (!local) throw new Error('no local Facturas');
    const invoices: Filter = {
      id: 'invoices',
      description: 'Facturas',
      active: true,
      join: 'all',
      conditions: [{ field: 'subject', op: 'contains', negate: false, value: 'factura' }],
      // The editor names the folder by its local path; the service installs the server's.
      actions: [
        { type: 'move', folder: { path: 'Facturas', id: local.id } },
        { type: 'tag', keyword: 'pagar' },
      ],
    };
    await filters.saveFilters([invoices]);
    expect(await stateOf(filters)).toEqual({ kind: 'installed' });

    await dovecot.deliver(ALICE.user, message('Su Factura 42'), { from: 'shop@example.net' });
    await dovecot.deliver(ALICE.user, message('Cena el viernes'), { from: 'amigo@example.net' });
    const filed = await messagesIn(dovecot, ALICE, 'Facturas');
    expect(filed.map((m) => [m.subject, m.flags.includes('pagar')])).toEqual([
      ['Su Factura 42', true],
    ]);
    expect((await messagesIn(dovecot, ALICE, 'INBOX')).map((m) => m.subject)).toContain(
      'Cena el viernes',
    );
    expect(await d.engine.sync()).toBe('done');
    const row = (await d.db.emails.toArray()).find((e) => e.subject === 'Su Factura 42');
    expect(row?.mailboxId).toBe(local.id);
    expect(row?.keywords['pagar']).toBe(true);
  }, 60_000);

  it('FILTER-3 another device with no filters of its own adopts the server’s (ADR 0029)', async () => {
    const { filters } = await device();
    await settled(filters, 'installed');
    const s = await new Promise<string[]>((resolve) => {
      const sub = filters.observeSettings().subscribe({
        next: (v) => {
          if (v.filters.length > 0) {
            resolve(v.filters.map((f) => f.description));
            queueMicrotask(() => sub.unsubscribe());
          }
        },
      });
    });
    expect(s).toEqual(['Facturas']);
  }, 60_000);

  it('FILTER-3 offline, a save stays on the device and the state says it waits for the server', async () => {
    const { filters } = await device(true);
    await settled(filters, 'pending');
    await filters.saveAway({
      enabled: true,
      start: null,
      end: null,
      subject: 'Fuera',
      text: 'Vuelvo pronto.',
      days: 7,
      addresses: [],
    });
    expect((await stateOf(filters)).kind).toBe('pending');
  }, 60_000);

  it('FILTER-3 COMMENT-1 mail the server filed into a folder still gets the filter’s app-only actions (comment, priority)', async () => {
    await imapAs(dovecot, ALICE, (c) => c.mailboxCreate('Pedidos').then(() => undefined));
    const { d, filters } = await device(false, true);
    await settled(filters, 'installed');
    const local = (await d.db.mailboxes.toArray()).find((m) => m.name === 'Pedidos');
    if (!local) throw new Error('no local Pedidos');
    await filters.saveFilters([
      {
        id: 'orders',
        description: 'Pedidos',
        active: true,
        join: 'all',
        conditions: [{ field: 'subject', op: 'contains', negate: false, value: 'pedido' }],
        actions: [
          { type: 'move', folder: { path: 'Pedidos', id: local.id } },
          { type: 'comment', text: 'Revisar stock' },
          { type: 'priority', priority: 2 },
        ],
      },
    ]);
    expect(await stateOf(filters)).toEqual({ kind: 'installed' });

    await dovecot.deliver(ALICE.user, message('Pedido 77'), { from: 'shop@example.net' });
    await dovecot.deliver(ALICE.user, message('Hola de nuevo'), { from: 'amigo@example.net' });
    // The server filed it: the app never saw it in the Inbox.
    expect((await messagesIn(dovecot, ALICE, 'Pedidos')).map((m) => m.subject)).toEqual([
      'Pedido 77',
    ]);
    expect(await d.engine.sync()).toBe('done');
    const notices: string[] = [];
    const drain = createIncomingDrain({
      db: d.db,
      now: Date.now,
      parser: createInlineParser(),
      body: (id) => getBody(d.db, id),
      spam: d.services.spam as NonNullable<typeof d.services.spam>,
      comments: d.services.comments,
      serverFilters: true,
      notify: (_kind, text) => notices.push(text),
    });
    expect(await drain(new AbortController().signal)).toBe(2);
    expect(notices).toEqual([]);
    const row = (await d.db.emails.toArray()).find((e) => e.subject === 'Pedido 77');
    if (!row) throw new Error('Pedido 77 did not sync');
    expect(row.priority).toBe(2);
    const comments = await (d.services.comments as NonNullable<typeof d.services.comments>)();
    const comment = await new Promise<string | null>((resolve) => {
      const sub = comments.observeComment(row.id).subscribe({
        next: (c) => {
          if (c) {
            resolve(c.text);
            queueMicrotask(() => sub.unsubscribe());
          }
        },
      });
    });
    expect(comment).toBe('Revisar stock');
    // The other message, left in the Inbox by the script, got nothing.
    const other = (await d.db.emails.toArray()).find((e) => e.subject === 'Hola de nuevo');
    expect(other?.mailboxId).toBe('inbox');
    expect(other?.priority ?? 3).toBe(3);
  }, 60_000);
});
