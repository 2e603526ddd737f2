// How a new local change folds into the changes already waiting for the same target
// (ADR 0012). Pure, so every rule is tested without a database.
//   keywords + keywords  → one patch, the later value of each keyword wins
//   move A→B + move B→C  → move A→C; a move back to where it started cancels out
//   … + destroy          → only the destroy (nothing else about a deleted thing matters)
//   import + destroy     → nothing at all (the server never had it)
//   import + anything    → kept apart: later changes wait for the import and its new id
//   import|replace + replace → nothing more (the waiting one uploads the current bytes)
//   create + update      → the create with the new name/parent (the server never saw it)
//   create + destroy     → nothing at all
//   update + update      → one update, later fields win
import type { OpRecord, PendingOp } from '../records.js';

export interface Coalesced {
  /** Pending rows to rewrite (their `rev` bumped). */
  put: OpRecord[];
  /** Pending rows (by seq) that are no longer needed. */
  remove: number[];
  /** The op to append, or null when it was folded into a pending one or cancelled out. */
  add: PendingOp | null;
}

function bumped(rec: OpRecord, op: PendingOp): OpRecord {
  return { ...rec, op, rev: rec.rev + 1, attempts: 0, notBefore: 0 };
}

/** `pending`: the target's waiting ops, oldest first. */
export function coalesce(pending: readonly OpRecord[], incoming: PendingOp): Coalesced {
  const none: Coalesced = { put: [], remove: [], add: incoming };
  const seqs = (recs: readonly OpRecord[]) => recs.map((r) => r.seq as number);

  if (incoming.kind === 'email-destroy') {
    // Never uploaded: nothing to tell the server.
    const local = pending.some((r) => r.op.kind === 'email-import');
    return { put: [], remove: seqs(pending), add: local ? null : incoming };
  }
  if (incoming.kind === 'mailbox-destroy') {
    const created = pending.some((r) => r.op.kind === 'mailbox-create');
    return { put: [], remove: seqs(pending), add: created ? null : incoming };
  }
  if (incoming.kind === 'email-replace') {
    // An import or replace still waiting will read the bytes as they are when it is sent.
    const waiting = pending.some(
      (r) => r.op.kind === 'email-import' || r.op.kind === 'email-replace',
    );
    return waiting ? { put: [], remove: [], add: null } : none;
  }
  const last = pending.at(-1);
  if (!last) return none;
  const lastOp = last.op;

  if (incoming.kind === 'email-keywords' && lastOp.kind === 'email-keywords') {
    const keywords = { ...lastOp.keywords, ...incoming.keywords };
    return { put: [bumped(last, { ...lastOp, keywords })], remove: [], add: null };
  }
  if (incoming.kind === 'email-move' && lastOp.kind === 'email-move') {
    if (lastOp.from === incoming.to) return { put: [], remove: [last.seq as number], add: null };
    return { put: [bumped(last, { ...lastOp, to: incoming.to })], remove: [], add: null };
  }
  if (incoming.kind === 'mailbox-update') {
    if (lastOp.kind === 'mailbox-create') {
      const merged: PendingOp = {
        ...lastOp,
        ...(incoming.name !== undefined ? { name: incoming.name } : {}),
        ...(incoming.parentId !== undefined ? { parentId: incoming.parentId } : {}),
      };
      return { put: [bumped(last, merged)], remove: [], add: null };
    }
    if (lastOp.kind === 'mailbox-update') {
      return { put: [bumped(last, { ...lastOp, ...incoming })], remove: [], add: null };
    }
  }
  return none;
}
