// Thread rows (THREAD-1) as a combinable summary: the row of a thread in a folder is the
// combination of its messages' one-message rows, in any order and grouping. That is what
// lets a write add a message to a row, and a merge join two rows, without reading the
// thread's other messages; only a removal that takes away the newest or oldest message or
// a participant's first message re-reads them (thread-changes.ts). Pure: no Dexie here.
// The fields agree with mail/threading/summary.ts (subject of the oldest message, senders
// in the order they first wrote, unread if any message is); the tests check they match.
import type { ThreadInput } from '../../mail/threading/types.js';
import { subjectLink, threadLinks } from '../../mail/threading/links.js';
import type { IncrementalResult } from '../../mail/threading/keys.js';
import type { EmailRecord, ThreadParticipantRecord, ThreadRecord } from '../records.js';

/**
 * Senders kept per thread row. A row shows two or three names ("Ana, Bob … 12"); keeping
 * the first few (by date) stays exact under combination, since the first N of a union are
 * among the first N of each side.
 */
export const MAX_THREAD_PARTICIPANTS = 8;

/** The date threading and the thread's order use: the Date header, else arrival. */
export function threadDateOf(e: Pick<EmailRecord, 'sentAt' | 'receivedAt'>): number {
  return e.sentAt ?? e.receivedAt;
}

export function toThreadInput(e: EmailRecord): ThreadInput {
  return {
    id: e.id,
    messageId: e.messageId,
    inReplyTo: e.inReplyTo,
    references: e.references,
    subject: e.subject,
    date: threadDateOf(e),
  };
}

/** Writes a message's threading fields from what incrementalThread returned for it. */
export function setThreadFields(e: EmailRecord, input: ThreadInput, r: IncrementalResult): void {
  const links = threadLinks(input);
  const subject = subjectLink(input, links);
  e.threadKey = r.key;
  e.threadSelf = r.self;
  e.threadLinks = links;
  e.threadNodes = [r.self, ...links];
  e.threadDate = input.date;
  if (subject) {
    e.threadBase = subject.base;
    e.threadOrphan = subject.orphan ? 1 : 0;
  } else {
    delete e.threadBase;
    delete e.threadOrphan;
  }
}

function before(aDate: number, aId: string, bDate: number, bId: string): boolean {
  return aDate < bDate || (aDate === bDate && aId < bId);
}

function identity(p: { name: string; address: string }): string {
  return (p.address || p.name).toLowerCase();
}

/** The row of a thread holding this one message (which must have a threadKey). */
export function messageRow(e: EmailRecord): ThreadRecord {
  const date = threadDateOf(e);
  const sender = e.from[0];
  return {
    mailboxId: e.mailboxId,
    threadKey: e.threadKey as string,
    count: 1,
    unread: e.seen === 0 ? 1 : 0,
    hasUnread: e.seen === 0 ? 1 : 0,
    flagged: e.keywords.$flagged ? 1 : 0,
    attachments: e.hasAttachment ? 1 : 0,
    latestAt: e.receivedAt,
    latestId: e.id,
    oldestDate: date,
    oldestId: e.id,
    subject: e.subject,
    participants: sender ? [{ name: sender.name, address: sender.address, date, id: e.id }] : [],
  };
}

function mergeParticipants(
  a: readonly ThreadParticipantRecord[],
  b: readonly ThreadParticipantRecord[],
): ThreadParticipantRecord[] {
  const all = [...a, ...b].sort((x, y) =>
    before(x.date, x.id, y.date, y.id) ? -1 : before(y.date, y.id, x.date, x.id) ? 1 : 0,
  );
  const seen = new Set<string>();
  const out: ThreadParticipantRecord[] = [];
  for (const p of all) {
    const who = identity(p);
    if (seen.has(who)) continue;
    seen.add(who);
    out.push(p);
    if (out.length === MAX_THREAD_PARTICIPANTS) break;
  }
  return out;
}

/** Two rows of the same thread and folder as one (keeps `a`'s folder and key). */
export function combineRows(a: ThreadRecord, b: ThreadRecord): ThreadRecord {
  const newer = before(a.latestAt, a.latestId, b.latestAt, b.latestId) ? b : a;
  const older = before(b.oldestDate, b.oldestId, a.oldestDate, a.oldestId) ? b : a;
  const unread = a.unread + b.unread;
  return {
    mailboxId: a.mailboxId,
    threadKey: a.threadKey,
    count: a.count + b.count,
    unread,
    hasUnread: unread > 0 ? 1 : 0,
    flagged: a.flagged + b.flagged,
    attachments: a.attachments + b.attachments,
    latestAt: newer.latestAt,
    latestId: newer.latestId,
    oldestDate: older.oldestDate,
    oldestId: older.oldestId,
    subject: older.subject,
    participants: mergeParticipants(a.participants, b.participants),
  };
}

/** The row of these messages (one thread, one folder), or null when there are none. */
export function rowOf(messages: readonly EmailRecord[]): ThreadRecord | null {
  let row: ThreadRecord | null = null;
  for (const m of messages) row = row ? combineRows(row, messageRow(m)) : messageRow(m);
  return row;
}

/** Whether removing message `id` may change more than the row's counters. */
export function shapesRow(row: ThreadRecord, id: string): boolean {
  return row.latestId === id || row.oldestId === id || row.participants.some((p) => p.id === id);
}
