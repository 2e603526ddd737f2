// The server's messages applied over the local ones, with the pending local changes
// replayed on top (ADR 0012). One transaction per batch: rows, counters, ops, the body
// queue and the state string commit together, so a crash or a reload mid-sync leaves
// either the old state with the old rows or the new state with the new rows.
//
// Conflict rules (ARCHITECTURE.md § Sync):
//   - a delete on the server beats a local flag change (the op goes, the user is told);
//   - an offline move applies only while the message is still where it was;
//   - keyword changes are patches, so another device's change to another keyword stays.
import Dexie from 'dexie';
import type { BuzonDb } from '../db.js';
import { CountDeltas } from '../counts.js';
import { storeCall } from '../errors.js';
import { isIncomingFolder, mayHoldFiledMail } from '../incoming-folders.js';
import { byIdMap, isInTrash } from '../folder-rules.js';
import type { EmailRecord, Keywords, OpRecord } from '../records.js';
import { dropBodies, packInto, type BodyInput, type BodyRef } from '../repos/bodies.js';
import { ThreadChanges } from '../repos/thread-changes.js';
import { queueForThreading } from '../repos/thread-queue.js';
import type { BodyDerived } from './bodies.js';
import { serverToLocal } from './apply-mailboxes.js';
import type { Conflict, ServerEmail } from './server-types.js';
import { StateMismatchError } from './server-types.js';
import { readState } from './sync-state.js';
import { keepSortKeys, withSortKeys } from '../sort-keys.js';

export interface EmailBatch {
  upserts: readonly ServerEmail[];
  /**
   * Folder and keyword changes of messages already here (what /changes reports for
   * "updated"): the rest of the row stays. Ids not on the device come back in `unknown`.
   */
  patches?: readonly ServerEmailPatch[];
  destroyed: readonly string[];
  /**
   * Raw bytes that came with the batch (bootstrap fetches rows and bytes together): the
   * row is written once, with the fields parsed from its bytes, and nothing is queued.
   */
  bodies?: ReadonlyMap<string, { raw: Uint8Array; derived: BodyDerived }>;
  /** Checked against the stored Email state before anything is written; omit in bootstrap. */
  oldState?: string;
  /** Stored with the batch; omit to leave the state as it is (bootstrap pages). */
  newState?: string;
  /**
   * The caller expects none of `upserts` to be on the device (a bootstrap's listing): they
   * are added without being looked up first. Should one be there after all, the batch is
   * applied again the ordinary way, so the outcome is the same either way. Measured on the
   * 10k bootstrap: the look-ups were 10,000 of its ~42,000 IndexedDB requests.
   */
  expectNew?: boolean;
  /** Messages older than this that are not on the device yet are not added (offline window). */
  windowStart?: number;
  /**
   * SPAM-1/FILTER-3: the new messages are incoming mail (incremental sync's "created"), so
   * those landing in an Inbox are queued for spam detection and filters. Bootstrap, window
   * widening and recovery pass false: that is mail the user already had.
   */
  incoming?: boolean;
  now: number;
}

export interface EmailBatchResult {
  conflicts: Conflict[];
  added: number;
  /** Patched ids that are not on this device (the caller fetches them whole, or not). */
  unknown: string[];
}

/** A message's server folder (server id) and keywords, nothing else. */
export interface ServerEmailPatch {
  id: string;
  mailboxId: string;
  keywords: Record<string, true>;
}

/** A row as server truth, to be patched: everything but folder and keywords stays. */
function fromRow(row: EmailRecord, patch: ServerEmailPatch): ServerEmail {
  return {
    id: row.id,
    blobId: row.blobId ?? row.id,
    threadId: row.threadId ?? row.id,
    mailboxId: patch.mailboxId,
    keywords: patch.keywords,
    size: row.size,
    receivedAt: row.receivedAt,
    messageId: row.messageId || null,
    inReplyTo: row.inReplyTo,
    references: row.references,
    from: row.from,
    to: row.to,
    cc: row.cc,
    subject: row.subject,
    sentAt: row.sentAt,
    hasAttachment: row.hasAttachment,
    preview: row.preview,
  };
}

/** The row's list fields from server metadata, until the raw bytes give the full summary. */
function metadataFields(s: ServerEmail) {
  return {
    messageId: s.messageId ?? '',
    sentAt: s.sentAt,
    from: s.from,
    to: s.to,
    cc: s.cc,
    subject: s.subject,
    preview: s.preview,
    inReplyTo: s.inReplyTo,
    references: s.references,
    hasAttachment: s.hasAttachment,
  };
}

