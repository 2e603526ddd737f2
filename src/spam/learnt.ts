// SPAM-2: which messages the classifier has learnt from, and as what, so a second click on
// "Spam" teaches nothing more and "Not spam" after "Spam" first unlearns the spam lesson
// (bayes.ts relearn). Bounded: the oldest marks are forgotten first. Pure.
import type { SpamLabel } from './types.js';

/**
 * Marks remembered. A user marks a few messages a day; 10,000 covers years of marks (and
 * a whole training corpus in the tests) in about 400 KB stored. A mark forgotten past this
 * only means that re-marking that old message the other way adds a lesson without taking
 * the first one back.
 */
export const MAX_LEARNT_MARKS = 10_000;
/** Bumped when the stored shape changes; an unknown shape is read as "nothing learnt". */
const LEARNT_VERSION = 1;
/** Longest message id accepted from storage (store ids are short; a longer one is junk). */
const MAX_ID_CHARS = 200;

/** The stored form: message ids and, at the same index, 'h' (ham) or 's' (spam). */
export interface StoredLearntMarks {
  v: typeof LEARNT_VERSION;
  ids: string[];
  labels: string;
}

export class LearntMarks {
  /** In insertion order, oldest first (a Map keeps it), so eviction is from the front. */
  private readonly marks = new Map<string, SpamLabel>();

  constructor(private readonly max = MAX_LEARNT_MARKS) {}

  get size(): number {
    return this.marks.size;
  }

  get(id: string): SpamLabel | null {
    return this.marks.get(id) ?? null;
  }

  /** Remembers the latest mark of a message (as the newest), forgetting the oldest past the cap. */
  set(id: string, label: SpamLabel): void {
    this.marks.delete(id);
    this.marks.set(id, label);
    for (const oldest of this.marks.keys()) {
      if (this.marks.size <= this.max) break;
      this.marks.delete(oldest);
    }
  }

  toStored(): StoredLearntMarks {
    let labels = '';
    for (const label of this.marks.values()) labels += label === 'spam' ? 's' : 'h';
    return { v: LEARNT_VERSION, ids: [...this.marks.keys()], labels };
  }

  /** The stored form back; anything malformed gives an empty record, never an exception. */
  static fromStored(stored: unknown, max = MAX_LEARNT_MARKS): LearntMarks {
    const out = new LearntMarks(max);
    if (typeof stored !== 'object' || stored === null) return out;
    const s = stored as Partial<Record<keyof StoredLearntMarks, unknown>>;
    if (s.v !== LEARNT_VERSION || !Array.isArray(s.ids) || typeof s.labels !== 'string') return out;
    if (s.ids.length !== s.labels.length) return out;
    for (const [i, id] of (s.ids as unknown[]).entries()) {
      const label = s.labels[i];
      if (typeof id !== 'string' || !id || id.length > MAX_ID_CHARS) return new LearntMarks(max);
      if (label !== 's' && label !== 'h') return new LearntMarks(max);
      out.set(id, label === 's' ? 'spam' : 'ham');
    }
    return out;
  }
}
