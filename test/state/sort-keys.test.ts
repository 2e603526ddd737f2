// VIEW-3 after a bootstrap (ADR 0036): a bootstrap stores messages without their subject,
// sender and size sort keys; the first time a folder is shown in one of those sorts, the
// list shows it by date, newest first, while the keys are written, then in the sort asked.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createMessageService } from '../../src/state/message-service.js';
import type { ListQuery, MessageService, SortField } from '../../src/state/types.js';
import type { BuzonDb } from '../../src/store/db.js';
import { countUnsorted } from '../../src/store/repos/email-query.js';
import { putSyncedBody } from '../../src/store/sync/bodies.js';
import { applyEmailBatch } from '../../src/store/sync/apply-emails.js';
import { applyMailboxList } from '../../src/store/sync/apply-mailboxes.js';
import type { ServerEmail, ServerMailbox } from '../../src/store/sync/server-types.js';
import { serverEmail } from '../store/server-email.js';
import { freshDb } from '../store/threads-support.js';
import { first } from './support/services.js';

const FOLDERS: ServerMailbox[] = [
  { id: 'S-inbox', name: 'Inbox', parentId: null, role: 'inbox' },
  { id: 'S-work', name: 'Work', parentId: null, role: null },
];

/** Subject, sender and size unlike date order, so each sort gives its own order. */
const MAIL: [id: string, subject: string, from: string, size: number][] = [
  ['m1', 'Re: Zebra crossing', 'Carmen', 300],
  ['m2', 'Árbol de Navidad', 'ana', 5_000],
  ['m3', 'Mañana', 'Bruno', 40],
  ['m4', 'fwd: Budget', 'Élodie', 1_200],
  ['m5', 'Octopus', 'dario', 900],
  ['m6', 'almuerzo', 'Fátima', 70],
];

function mail(id: string, subject: string, from: string, size: number, i: number): ServerEmail {
  return {
    ...serverEmail(id, 'S-inbox'),
    subject,
    from: [{ name: from, address: `${from.toLowerCase()}@example.org` }],
    size,
    receivedAt: 1_000 + i * 60_000,
  };
}

const BY_DATE_NEWEST = ['m6', 'm5', 'm4', 'm3', 'm2', 'm1'];
const BY_SUBJECT = ['m6', 'm2', 'm4', 'm3', 'm5', 'm1']; // almuerzo árbol budget mañana octopus zebra
const BY_FROM = ['m2', 'm3', 'm1', 'm5', 'm4', 'm6']; // ana bruno carmen dario élodie fátima
const BY_SIZE = ['m3', 'm6', 'm1', 'm5', 'm4', 'm2'];

async function bootstrapped(): Promise<{ db: BuzonDb; inbox: string; work: string }> {
  const db = await freshDb({ synced: true });
  await applyMailboxList(db, FOLDERS, 'm1');
  const upserts = MAIL.map(([id, subject, from, size], i) => mail(id, subject, from, size, i));
  await applyEmailBatch(db, { upserts, destroyed: [], now: 1, expectNew: true });
  const byServer = new Map((await db.mailboxes.toArray()).map((m) => [m.serverId, m.id]));
  return { db, inbox: byServer.get('S-inbox') as string, work: byServer.get('S-work') as string };
}

const query = (folderId: string, sort: SortField, descending = false): ListQuery => ({
  folderId,
  sort,
  descending,
  unreadOnly: false,
});

/** Every list the view emits until one equals `want` (or the view errs). */
function listsUntil(s: MessageService, q: ListQuery, want: readonly string[]): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const lists: string[][] = [];
    const sub = s.observeMessageIds(q).subscribe({
      next: (ids) => {
        lists.push(ids);
        if (ids.join() !== want.join()) return;
        queueMicrotask(() => sub.unsubscribe());
        resolve(lists);
      },
      error: reject,
    });
  });
}

async function keyedRows(db: BuzonDb): Promise<number> {
  return (await db.emails.toArray()).filter((e) => e.sortSubject !== undefined).length;
}

