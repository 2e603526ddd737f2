// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// EXTERNAL-2 with another account's server down, end to end in Node: the real sync engine
// and store, the real proxy, a real Dovecot. Bob's account is reached through a loopback
// relay the test cuts. A new device still downloads Alice's own mail; a device that
// already holds Bob's mail keeps all of it, even through a recovery; once Bob's server
// is back, both end up with everything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuzonDb } from '../../src/store/db.js';
import { imapAs, messagesIn } from '../support/imap-look.js';
import { startCuttableLink, type CuttableLink } from '../support/cuttable-link.js';
import { startDovecot, type DovecotInstance } from '../support/dovecot/index.js';
import {
  cookiePair,
  dovecotProvider,
  send,
  startBuzon,
  type RunningBuzon,
} from '../proxy/support/buzon.js';
import type { JmapAccount } from '../proxy/support/jmap-account.js';
import { ALICE } from '../proxy/support/jmap-account.js';
import { openDevice, signIn, type Device } from './support/device.js';

const TEST_TIMEOUT_MS = 60_000;
/** A change retried after a failure waits 2 s first (store/sync/ops.ts backoff). */
const RETRY_WAIT_MS = 20_000;
const START_TIMEOUT_MS = 30_000;
const BOB = { user: 'bob@buzon.test', pass: 'bob-secret' };

let dovecot: DovecotInstance;
let link: CuttableLink;
let buzon: RunningBuzon;
let account: JmapAccount;

function message(to: string, subject: string, day: number): string {
  return [
    'From: Carla <carla@example.test>',
    `To: ${to}`,
    `Subject: ${subject}`,
    `Date: Mon, ${String(day).padStart(2, '0')} Mar 2026 08:00:00 +0000`,
    `Message-ID: <sync-down-${day}@example.test>`,
    '',
    `Body of ${subject}.`,
    '',
  ].join('\r\n');
}

/** The subjects a device holds, sorted. */
async function subjects(db: BuzonDb): Promise<string[]> {
  return (await db.emails.toArray()).map((e) => e.subject).sort();
}

/** The folder names a device shows under Bob's account. */
async function bobFolders(db: BuzonDb): Promise<string[]> {
  const all = await db.mailboxes.toArray();
  const top = all.find((m) => m.name === BOB.user && m.parentId === null);
  if (!top) return [];
  return all
    .filter((m) => m.parentId === top.id)
    .map((m) => m.name)
    .sort();
}

async function sync(d: Device): Promise<void> {
  const outcome = await d.engine.sync();
  expect(outcome, d.engine.status.value.message ?? '').toBe('done');
}

/** Bob's folders (Dovecot makes the special ones at his first login), and one of his own. */
const BOB_FOLDERS = ['Archive', 'Archivo', 'Drafts', 'INBOX', 'Junk', 'Sent', 'Trash'];
const ALL = ['Alice new', 'Alice old', 'Bob filed', 'Bob middle', 'Bob newest'];

beforeAll(async () => {
  dovecot = await startDovecot();
  link = await startCuttableLink({ host: dovecot.host, port: dovecot.imapPort });
  buzon = await startBuzon({
    providers: [
      dovecotProvider(dovecot),
      { id: 'far', name: 'Far away', imap: { host: link.host, port: link.port, tls: 'none' } },
    ],
  });
  account = { buzon } as unknown as JmapAccount;
  await dovecot.deliver(ALICE.user, message(ALICE.user, 'Alice old', 2));
  await dovecot.deliver(ALICE.user, message(ALICE.user, 'Alice new', 6));
  await dovecot.deliver(BOB.user, message(BOB.user, 'Bob middle', 4));
  await dovecot.deliver(BOB.user, message(BOB.user, 'Bob newest', 7));
  await imapAs(dovecot, BOB, async (bob) => {
    await bob.mailboxCreate('Archivo');
    await bob.append('Archivo', message(BOB.user, 'Bob filed', 3));
  });
  // Bob's account is added once, as Settings does; every device of Alice's then has it.
  const login = await send(buzon.origin, 'POST', '/auth/login', {
    body: { provider: 'test', username: ALICE.user, password: ALICE.pass },
  });
  const added = await send(buzon.origin, 'POST', '/imap-accounts', {
    body: { address: BOB.user, providerId: 'far', username: BOB.user, password: BOB.pass },
    headers: { Cookie: cookiePair(login), Origin: buzon.origin },
  });
  if (added.status !== 201) throw new Error(`adding Bob's account: ${added.text}`);
}, START_TIMEOUT_MS);

