// The op queue's coalescing rules (ADR 0012), one by one.
import { describe, expect, it } from 'vitest';
import { coalesce } from '../../src/store/sync/coalesce.js';
import type { OpRecord, PendingOp } from '../../src/store/records.js';

let seq = 0;
function rec(op: PendingOp): OpRecord {
  return { seq: ++seq, target: op.target, op, rev: 0, createdAt: 0, attempts: 0, notBefore: 0 };
}

describe('issue 3 op queue: coalescing', () => {
  it('keyword patches merge, the later value of each keyword wins', () => {
    const p = rec({
      kind: 'email-keywords',
      target: 'e',
      keywords: { $seen: true, $flagged: true },
    });
    const r = coalesce([p], { kind: 'email-keywords', target: 'e', keywords: { $flagged: false } });
    expect(r.add).toBeNull();
    expect(r.put[0]?.op).toEqual({
      kind: 'email-keywords',
      target: 'e',
      keywords: { $seen: true, $flagged: false },
    });
    expect(r.put[0]?.rev).toBe(1);
  });

  it('move A→B then B→C is one move A→C; back to A cancels out', () => {
    const p = rec({ kind: 'email-move', target: 'e', from: 'A', to: 'B' });
    const chained = coalesce([p], { kind: 'email-move', target: 'e', from: 'B', to: 'C' });
    expect(chained.put[0]?.op).toMatchObject({ from: 'A', to: 'C' });
    const back = coalesce([p], { kind: 'email-move', target: 'e', from: 'B', to: 'A' });
    expect(back).toEqual({ put: [], remove: [p.seq], add: null });
  });

  it('a destroy replaces everything pending for the message', () => {
    const a = rec({ kind: 'email-keywords', target: 'e', keywords: { $seen: true } });
    const b = rec({ kind: 'email-move', target: 'e', from: 'A', to: 'B' });
    const r = coalesce([a, b], { kind: 'email-destroy', target: 'e' });
    expect(r.remove).toEqual([a.seq, b.seq]);
    expect(r.add).toEqual({ kind: 'email-destroy', target: 'e' });
  });

  it('a folder created and renamed offline is created with the new name; deleted, nothing is sent', () => {
    const c = rec({ kind: 'mailbox-create', target: 'f', name: 'Work', parentId: null });
    const renamed = coalesce([c], { kind: 'mailbox-update', target: 'f', name: 'Trabajo' });
    expect(renamed.put[0]?.op).toEqual({
      kind: 'mailbox-create',
      target: 'f',
      name: 'Trabajo',
      parentId: null,
    });
    expect(coalesce([c], { kind: 'mailbox-destroy', target: 'f' })).toEqual({
      put: [],
      remove: [c.seq],
      add: null,
    });
  });

  it('a keyword change after a move stays its own op (order per message is kept)', () => {
    const m = rec({ kind: 'email-move', target: 'e', from: 'A', to: 'B' });
    const r = coalesce([m], { kind: 'email-keywords', target: 'e', keywords: { $seen: true } });
    expect(r.add).toEqual({ kind: 'email-keywords', target: 'e', keywords: { $seen: true } });
  });
});