function withKeywords(row: EmailRecord, keywords: Keywords): EmailRecord {
  return { ...row, keywords, seen: keywords['$seen'] ? 1 : 0 };
}

/** Replays the pending ops of one message over the server's truth. */
function rebase(
  row: EmailRecord,
  ops: readonly OpRecord[],
  conflicts: Conflict[],
  dropped: number[],
): EmailRecord | null {
  let cur = row;
  for (const rec of ops) {
    const op = rec.op;
    if (op.kind === 'email-destroy') return null;
    if (op.kind === 'email-keywords') {
      const merged = { ...cur.keywords, ...op.keywords };
      const keywords: Keywords = Object.fromEntries(
        Object.entries(merged)
          .filter(([, on]) => on === true)
          .map(([k]) => [k, true as const]),
      );
      cur = withKeywords(cur, keywords);
    } else if (op.kind === 'email-move') {
      if (cur.mailboxId === op.from) cur = { ...cur, mailboxId: op.to };
      else {
        conflicts.push({ kind: 'moved-elsewhere', target: row.id, label: row.subject });
        dropped.push(rec.seq as number);
      }
    }
  }
  return cur;
}

/** Trash marks follow the folder, as for local moves (DELETE-1/3). */
function trashMarks(
  next: EmailRecord,
  prev: EmailRecord | undefined,
  inTrash: (id: string) => boolean,
  now: number,
): EmailRecord {
  const out = { ...next };
  if (inTrash(out.mailboxId)) {
    if (!prev || !inTrash(prev.mailboxId)) {
      out.trashedAt = now;
      if (prev) out.originMailboxId = prev.mailboxId;
    }
  } else {
    delete out.trashedAt;
    delete out.originMailboxId;
  }
  return out;
}

/** An upsert expected to be new was on the device: the batch is applied again with look-ups. */
class AlreadyStored extends Error {}

export async function applyEmailBatch(db: BuzonDb, batch: EmailBatch): Promise<EmailBatchResult> {
  return storeCall(async () => {
    if (batch.expectNew) {
      try {
        return await applyOnce(db, batch, true);
      } catch (err) {
        // The aborted transaction wrote nothing.
        if (!(err instanceof AlreadyStored)) throw err;
      }
    }
    return applyOnce(db, batch, false);
  });
}

