// Message rows and their bodies. Every write that changes which folder a message is in,
// or whether it is read, updates the folder counters in the same transaction (counts.ts).
import { keepSortKeys } from '../sort-keys.js';
import type { BuzonDb } from '../db.js';
import { CountDeltas } from '../counts.js';
import { NotFoundError, storeCall } from '../errors.js';
import { INBOX_ID, byIdMap, isInTrash } from '../folder-rules.js';
import type { EmailRecord, Keywords, PendingOp } from '../records.js';
import { bodyTables, dropBodies, getBodiesOf, packInto } from './bodies.js';
import { journal } from '../sync/journal.js';
import { ThreadChanges } from './thread-changes.js';
import { queueForThreading } from './thread-queue.js';

export function getEmails(
  db: BuzonDb,
  ids: readonly string[],
): Promise<(EmailRecord | undefined)[]> {
  return storeCall(() => db.emails.bulkGet([...ids]));
}

export async function getEmail(db: BuzonDb, id: string): Promise<EmailRecord> {
  const e = await storeCall(() => db.emails.get(id));
  if (!e) throw new NotFoundError(`Message ${id} does not exist.`);
  return e;
}

export async function getBody(db: BuzonDb, id: string): Promise<Uint8Array> {
  const [raw] = await getBodiesOf(db, [id]);
  if (!raw) throw new NotFoundError(`The source of message ${id} is missing.`);
  return raw;
}

/** The stored bytes of these messages, in order (undefined where they are not here). */
export { getBodiesOf as getBodies } from './bodies.js';

/**
 * Which of these content hashes are already stored (import dedupe). One point lookup per
 * hash, issued together: measured several times faster than `anyOf`, whose cursor walk
 * grows with the table.
 */
async function knownHashes(db: BuzonDb, hashes: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(hashes)];
  const hits = await Promise.all(
    unique.map((h) => db.emails.where('contentHash').equals(h).limit(1).primaryKeys()),
  );
  return new Set(unique.filter((_, i) => (hits[i]?.length ?? 0) > 0));
}

export function listKnownHashes(db: BuzonDb, hashes: readonly string[]): Promise<Set<string>> {
  return storeCall(() => knownHashes(db, hashes));
}

export interface NewMessage {
  email: EmailRecord;
  raw: Uint8Array;
}

/**
 * Adds whole messages: rows, bodies and counters in ONE transaction, so a crash, a
 * Cancel or a full disk leaves only whole messages. Hashes are checked again inside the
 * transaction so two concurrent imports cannot both add the same bytes.
 * Returns how many were added; the rest were duplicates.
 */
export async function putNewMessages(db: BuzonDb, items: readonly NewMessage[]): Promise<number> {
  if (items.length === 0) return 0;
  return storeCall(() =>
    db.transaction(
      'rw',
      [db.emails, ...bodyTables(db), db.mailboxes, db.ops, db.threadQueue],
      async () => {
        const known = await knownHashes(
          db,
          items.map((i) => i.email.contentHash),
        );
        const fresh: NewMessage[] = [];
        for (const item of items) {
          if (known.has(item.email.contentHash)) continue;
          known.add(item.email.contentHash);
          fresh.push(item);
        }
        const deltas = new CountDeltas();
        for (const { email } of fresh) deltas.row(email, 1);
        const rows = fresh.map((i) => ({ ...i.email }));
        await packInto(
          db,
          rows,
          fresh.map((i) => ({ id: i.email.id, raw: i.raw })),
        );
        await db.emails.bulkAdd(rows);
        await deltas.apply(db);
        // THREAD-1: threaded later, off the import's path (threads.ts drainThreadQueueStep).
        await queueForThreading(
          db,
          fresh.map((i) => i.email.id),
        );
        // In an account, imported mail goes to the server too (ADR 0012).
        await journal(
          db,
          fresh.map(({ email }) => ({
            kind: 'email-import',
            target: email.id,
            mailboxId: email.mailboxId,
            keywords: Object.fromEntries(
              Object.keys(email.keywords).map((k) => [k, true as const]),
            ),
            receivedAt: email.receivedAt,
          })),
          Date.now(),
        );
        return fresh.length;
      },
    ),
  );
}

