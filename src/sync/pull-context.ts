// What every pull step works with, and the offline window's arithmetic.
import type { MailParser } from '../mail/types.js';
import type { BuzonDb } from '../store/db.js';
import type { Conflict } from '../store/sync/server-types.js';
import type { JmapClient } from './jmap-client.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface PullContext {
  db: BuzonDb;
  client: JmapClient;
  accountId: string;
  now: () => number;
  /** null = everything. */
  windowDays: number | null;
  signal: AbortSignal;
  /**
   * Parses bytes that come with rows (the bootstrap with Blob/get); without it the
   * bootstrap fetches metadata rows and leaves bytes to the body queue.
   */
  parser?: MailParser;
  /**
   * SPAM-1/FILTER-3: queue new mail arriving in an Inbox for spam detection and filters.
   * False for a mailbox shared with the user: someone else's mail is not theirs to filter.
   */
  queueIncoming?: boolean;
  onProgress: (done: number, total: number) => void;
  onConflicts: (c: Conflict[]) => void;
  /**
   * Other IMAP accounts this pass went on without, their servers being down
   * (protocol/jmap-partial.ts): what this device holds of them stays, and syncs later.
   */
  onLeftOut?: (accounts: readonly string[]) => void;
}

export function windowStart(ctx: Pick<PullContext, 'now' | 'windowDays'>): number | undefined {
  return ctx.windowDays === null ? undefined : daysBefore(ctx.now(), ctx.windowDays);
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The offline window's start `days` days before `now`, or undefined for everything. */
export function daysBefore(now: number, days: number): number {
  return now - days * DAY_MS;
}