/** One transaction; `expectNew`: upserts are added unread, and one already stored aborts. */
function applyOnce(db: BuzonDb, batch: EmailBatch, expectNew: boolean): Promise<EmailBatchResult> {
  return db.transaction(
    'rw',
    [
      db.mailboxes,
      db.emails,
      db.bodyPacks,
      db.bodies,
      db.ops,
      db.bodyQueue,
      db.syncState,
      db.threads,
      db.threadQueue,
      db.incomingQueue,
    ],
    async () => {
      if (batch.oldState !== undefined) {
        const stored = await readState(db, 'Email');
        if (stored !== batch.oldState) {
          throw new StateMismatchError(`Email state is ${stored}, not ${batch.oldState}`);
        }
      }
      const conflicts: Conflict[] = [];
      const mailboxes = await db.mailboxes.toArray();
      const byId = byIdMap(mailboxes);
      const toLocal = serverToLocal(mailboxes);
      const inTrash = (id: string) => isInTrash(byId, id);
      const patches = batch.patches ?? [];
      const upsertIds = batch.upserts.map((e) => e.id);
      const ids = [...upsertIds, ...patches.map((p) => p.id), ...batch.destroyed];
      const looked = expectNew ? ids.slice(upsertIds.length) : ids;
      const existing = new Map(
        (await db.emails.bulkGet(looked))
          .filter((e): e is EmailRecord => e !== undefined)
          .map((e) => [e.id, e]),
      );
      const opsByTarget = new Map<string, OpRecord[]>();
      for (const rec of await db.ops.where('target').anyOf(ids).sortBy('seq')) {
        opsByTarget.set(rec.target, [...(opsByTarget.get(rec.target) ?? []), rec]);
      }
      const deltas = new CountDeltas();
      // THREAD-1: new messages are threaded; moves, flags and deletes update thread rows.
      const threads = new ThreadChanges();
      const fresh: EmailRecord[] = [];
      const dropped: number[] = [];
      const puts: EmailRecord[] = [];
      const queue: { id: string; receivedAt: number; blobId: string }[] = [];
      const bodies: BodyInput[] = [];
      const replaced: BodyRef[] = [];
      let added = 0;

      const unknown: string[] = [];
      const upserts = [...batch.upserts];
      for (const p of patches) {
        const row = existing.get(p.id);
        if (row) upserts.push(fromRow(row, p));
        else unknown.push(p.id);
      }
      for (const s of upserts) {
        const mailboxId = toLocal.get(s.mailboxId);
        const prev = existing.get(s.id);
        const ops = opsByTarget.get(s.id) ?? [];
        if (mailboxId === undefined) continue; // its folder is not synced (yet)
        if (!prev && ops.some((o) => o.op.kind === 'email-destroy')) continue;
        const outside = batch.windowStart !== undefined && s.receivedAt < batch.windowStart;
        if (!prev && outside) continue;
        const body = batch.bodies?.get(s.id);
        const fromBody = body ? { ...body.derived, size: body.raw.byteLength } : {};
        const base: EmailRecord = prev
          ? { ...prev, ...(prev.contentHash ? {} : metadataFields(s)), ...fromBody }
          : {
              id: s.id,
              ...metadataFields(s),
              mailboxId,
              keywords: {},
              seen: 0,
              receivedAt: s.receivedAt,
              size: s.size,
              priority: 3,
              warnings: [],
              contentHash: '',
              ...fromBody,
            };
        const server = withKeywords(
          {
            ...base,
            mailboxId,
            threadId: s.threadId,
            blobId: s.blobId,
            receivedAt: s.receivedAt,
          },
          { ...s.keywords },
        );
        const shown = rebase(server, ops, conflicts, dropped);
        if (!shown) continue;
        const marked = trashMarks(shown, prev, inTrash, batch.now);
        // ADR 0036: a bootstrap's rows go without sort keys (the first sort of a folder
        // that needs them writes them; what a new row is built from carries none); other
        // new rows get them; a stored row keeps its own.
        const next = prev ? keepSortKeys(marked) : expectNew ? marked : withSortKeys(marked);
        if (body) {
          // Bytes downloaded again replace those stored (their pack is rewritten below).
          if (prev?.bodyPack !== undefined) replaced.push({ id: prev.id, bodyPack: prev.bodyPack });
          delete next.bodyPack;
          bodies.push({ id: s.id, raw: body.raw });
        }
        if (prev) {
          deltas.row(prev, -1);
          threads.change(prev, next);
        } else {
          fresh.push(next);
          added++;
          if (!body) queue.push({ id: s.id, receivedAt: s.receivedAt, blobId: s.blobId });
        }
        deltas.row(next, 1);
        puts.push(next);
      }

      const gone: string[] = [];
      const goneRows: EmailRecord[] = [];
      for (const id of batch.destroyed) {
        const prev = existing.get(id);
        const ops = opsByTarget.get(id) ?? [];
        if (ops.some((o) => o.op.kind !== 'email-destroy')) {
          conflicts.push({ kind: 'deleted-elsewhere', target: id, label: prev?.subject ?? '' });
        }
        for (const o of ops) dropped.push(o.seq as number);
        if (prev) {
          deltas.row(prev, -1);
          threads.remove(prev);
          goneRows.push(prev);
        }
        gone.push(id);
      }

      // THREAD-1: new mail is threaded later, off the sync's path (ADR 0026).
      await queueForThreading(
        db,
        fresh.map((e) => e.id),
      );
      if (batch.incoming) {
        const arrived = fresh.filter((e) => {
          const mb = byId.get(e.mailboxId);
          return mb !== undefined && (isIncomingFolder(byId, mb) || mayHoldFiledMail(byId, mb));
        });
        await db.incomingQueue.bulkAdd(arrived.map((e) => ({ id: e.id })));
      }
      await dropBodies(db, [...replaced, ...goneRows]);
      await packInto(db, puts, bodies);
      if (expectNew) {
        // Rows not looked up are added: a key already there fails, and the batch runs again.
        const added = puts.filter((r) => !existing.has(r.id));
        await db.emails.bulkAdd(added).catch((err: unknown) => {
          throw err instanceof Dexie.BulkError ? new AlreadyStored() : err;
        });
        await db.emails.bulkPut(puts.filter((r) => existing.has(r.id)));
      } else await db.emails.bulkPut(puts);
      await db.bodyQueue.bulkPut(queue);
      await db.emails.bulkDelete(gone);
      await db.bodyQueue.bulkDelete(gone);
      await db.ops.bulkDelete(dropped);
      await deltas.apply(db);
      await threads.apply(db);
      if (batch.newState !== undefined) {
        await db.syncState.put({ key: 'Email', value: batch.newState });
      }
      return { conflicts, added, unknown };
    },
  );
}