/** A view's structured clone copies its whole buffer: store a tight copy instead. */
export function ownedBytes(raw: Uint8Array): Uint8Array {
  if (raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength) return raw;
  return raw.slice();
}

/**
 * FOLDER-6 / DELETE-1: moves messages. Into Trash they remember where they came from
 * and when (for restore and DELETE-3); out of Trash they forget it. Rows and counters in
 * one transaction so every message stays in exactly one counted folder (FOLDER-1).
 */
export async function moveEmails(
  db: BuzonDb,
  ids: readonly string[],
  targetId: string,
  now: number,
): Promise<void> {
  await storeCall(() =>
    db.transaction('rw', [db.emails, db.mailboxes, db.ops, db.threads], async () => {
      const byId = byIdMap(await db.mailboxes.toArray());
      if (!byId.has(targetId)) throw new NotFoundError(`Folder ${targetId} does not exist.`);
      const targetInTrash = isInTrash(byId, targetId);
      const rows = (await db.emails.bulkGet([...ids])).filter(
        (e): e is EmailRecord => e !== undefined,
      );
      const deltas = new CountDeltas();
      const threads = new ThreadChanges();
      const changed: EmailRecord[] = [];
      for (const row of rows) {
        if (row.mailboxId === targetId) continue;
        deltas.row(row, -1);
        const next: EmailRecord = { ...row, mailboxId: targetId };
        const fromTrash = isInTrash(byId, row.mailboxId);
        if (targetInTrash && !fromTrash) {
          next.trashedAt = now;
          next.originMailboxId = row.mailboxId;
        } else if (!targetInTrash) {
          delete next.trashedAt;
          delete next.originMailboxId;
        } else if (next.trashedAt === undefined) {
          next.trashedAt = now;
        }
        deltas.row(next, 1);
        threads.change(row, next);
        changed.push(next);
      }
      await db.emails.bulkPut(changed);
      await deltas.apply(db);
      await threads.apply(db);
      await journal(
        db,
        changed.map((e) => moveOp(rows, e)),
        now,
      );
    }),
  );
}

/** The op of a message that moved from where `before` had it to where `after` has it. */
function moveOp(before: readonly EmailRecord[], after: EmailRecord): PendingOp {
  const from = before.find((b) => b.id === after.id)?.mailboxId ?? after.mailboxId;
  return { kind: 'email-move', target: after.id, from, to: after.mailboxId };
}

/**
 * DELETE-1: restores messages to the folder they were deleted from, or Inbox when that
 * folder is gone or itself in Trash. One transaction for rows and counters.
 */
export async function restoreEmails(db: BuzonDb, ids: readonly string[]): Promise<void> {
  await storeCall(() =>
    db.transaction('rw', [db.emails, db.mailboxes, db.ops, db.threads], async () => {
      const byId = byIdMap(await db.mailboxes.toArray());
      const rows = (await db.emails.bulkGet([...ids])).filter(
        (e): e is EmailRecord => e !== undefined,
      );
      const deltas = new CountDeltas();
      const threads = new ThreadChanges();
      const changed: EmailRecord[] = [];
      for (const row of rows) {
        if (!isInTrash(byId, row.mailboxId)) continue;
        const origin = row.originMailboxId;
        const target =
          origin !== undefined && byId.has(origin) && !isInTrash(byId, origin) ? origin : INBOX_ID;
        deltas.row(row, -1);
        const next: EmailRecord = { ...row, mailboxId: target };
        delete next.trashedAt;
        delete next.originMailboxId;
        deltas.row(next, 1);
        threads.change(row, next);
        changed.push(next);
      }
      await db.emails.bulkPut(changed);
      await deltas.apply(db);
      await threads.apply(db);
      await journal(
        db,
        changed.map((e) => moveOp(rows, e)),
        Date.now(),
      );
    }),
  );
}