afterAll(async () => {
  await buzon?.stop();
  await link?.close();
  await dovecot?.stop();
});

describe('EXTERNAL-2 sync while another account’s server is down', () => {
  it(
    'EXTERNAL-2 a new device downloads the user’s own mail, a device with the account’s mail keeps it, and both catch up once the server is back',
    async () => {
      const laptop = await openDevice(account, { name: 'buzon-down-laptop', bodies: false });
      await sync(laptop);
      expect(await subjects(laptop.db)).toEqual(ALL);
      expect(await bobFolders(laptop.db)).toEqual(BOB_FOLDERS);

      link.cut();
      // A new device: its first download must not wait for Bob's server.
      const phone = await openDevice(account, { name: 'buzon-down-phone', bodies: false });
      await sync(phone);
      expect(await subjects(phone.db)).toEqual(['Alice new', 'Alice old']);
      // Bob's account shows (its top-level folder), nothing of it is invented.
      expect((await phone.db.mailboxes.toArray()).some((m) => m.name === BOB.user)).toBe(true);
      expect(await bobFolders(phone.db)).toEqual([]);
      // The status line says what did not sync, and why.
      expect(phone.engine.status.value).toMatchObject({ phase: 'idle' });
      expect(phone.engine.status.value.message).toContain(`except ${BOB.user}`);

      // The laptop signs in again (a new proxy session: nothing remembered of Bob's
      // server, and its stored state unknown there): its recovery must keep Bob's mail.
      const again = await openDevice(account, {
        name: 'buzon-down-laptop',
        factory: laptop.factory,
        cookie: await signIn(account),
        bodies: false,
      });
      laptop.close();
      await sync(again);
      expect(await subjects(again.db)).toEqual(ALL);
      expect(await bobFolders(again.db)).toEqual(BOB_FOLDERS);
      // New mail of Alice's still arrives meanwhile.
      await dovecot.deliver(ALICE.user, message(ALICE.user, 'Alice later', 8));
      await sync(again);
      expect(await subjects(again.db)).toEqual([...ALL, 'Alice later'].sort());

      link.restore();
      await sync(phone);
      expect(phone.engine.status.value.message).toBeNull();
      expect(await subjects(phone.db)).toEqual([...ALL, 'Alice later'].sort());
      expect(await bobFolders(phone.db)).toEqual(BOB_FOLDERS);
      await sync(again);
      expect(await subjects(again.db)).toEqual([...ALL, 'Alice later'].sort());
      // And from then on, plain /changes: a delivery to Bob's arrives on both.
      await dovecot.deliver(BOB.user, message(BOB.user, 'Bob later', 9));
      await sync(phone);
      await sync(again);
      const everything = [...ALL, 'Alice later', 'Bob later'].sort();
      expect(await subjects(phone.db)).toEqual(everything);
      expect(await subjects(again.db)).toEqual(everything);
      phone.close();
      again.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'EXTERNAL-2 a longer offline window while the account’s server is down: the user’s own older mail comes now, that account’s once it is back',
    async () => {
      const old = (subject: string, to: string) =>
        [
          'From: Carla <carla@example.test>',
          `To: ${to}`,
          `Subject: ${subject}`,
          'Date: Fri, 10 Jan 2025 08:00:00 +0000',
          `Message-ID: <${subject.replace(/\W/g, '')}@example.test>`,
          '',
          'Old.',
          '',
        ].join('\r\n');
      const received = new Date('2025-01-10T08:00:00Z');
      await imapAs(dovecot, ALICE, (c) =>
        c.append('INBOX', old('Alice 2025', ALICE.user), [], received),
      );
      await imapAs(dovecot, BOB, (c) => c.append('INBOX', old('Bob 2025', BOB.user), [], received));
      const d = await openDevice(account, {
        name: 'buzon-down-window',
        bodies: false,
        windowDays: 30,
      });
      await sync(d);
      expect(await subjects(d.db)).not.toContain('Alice 2025');
      link.cut();
      d.setWindow(null);
      await sync(d);
      expect(await subjects(d.db)).toContain('Alice 2025');
      expect(await subjects(d.db)).not.toContain('Bob 2025');
      link.restore();
      await sync(d);
      expect(await subjects(d.db)).toEqual(expect.arrayContaining(['Alice 2025', 'Bob 2025']));
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'EXTERNAL-2 changes made while the account’s server is down: the user’s own reach the server at once, that account’s wait and go once it is back',
    async () => {
      const d = await openDevice(account, { name: 'buzon-down-changes', bodies: false });
      await sync(d);
      const rows = await d.db.emails.toArray();
      const own = rows.find((e) => e.subject === 'Alice new');
      const bobs = rows.find((e) => e.subject === 'Bob newest');
      if (!own || !bobs) throw new Error('the device lacks the messages to flag');
      link.cut();
      await d.services.messages.setFlagged([own.id, bobs.id], true);
      await sync(d);
      const flagged = async (who: typeof BOB, subject: string) =>
        (await messagesIn(dovecot, who, 'INBOX'))
          .find((m) => m.subject === subject)
          ?.flags.includes('\\Flagged');
      expect(await flagged(ALICE, 'Alice new')).toBe(true);
      // Bob's waits, shown as the user left it, and nobody is told it was refused.
      expect(await d.db.ops.count()).toBe(1);
      expect((await d.db.emails.get(bobs.id))?.keywords['$flagged']).toBe(true);
      expect(d.conflicts).toEqual([]);
      link.restore();
      const deadline = Date.now() + RETRY_WAIT_MS;
      while ((await d.db.ops.count()) > 0) {
        if (Date.now() > deadline) throw new Error('the waiting change was never sent');
        await new Promise((resolve) => setTimeout(resolve, 250));
        await sync(d);
      }
      expect(await flagged(BOB, 'Bob newest')).toBe(true);
      expect(d.conflicts).toEqual([]);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'EXTERNAL-2 bodies while the account’s server is down: the user’s own download, that account’s wait for it',
    async () => {
      const rowsOnly = await openDevice(account, { name: 'buzon-down-bodies', bodies: false });
      await sync(rowsOnly);
      const queued = (await rowsOnly.db.bodyQueue.toArray()).map((q) => q.id);
      expect(queued.some((id) => id.startsWith('x'))).toBe(true);
      expect(queued.some((id) => !id.startsWith('x'))).toBe(true);
      rowsOnly.close();
      link.cut();
      const d = await openDevice(account, {
        name: 'buzon-down-bodies',
        factory: rowsOnly.factory,
        cookie: rowsOnly.cookie,
      });
      await sync(d);
      const left = (await d.db.bodyQueue.toArray()).map((q) => q.id);
      // Only Bob's wait; Alice's bodies are here.
      expect(left.length).toBeGreaterThan(0);
      expect(left.every((id) => id.startsWith('x'))).toBe(true);
      link.restore();
      await sync(d);
      expect(await d.db.bodyQueue.count()).toBe(0);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'EXTERNAL-2 the account’s server goes away in the middle of a first download: the user’s own mail still all arrives, that account’s once it is back',
    async () => {
      let cutDone = false;
      const d = await openDevice(account, {
        name: 'buzon-down-midway',
        // Bob's server goes away right after the listing, as the messages are asked for.
        wrapFetch: (next) => async (input, init) => {
          const body = typeof init?.body === 'string' ? init.body : '';
          const calls = body.startsWith('{')
            ? ((JSON.parse(body) as { methodCalls?: [string, { ids?: unknown[] }][] })
                .methodCalls ?? [])
            : [];
          const asksForMail = calls.some(
            ([name, args]) =>
              name === 'Blob/get' || (name === 'Email/get' && (args.ids?.length ?? 0) > 0),
          );
          if (asksForMail && !cutDone) {
            cutDone = true;
            link.cut();
          }
          return next(input, init);
        },
      });
      try {
        await sync(d);
        expect(cutDone).toBe(true);
        const ids = (await d.db.emails.toArray()).map((e) => e.id);
        expect(ids.length).toBeGreaterThan(0);
        expect(ids.some((id) => id.startsWith('x'))).toBe(false);
        expect(await subjects(d.db)).toEqual(expect.arrayContaining(['Alice new', 'Alice old']));
        expect(d.engine.status.value.message).toContain(BOB.user);
        expect(await d.db.bodyQueue.count()).toBe(0);
      } finally {
        link.restore();
      }
      await sync(d);
      expect(await subjects(d.db)).toEqual(expect.arrayContaining(['Bob newest', 'Bob filed']));
      expect(await d.db.bodyQueue.count()).toBe(0);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );
});
