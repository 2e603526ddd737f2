// An in-memory thread index over `incrementalThread`: the reference for what a persisted
// index (Dexie rows with threadKey/threadSelf/threadLinks/threadBase) must answer, and the
// driver of the incremental-versus-batch tests. Maps only: adding a message costs its
// look-ups plus the size of the threads it merges (their rows get the surviving key).
import { incrementalThread } from './keys.js';
import type { IncrementalResult, StoredHolder, SubjectQuery, ThreadLookup } from './keys.js';
import { subjectLink, threadLinks } from './links.js';
import { compareByDateThenId } from './types.js';
import type { ThreadInput } from './types.js';

interface SubjectEntry {
  id: string;
  date: number;
  orphan: boolean;
}

/**
 * Subject entries are bucketed by day, so a window look-up reads about sixty buckets
 * instead of every message that ever had the subject (a stand-in for a compound index).
 */
const SUBJECT_BUCKET_MS = 24 * 60 * 60 * 1000;

export class MemoryThreadIndex implements ThreadLookup {
  readonly #inputs = new Map<string, ThreadInput>();
  readonly #keyOf = new Map<string, string>();
  readonly #members = new Map<string, Set<string>>();
  readonly #bySelf = new Map<string, string[]>();
  readonly #byLink = new Map<string, string[]>();
  readonly #bySubject = new Map<string, Map<number, SubjectEntry[]>>();

  /** Threads one message in and records it; returns what a persisted index would write. */
  add(input: ThreadInput): IncrementalResult {
    const result = incrementalThread(this, input);
    for (const old of result.merges) this.#rekey(old, result.key);
    this.#inputs.set(input.id, input);
    this.#keyOf.set(input.id, result.key);
    let members = this.#members.get(result.key);
    if (!members) this.#members.set(result.key, (members = new Set()));
    members.add(input.id);
    push(this.#bySelf, result.self, input.id);
    const links = threadLinks(input);
    for (const id of links) push(this.#byLink, id, input.id);
    const subject = subjectLink(input, links);
    if (subject) {
      let buckets = this.#bySubject.get(subject.base);
      if (!buckets) this.#bySubject.set(subject.base, (buckets = new Map()));
      const bucket = Math.floor(input.date / SUBJECT_BUCKET_MS);
      const entry = { id: input.id, date: input.date, orphan: subject.orphan };
      const entries = buckets.get(bucket);
      if (entries) entries.push(entry);
      else buckets.set(bucket, [entry]);
    }
    return result;
  }

  keyOf(id: string): string | undefined {
    return this.#keyOf.get(id);
  }

  /** Every thread: key → record ids, oldest first. */
  threads(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const [key, ids] of this.#members) {
      const inputs = [...ids].map((id) => this.#inputs.get(id) as ThreadInput);
      out.set(
        key,
        inputs.sort(compareByDateThenId).map((m) => m.id),
      );
    }
    return out;
  }

  holders(node: string): readonly StoredHolder[] {
    return (this.#bySelf.get(node) ?? []).map((id) => {
      const m = this.#inputs.get(id) as ThreadInput;
      return { key: this.#keyOf.get(id) as string, subject: m.subject, date: m.date };
    });
  }

  keysLinkingTo(node: string): readonly string[] {
    return (this.#byLink.get(node) ?? []).map((id) => this.#keyOf.get(id) as string);
  }

  keysBySubject(q: SubjectQuery): readonly string[] {
    const out: string[] = [];
    const buckets = this.#bySubject.get(q.base);
    if (!buckets) return out;
    const last = Math.floor(q.to / SUBJECT_BUCKET_MS);
    for (let b = Math.floor(q.from / SUBJECT_BUCKET_MS); b <= last; b++) {
      for (const e of buckets.get(b) ?? []) {
        if (e.date < q.from || e.date > q.to || (q.orphansOnly && !e.orphan)) continue;
        out.push(this.#keyOf.get(e.id) as string);
      }
    }
    return out;
  }

  #rekey(from: string, to: string): void {
    const moving = this.#members.get(from);
    if (!moving) return;
    let target = this.#members.get(to);
    if (!target) this.#members.set(to, (target = new Set()));
    for (const id of moving) {
      target.add(id);
      this.#keyOf.set(id, to);
    }
    this.#members.delete(from);
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