/** DELETE-1 in Trash, DELETE-2, DELETE-3: rows, bodies and counters go together. */
export async function deleteEmailsForever(db: BuzonDb, ids: readonly string[]): Promise<void> {
  await storeCall(() =>
    db.transaction(
      'rw',
      [db.emails, ...bodyTables(db), db.mailboxes, db.ops, db.bodyQueue, db.threads, db.decrypted],
      async () => {
        const rows = (await db.emails.bulkGet([...ids])).filter(
          (e): e is EmailRecord => e !== undefined,
        );
        const deltas = new CountDeltas();
        const threads = new ThreadChanges();
        for (const row of rows) {
          deltas.row(row, -1);
          threads.remove(row);
        }
        const keys = rows.map((r) => r.id);
        await dropBodies(db, rows);
        await db.emails.bulkDelete(keys);
        await db.bodyQueue.bulkDelete(keys);
        // PGP-4: a kept decrypted copy goes with its message (ADR 0031).
        await db.decrypted.bulkDelete(keys);
        await deltas.apply(db);
        await threads.apply(db);
        await journal(
          db,
          keys.map((target) => ({ kind: 'email-destroy', target })),
          Date.now(),
        );
      },
    ),
  );
}

/** Sets or clears a keyword; `$seen` also updates the index field and unread counters. */
export async function putKeyword(
  db: BuzonDb,
  ids: readonly string[],
  keyword: string,
  on: boolean,
): Promise<void> {
  await storeCall(() =>
    db.transaction('rw', [db.emails, db.mailboxes, db.ops, db.threads], async () => {
      const rows = (await db.emails.bulkGet([...ids])).filter(
        (e): e is EmailRecord => e !== undefined,
      );
      const deltas = new CountDeltas();
      const threads = new ThreadChanges();
      const changed: EmailRecord[] = [];
      for (const row of rows) {
        if (Boolean(row.keywords[keyword]) === on) continue;
        const keywords: Keywords = on
          ? { ...row.keywords, [keyword]: true }
          : Object.fromEntries(Object.entries(row.keywords).filter(([k]) => k !== keyword));
        const next: EmailRecord = { ...row, keywords };
        if (keyword === '$seen') {
          next.seen = on ? 1 : 0;
          deltas.add(row.mailboxId, 0, on ? -1 : 1);
        }
        threads.change(row, next);
        changed.push(next);
      }
      await db.emails.bulkPut(changed);
      await deltas.apply(db);
      await threads.apply(db);
      await journal(
        db,
        changed.map((e) => ({ kind: 'email-keywords', target: e.id, keywords: { [keyword]: on } })),
        Date.now(),
      );
    }),
  );
}

/** ATTACH-4: the rewritten source and the row fields derived from it change together. */
export async function putRewrittenMessage(
  db: BuzonDb,
  id: string,
  raw: Uint8Array,
  patch: Pick<EmailRecord, 'size' | 'hasAttachment' | 'contentHash'>,
): Promise<void> {
  await storeCall(() =>
    db.transaction('rw', [db.emails, ...bodyTables(db), db.ops, db.threads], async () => {
      const row = await db.emails.get(id);
      if (!row) throw new NotFoundError(`Message ${id} does not exist.`);
      await dropBodies(db, [row]);
      const next: EmailRecord = keepSortKeys({ ...row, ...patch });
      delete next.bodyPack;
      await packInto(db, [next], [{ id, raw }]);
      await db.emails.put(next);
      const threads = new ThreadChanges();
      threads.change(row, next);
      await threads.apply(db);
      // In an account the server copy is replaced too (ADR 0012).
      await journal(db, [{ kind: 'email-replace', target: id }], Date.now());
    }),
  );
}
