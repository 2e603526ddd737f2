// The server's folder list applied over the local one (ADR 0012). Folders are few, so the
// sync always applies the whole list: the same code serves bootstrap, /changes and
// recovery. Pending local folder changes are kept and shown over the server's truth.
import type { BuzonDb } from '../db.js';
import { storeCall } from '../errors.js';
import type { MailboxRecord, OpRecord } from '../records.js';
import { bodyTables, dropBodiesOf } from '../repos/bodies.js';
import { forgetEmailOps } from '../repos/mailboxes.js';
import { dropFolderThreads } from '../repos/thread-changes.js';
import type { Conflict, ServerMailbox } from './server-types.js';
import Dexie from 'dexie';

/** server id → local id, for every local folder the server knows. */
export function serverToLocal(all: readonly MailboxRecord[]): Map<string, string> {
  return new Map(all.filter((m) => m.serverId).map((m) => [m.serverId as string, m.id]));
}

/** local id → server id. */
export function localToServer(all: readonly MailboxRecord[]): Map<string, string> {
  return new Map(all.filter((m) => m.serverId).map((m) => [m.id, m.serverId as string]));
}

function pendingFolderIds(ops: readonly OpRecord[]): Set<string> {
  return new Set(ops.filter((o) => o.op.kind.startsWith('mailbox-')).map((o) => o.target));
}

/** A local system folder the server has under no role: match a root folder by name. */
function byRootName(list: readonly ServerMailbox[], name: string): ServerMailbox | undefined {
  const lower = name.toLowerCase();
  return list.find((m) => m.parentId === null && m.role === null && m.name.toLowerCase() === lower);
}

async function deleteLocalFolder(db: BuzonDb, id: string): Promise<void> {
  const keys = await db.emails
    .where('[mailboxId+receivedAt]')
    .between([id, Dexie.minKey], [id, Dexie.maxKey])
    .primaryKeys();
  await dropBodiesOf(db, keys);
  await db.emails.bulkDelete(keys);
  await forgetEmailOps(db, keys);
  await dropFolderThreads(db, [id]);
  await db.mailboxes.delete(id);
}

export interface ApplyMailboxListOptions {
  /**
   * Folders (by server id) the list does not show but that are not gone: those of an
   * account the server left out because it could not reach it. They stay as they are.
   */
  keepUnlisted?: (serverId: string) => boolean;
}

/**
 * Makes the local folders match `list`, keeping local-only folders (created offline,
 * not yet on the server) and showing pending renames/moves over the server's values.
 * Returns the conflicts to tell the user about.
 */
export async function applyMailboxList(
  db: BuzonDb,
  list: readonly ServerMailbox[],
  state: string,
  opts: ApplyMailboxListOptions = {},
): Promise<Conflict[]> {
  const keep = opts.keepUnlisted ?? (() => false);
  return storeCall(() =>
    db.transaction(
      'rw',
      [db.mailboxes, db.emails, ...bodyTables(db), db.ops, db.bodyQueue, db.syncState, db.threads],
      async () => {
        const conflicts: Conflict[] = [];
        const local = await db.mailboxes.toArray();
        const ops = await db.ops.toArray();
        const pending = pendingFolderIds(ops);
        const bySid = new Map(local.filter((m) => m.serverId).map((m) => [m.serverId, m]));
        const claimed = new Set<string>();
        const next = new Map<string, MailboxRecord>();

        for (const sm of list) {
          let mb = bySid.get(sm.id);
          if (!mb && sm.role) mb = local.find((m) => m.role === sm.role && !m.serverId);
          if (mb) claimed.add(mb.id);
          next.set(sm.id, mb ? { ...mb, serverId: sm.id } : newFolder(sm));
        }
        // Local system folders with no server role (Templates): adopt a root folder by name.
        for (const mb of local) {
          if (mb.role === null || mb.serverId || claimed.has(mb.id)) continue;
          const sm = byRootName(list, mb.name);
          if (!sm || next.get(sm.id)?.role) continue;
          const adopted = next.get(sm.id);
          if (adopted && adopted.id !== sm.id) continue;
          next.set(sm.id, { ...mb, serverId: sm.id });
          claimed.add(mb.id);
        }
        const sidToLocal = new Map([...next].map(([sid, mb]) => [sid, mb.id]));
        for (const sm of list) {
          const mb = next.get(sm.id) as MailboxRecord;
          if (pending.has(mb.id)) continue; // the local intent shows until the server answers
          mb.parentId = sm.parentId === null ? null : (sidToLocal.get(sm.parentId) ?? null);
          if (mb.role === null) mb.name = sm.name;
        }
        // Folders the server no longer has: gone, with their messages (unless never sent).
        for (const mb of local) {
          if (!mb.serverId || list.some((s) => s.id === mb.serverId)) continue;
          if (keep(mb.serverId)) continue;

          if (mb.role !== null) {
            next.set(`local:${mb.id}`, { ...mb, serverId: undefined });
            continue;
          }
          if (pending.has(mb.id)) {
            conflicts.push({ kind: 'folder-gone', target: mb.id, label: mb.name });
            await db.ops.where('target').equals(mb.id).delete();
          }
          await deleteLocalFolder(db, mb.id);
        }
        const kept = local.filter((m) => !m.serverId && !claimed.has(m.id));
        const rows = [...next.values(), ...kept].map(clean);
        // Only the folders that changed: the Mailbox state moves with every message read,
        // flagged or delivered, and a folder row written again wakes every live query that
        // reads it (the open list re-reads its ids), which a catch-up's messages then wait
        // behind (ADR 0012, session 22).
        const before = new Map(local.map((m) => [m.id, m]));
        const changed = rows.filter((r) => !sameFields(before.get(r.id), r));
        if (changed.length > 0) await db.mailboxes.bulkPut(changed);
        await db.syncState.put({ key: 'Mailbox', value: state });
        return conflicts;
      },
    ),
  );
}

function newFolder(sm: ServerMailbox): MailboxRecord {
  return {
    id: sm.id,
    serverId: sm.id,
    name: sm.name,
    parentId: null,
    role: null,
    total: 0,
    unread: 0,
  };
}

/** True when `a` is stored with the same fields as `b` (records of plain values). */
function sameFields(a: MailboxRecord | undefined, b: MailboxRecord): boolean {
  if (!a) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (a[k as keyof MailboxRecord] !== b[k as keyof MailboxRecord]) return false;
  }
  return true;
}

function clean(mb: MailboxRecord): MailboxRecord {
  const out = { ...mb };
  if (out.serverId === undefined) delete out.serverId;
  return out;
}
