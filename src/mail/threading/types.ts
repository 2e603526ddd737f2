// The plain shapes the threading code works on. Nothing here knows Dexie or the DOM:
// store/ maps its rows to `ThreadInput` and persists what comes back.

/** One message as threading sees it. */
export interface ThreadInput {
  /** The caller's record id: unique, returned in `Thread.ids`. */
  id: string;
  /** Message-ID without angle brackets, '' when the message has none. */
  messageId: string;
  /** In-Reply-To (first id, no brackets), or null. */
  inReplyTo: string | null;
  /** References, oldest ancestor first, no brackets. */
  references: readonly string[];
  subject: string;
  /**
   * Epoch ms: the Date header (sentAt) when the message has one, else when it arrived.
   * Copies of one message in two folders share the Date header, which is how they are
   * recognised as the same message (see `fingerprint` in links.ts).
   */
  date: number;
}

/** One conversation. */
export interface Thread {
  /** Stable handle for persistence (see keys.ts for how it is chosen and kept). */
  key: string;
  /** Record ids, oldest first (by date, then id): the order a thread opens in. */
  ids: string[];
  /** Subject of the oldest message, as it was written. */
  rootSubject: string;
}

/** Oldest first; equal dates fall back to the record id so the order never depends on input order. */
export function compareByDateThenId(
  a: { date: number; id: string },
  b: { date: number; id: string },
): number {
  if (a.date !== b.date) return a.date - b.date;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
