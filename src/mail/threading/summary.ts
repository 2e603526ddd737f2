// The row a thread shows in the threads view (THREAD-1) and the ids its actions act on
// (THREAD-2), from the thread's messages. Pure: the caller reads the messages.
import type { MailAddress } from '../types.js';
import { compareByDateThenId } from './types.js';

export interface ThreadMessage {
  id: string;
  /** Read state: `EmailRecord.seen` (0/1) or a boolean. */
  seen: boolean | 0 | 1;
  /** Same date as given to threading: sentAt, else receivedAt. */
  date: number;
  from: readonly MailAddress[];
  subject: string;
}

export interface ThreadSummary {
  count: number;
  /** A thread is unread when any of its messages is. */
  unread: boolean;
  unreadCount: number;
  /** Date of the newest message: what the list sorts threads by. */
  latestDate: number;
  /** Subject of the oldest message. */
  subject: string;
  /** Distinct senders (by address, case-insensitive), in the order they first wrote. */
  participants: MailAddress[];
  /** Opening order: oldest at the top, newest at the bottom. */
  ids: string[];
  /** Where to scroll on opening: the oldest unread message, or null when all are read. */
  firstUnreadId: string | null;
  /** "Mark whole thread unread": the messages that are read now, in opening order. */
  markUnreadIds: string[];
  /** "Mark whole thread read": the messages that are unread now, in opening order. */
  markReadIds: string[];
}

/** Summarises a thread; `messages` may come in any order. Throws on an empty thread. */
export function summarizeThread(messages: readonly ThreadMessage[]): ThreadSummary {
  if (messages.length === 0) throw new EmptyThreadError();
  const ordered = [...messages].sort(compareByDateThenId);
  const participants: MailAddress[] = [];
  const seenSenders = new Set<string>();
  const markUnreadIds: string[] = [];
  const markReadIds: string[] = [];
  for (const m of ordered) {
    if (isSeen(m.seen)) markUnreadIds.push(m.id);
    else markReadIds.push(m.id);
    const sender = m.from[0];
    if (!sender) continue;
    const identity = (sender.address || sender.name).toLowerCase();
    if (seenSenders.has(identity)) continue;
    seenSenders.add(identity);
    participants.push({ name: sender.name, address: sender.address });
  }
  return {
    count: ordered.length,
    unread: markReadIds.length > 0,
    unreadCount: markReadIds.length,
    latestDate: ordered[ordered.length - 1].date,
    subject: ordered[0].subject,
    participants,
    ids: ordered.map((m) => m.id),
    firstUnreadId: markReadIds[0] ?? null,
    markUnreadIds,
    markReadIds,
  };
}

function isSeen(seen: boolean | 0 | 1): boolean {
  return seen === true || seen === 1;
}

export class EmptyThreadError extends Error {
  constructor() {
    super('A thread has at least one message.');
    this.name = 'EmptyThreadError';
  }
}