describe('VIEW-3 sort keys written when a sort first needs them (ADR 0036)', () => {
  it('VIEW-3 after a bootstrap, sorting by subject shows the folder newest first, writes the keys, then shows it by subject; sender and size are then ready too', async () => {
    const { db, inbox } = await bootstrapped();
    const rows = await db.emails.toArray();
    expect(rows).toHaveLength(6);
    expect(rows.every((e) => e.sortSubject === undefined && e.sortSize === undefined)).toBe(true);

    const s = createMessageService(db, () => 0, { sortKeyBatchSize: 2 });
    const unsorted: number[] = [];
    const counting = s.observeUnsorted?.(query(inbox, 'subject')).subscribe({
      next: (n) => unsorted.push(n),
    });
    const lists = await listsUntil(s, query(inbox, 'subject'), BY_SUBJECT);
    counting?.unsubscribe();
    // Every message listed all along: by date first, by subject at the end.
    expect(lists[0]).toEqual(BY_DATE_NEWEST);
    expect(lists.every((ids) => ids.length === 6)).toBe(true);
    expect(unsorted[0]).toBe(6);
    expect(unsorted.at(-1)).toBe(0);
    // Batches of two: the count went down on the way.
    expect(unsorted.some((n) => n > 0 && n < 6)).toBe(true);

    expect(await first(s.observeMessageIds(query(inbox, 'from')))).toEqual(BY_FROM);
    expect(await first(s.observeMessageIds(query(inbox, 'size')))).toEqual(BY_SIZE);
    expect(await first(s.observeMessageIds(query(inbox, 'size', true)))).toEqual(
      [...BY_SIZE].reverse(),
    );
    // The first rows (first paint) agree with the view once sorted.
    expect((await s.getFirstRows(query(inbox, 'subject'), 3)).map((r) => r.id)).toEqual(
      BY_SUBJECT.slice(0, 3),
    );
  });

  it('VIEW-3 the first rows of a folder not sorted yet are its newest, not the few that have a key', async () => {
    const { db, inbox } = await bootstrapped();
    const s = createMessageService(db, () => 0);
    expect((await s.getFirstRows(query(inbox, 'size'), 3)).map((r) => r.id)).toEqual(
      BY_DATE_NEWEST.slice(0, 3),
    );
  });

  it('VIEW-3 leaving the sorted view stops writing keys after the batch in hand; showing it again finishes', async () => {
    const { db, inbox } = await bootstrapped();
    const s = createMessageService(db, () => 0, { sortKeyBatchSize: 1 });
    // Shown, then left at once (the user picked another sort).
    expect(await first(s.observeMessageIds(query(inbox, 'from')))).toEqual(BY_DATE_NEWEST);
    await new Promise((r) => setTimeout(r, 100));
    expect(await keyedRows(db)).toBeLessThanOrEqual(1);
    expect(
      await countUnsorted(db, {
        mailboxId: inbox,
        sort: 'from',
        descending: false,
        unreadOnly: false,
      }),
    ).toBeGreaterThanOrEqual(5);

    const lists = await listsUntil(s, query(inbox, 'from'), BY_FROM);
    expect(lists.at(-1)).toEqual(BY_FROM);
    expect(await keyedRows(db)).toBe(6);
  });

  it('VIEW-3 new mail from an incremental sync carries its keys; a bootstrap message moved into a sorted folder is sorted there too', async () => {
    const { db, inbox, work } = await bootstrapped();
    // Incremental: new mail in Work, written with its keys.
    await applyEmailBatch(db, {
      upserts: [
        { ...mail('w1', 'Nube', 'Zoe', 10, 9), mailboxId: 'S-work' },
        { ...mail('w2', 'Casa', 'Yago', 20, 10), mailboxId: 'S-work' },
      ],
      destroyed: [],
      now: 2,
      incoming: true,
    });
    expect((await db.emails.get('w1'))?.sortSubject).toBe('nube');
    const s = createMessageService(db, () => 0);
    expect(await first(s.observeMessageIds(query(work, 'subject')))).toEqual(['w2', 'w1']);

    // m2 (Árbol, stored by the bootstrap without keys) is moved into Work while shown.
    const lists: string[][] = [];
    await new Promise<void>((resolve, reject) => {
      const sub = s.observeMessageIds(query(work, 'subject')).subscribe({
        next: (ids) => {
          lists.push(ids);
          if (lists.length === 1) void s.moveMessages(['m2'], work).catch(reject);
          if (ids.join() === 'm2,w2,w1') {
            queueMicrotask(() => sub.unsubscribe());
            resolve();
          }
        },
        error: reject,
      });
    });
    expect(lists[0]).toEqual(['w2', 'w1']);
    expect(lists.every((ids) => ids.length === 2 || ids.length === 3)).toBe(true);
    expect((await db.emails.get('m2'))?.sortSubject).toBe('arbol de navidad');
    // The rest of the Inbox was left as it was: nobody sorted it.
    expect(await keyedRows(db)).toBe(3);
    expect(inbox).not.toBe(work);
  });

  it('VIEW-3 a body downloaded later keeps a sorted row right by size, and leaves an unsorted row without keys', async () => {
    const { db, inbox } = await bootstrapped();
    const s = createMessageService(db, () => 0);
    await listsUntil(s, query(inbox, 'size'), BY_SIZE);
    const derived = {
      messageId: 'm3@example.org',
      sentAt: 1_000,
      hasAttachment: true,
      priority: 3 as const,
      from: [{ name: 'Bruno', address: 'bruno@example.org' }],
      to: [],
      cc: [],
      subject: 'Mañana',
      preview: '',
      warnings: [],
      inReplyTo: null,
      references: [],
      contentHash: 'h3',
    };
    // m3, the smallest, comes with 9,000 bytes: it sorts largest now.
    await putSyncedBody(db, 'm3', new Uint8Array(9_000), derived);
    expect((await db.emails.get('m3'))?.sortSize).toBe(9_000);
    expect(await first(s.observeMessageIds(query(inbox, 'size', true)))).toEqual([
      'm3',
      ...[...BY_SIZE].reverse().filter((id) => id !== 'm3'),
    ]);

    const other = await bootstrapped();
    await putSyncedBody(other.db, 'm3', new Uint8Array(9_000), derived);
    const row = await other.db.emails.get('m3');
    expect(row?.size).toBe(9_000);
    expect(row?.sortSize).toBeUndefined();
  });
});
