// Counts the real bytes an entry produces while it inflates and says when a budget is
// crossed. Declared sizes are checked up front too (precheck*), but only the meter is
// authoritative: a crafted header can declare anything.
import type { ZipBudget } from './zip-budget.js';
import {
  entryRatioReason,
  entryTooLargeReason,
  totalRatioMessage,
  totalTooLargeMessage,
} from './zip-budget.js';

/** Bytes read so far across the entries of one pass over an archive. */
export interface RunningTotals {
  /** Real bytes produced by inflating. */
  unpacked: number;
  /** Compressed bytes of the entries started so far. */
  packed: number;
}

/** `entry`: reject this entry, go on with the next; `archive`: stop reading the archive. */
export interface BudgetViolation {
  scope: 'entry' | 'archive';
  message: string;
}

function ratioExceeded(produced: number, packed: number, ratio: number, grace: number): boolean {
  // A stored entry of 0 bytes or a lying compressed size of 0 still gets a finite cap.
  return produced > grace && produced > Math.max(packed, 1) * ratio;
}

export class EntryMeter {
  private produced = 0;

  constructor(
    private readonly budget: Readonly<ZipBudget>,
    private readonly packedSize: number,
    private readonly totals: RunningTotals | null,
  ) {
    if (totals) totals.packed += packedSize;
  }

  /** Counts `n` more real bytes; returns the first budget crossed, or null. */
  add(n: number): BudgetViolation | null {
    const b = this.budget;
    this.produced += n;
    if (this.produced > b.maxEntryBytes) return { scope: 'entry', message: entryTooLargeReason(b) };
    if (ratioExceeded(this.produced, this.packedSize, b.maxEntryRatio, b.entryRatioGraceBytes)) {
      return { scope: 'entry', message: entryRatioReason(b) };
    }
    const t = this.totals;
    if (!t) return null;
    t.unpacked += n;
    if (t.unpacked > b.maxTotalBytes) return { scope: 'archive', message: totalTooLargeMessage(b) };
    if (ratioExceeded(t.unpacked, t.packed, b.maxTotalRatio, b.totalRatioGraceBytes)) {
      return { scope: 'archive', message: totalRatioMessage(b) };
    }
    return null;
  }
}

/** Refuses an entry on what its header declares, before spending anything on it. */
export function precheckEntry(
  budget: Readonly<ZipBudget>,
  packed: number,
  declared: number,
): string | null {
  // The ratio first: for a bomb that is also too large, "zip bomb" is the truer reason.
  if (ratioExceeded(declared, packed, budget.maxEntryRatio, budget.entryRatioGraceBytes)) {
    return entryRatioReason(budget);
  }
  if (declared > budget.maxEntryBytes) return entryTooLargeReason(budget);
  return null;
}

/** Refuses a whole pass on the declared totals, so an honest but oversized archive fails fast. */
export function precheckArchive(
  budget: Readonly<ZipBudget>,
  entries: readonly { compressedSize: number; uncompressedSize: number }[],
): string | null {
  let packed = 0;
  let declared = 0;
  for (const e of entries) {
    packed += e.compressedSize;
    declared += e.uncompressedSize;
  }
  if (declared > budget.maxTotalBytes) return totalTooLargeMessage(budget);
  if (ratioExceeded(declared, packed, budget.maxTotalRatio, budget.totalRatioGraceBytes)) {
    return totalRatioMessage(budget);
  }
  return null;
}
