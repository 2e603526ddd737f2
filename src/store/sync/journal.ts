// Recording user changes as ops in an account's database (ADR 0012). Called by the repos
// INSIDE their write transaction (which must include `db.ops`), so the local change and
// its op commit together: a crash leaves both or neither.
import type { BuzonDb } from '../db.js';
import type { OpRecord, PendingOp } from '../records.js';
import { coalesce } from './coalesce.js';

export async function journal(db: BuzonDb, ops: readonly PendingOp[], now: number): Promise<void> {
  if (!db.synced) return;
  for (const op of ops) {
    const pending = await db.ops.where('target').equals(op.target).sortBy('seq');
    const result = coalesce(pending, op);
    if (result.remove.length > 0) await db.ops.bulkDelete(result.remove);
    if (result.put.length > 0) await db.ops.bulkPut(result.put);
    if (result.add) {
      const rec: OpRecord = {
        target: op.target,
        op: result.add,
        rev: 0,
        createdAt: now,
        attempts: 0,
        notBefore: 0,
      };
      await db.ops.add(rec);
    }
  }
}
