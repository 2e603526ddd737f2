// Incoming mail (SPAM-1, FILTER-3): every message that sync brought into an Inbox — the
// mailbox's own, or another IMAP account's — goes through spam detection and then the
// user's filters, once, in arrival order (ADR 0028).
//
// Sync only queues (store/sync/apply-emails.ts, `incoming`); this drains the queue in the
// syncing tab after each pass, so one tab acts and the sync's own transaction stays short.
// Each message is taken off the queue before its actions run: a crash in between loses that
// message's filtering (it stays in the Inbox, untouched) rather than forwarding or answering
// it twice.
import type { FilterOutcome } from '../../filters/engine.js';
import { emptyOutcome, runFilters } from '../../filters/engine.js';
import { filterMessageFromParsed } from '../../filters/message.js';
import type { Filter } from '../../filters/model.js';
import { filesWithAppActions } from '../../filters/sides.js';
import type { MailParser, ParsedMessage } from '../../mail/types.js';
import { isUnparseable } from '../../mail/types.js';
import type { BuzonDb } from '../../store/db.js';
import { storeCall } from '../../store/errors.js';
import { byIdMap } from '../../store/folder-rules.js';
import {
  isIncomingFolder,
  mayHoldFiledMail,
  otherAccountRootOf,
} from '../../store/incoming-folders.js';
import type { EmailRecord, MailboxRecord } from '../../store/records.js';
import { listMailboxes } from '../../store/repos/mailboxes.js';
import { mayCarryAutocrypt } from '../pgp/autocrypt-sniff.js';
import type { PgpServiceLoader } from '../pgp-types.js';

/**
 * Messages read from the queue per step. Each needs its body (usually already on the
 * device after the pass's body download) and a parse in the worker; a few dozen keep the
 * user's view moving message by message without one read per message.
 */
export const INCOMING_BATCH = 25;

export type SpamVerdict = 'spam' | 'ham' | 'unknown';

/** What the filters need to know at the time of a run. */
export interface FilterSetup {
  filters: readonly Filter[];
  /**
   * The server runs the same rules as a Sieve script for the user's own mailbox (installed
   * and current): there the app adds only what the script cannot do (filters/sides.ts).
   */
  serverRuns: boolean;
  ownAddresses: readonly string[];
}

export interface IncomingDeps {
  db: BuzonDb;
  parser: Pick<MailParser, 'parse'>;
  /** The message's bytes: stored ones, or fetched from the server (may throw offline). */
  body(id: string): Promise<Uint8Array>;
  /**
   * The spam verdict: the user's mark, the server's headers and keywords, then the local
   * classifier. `parsed` is null when the bytes do not parse (the verdict then rests on
   * what can still be read).
   */
  spamVerdict(
    raw: Uint8Array,
    parsed: ParsedMessage | null,
    keywords: readonly string[],
  ): Promise<SpamVerdict>;
  filterSetup(): Promise<FilterSetup>;
  /** Carries out the outcome on the stored message (moves, keywords, comments, sends). */
  apply(email: EmailRecord, outcome: FilterOutcome): Promise<void>;
  /**
   * PGP-1: learns the sender's key from an Autocrypt header (stored unconfirmed); loaded
   * only for a message that has one.
   */
  pgp?: PgpServiceLoader;
  /** A message that could not be processed; it stays where it is. */
  onSkipped?(email: EmailRecord, reason: unknown): void;
}

export interface IncomingStep {
  processed: number;
  /** Messages still queued. */
  left: number;
}

/** The user marked it not spam: nothing overrules that. */
function markedNotSpam(keywords: readonly string[]): boolean {
  return keywords.some((k) => ['$notjunk', 'notjunk', 'nonjunk'].includes(k.toLowerCase()));
}

/** Spam detection's outcome: to Spam with `$Junk`, and no filter runs on it. */
function spamOutcome(): FilterOutcome {
  return { ...emptyOutcome(), spam: true, keep: false };
}

/** What happens to one incoming message: spam first; filters only on what is not spam. */
async function decide(
  deps: IncomingDeps,
  email: EmailRecord,
  raw: Uint8Array,
  setup: FilterSetup,
): Promise<FilterOutcome> {
  const keywords = Object.keys(email.keywords);
  const result = await deps.parser.parse(raw);
  const parsed = isUnparseable(result) ? null : result;
  const verdict = await deps.spamVerdict(raw, parsed, keywords);
  if (verdict === 'spam' && !markedNotSpam(keywords)) return spamOutcome();
  // An unparseable message was still spam-checked (above), but no filter can read it.
  if (!parsed) return emptyOutcome();
  const message = filterMessageFromParsed(parsed, { size: raw.byteLength, isSpam: false });
  const mailboxes = byIdMap(await listMailboxes(deps.db));
  const own = otherAccountRootOf(mailboxes, email.mailboxId) === null;
  return runFilters(setup.filters, message, {
    side: setup.serverRuns && own ? 'app' : 'all',
    ownAddresses: setup.ownAddresses,
  });
}

/**
 * How a queued message arrived: in an Inbox (spam check, then every filter), filed by the
 * server's script into a folder a filter with app-only actions files into (the app adds those
 * actions: ADR 0028 addendum), or neither (dropped unread).
 */
function arrivalKind(
  byId: ReadonlyMap<string, MailboxRecord>,
  mb: MailboxRecord,
  setup: FilterSetup,
): 'inbox' | 'filed' | null {
  if (isIncomingFolder(byId, mb)) return 'inbox';
  const filed = setup.serverRuns && mayHoldFiledMail(byId, mb);
  return filed && filesWithAppActions(setup.filters, mb.id) ? 'filed' : null;
}

/**
 * Mail the server's script filed: the server already judged spam and did its part, so only
 * the app-only actions of the same filters, in the same order with the same stops.
 */
async function decideFiled(
  deps: IncomingDeps,
  raw: Uint8Array,
  setup: FilterSetup,
): Promise<FilterOutcome> {
  const result = await deps.parser.parse(raw);
  if (isUnparseable(result)) return emptyOutcome();
  const message = filterMessageFromParsed(result, { size: raw.byteLength, isSpam: false });
  return runFilters(setup.filters, message, { side: 'app', ownAddresses: setup.ownAddresses });
}

function isNoop(o: FilterOutcome): boolean {
  return (
    o.keep &&
    o.fileInto.length === 0 &&
    !o.trash &&
    !o.spam &&
    o.keywords.length === 0 &&
    !o.seen &&
    o.comments.length === 0 &&
    o.priority === null &&
    o.forwards.length === 0 &&
    o.replies.length === 0
  );
}

/**
 * Processes the next batch. A body that cannot be had now (offline) stops the step with the
 * message still queued, for the next pass; any other failure skips that message.
 */
export async function processIncomingStep(
  deps: IncomingDeps,
  signal?: AbortSignal,
): Promise<IncomingStep> {
  const queued = await storeCall(() =>
    deps.db.incomingQueue.orderBy('seq').limit(INCOMING_BATCH).toArray(),
  );
  if (queued.length === 0) return { processed: 0, left: 0 };
  const setup = await deps.filterSetup();
  let processed = 0;
  for (const q of queued) {
    signal?.throwIfAborted();
    const email = await storeCall(() => deps.db.emails.get(q.id));
    const byId = byIdMap(await listMailboxes(deps.db));
    const mb = email ? byId.get(email.mailboxId) : undefined;
    const arrival = email && mb ? arrivalKind(byId, mb, setup) : null;
    if (!email || arrival === null) {
      // Gone, already moved by the user or another client, or a folder no filter files into.
      await storeCall(() => deps.db.incomingQueue.delete(q.seq as number));
      processed++;
      continue;
    }
    let raw: Uint8Array;
    try {
      raw = await deps.body(email.id);
    } catch (err) {
      if (isOffline(err)) break;
      await storeCall(() => deps.db.incomingQueue.delete(q.seq as number));
      deps.onSkipped?.(email, err);
      processed++;
      continue;
    }
    await storeCall(() => deps.db.incomingQueue.delete(q.seq as number));
    processed++;
    try {
      const outcome =
        arrival === 'inbox'
          ? await decide(deps, email, raw, setup)
          : await decideFiled(deps, raw, setup);
      // Spam does not get to put keys in the keystore, even unconfirmed ones.
      if (!outcome.spam) await learnAutocrypt(deps, raw);
      if (!isNoop(outcome)) await deps.apply(email, outcome);
    } catch (err) {
      deps.onSkipped?.(email, err);
    }
  }
  const left = await storeCall(() => deps.db.incomingQueue.count());
  return { processed, left };
}

/** PGP-1: a key is a bonus; whatever fails here, the message is still filtered. */
async function learnAutocrypt(deps: IncomingDeps, raw: Uint8Array): Promise<void> {
  if (!deps.pgp || !mayCarryAutocrypt(raw)) return;
  try {
    await (await deps.pgp()).learnAutocrypt(raw);
  } catch {
    // An unreadable key, or OpenPGP not loading: the next message with the header tries again.
  }
}

function isOffline(err: unknown): boolean {
  return err instanceof Error && err.name === 'OfflineError';
}

/** Drains the queue (until empty, offline, or aborted); answers how many were processed. */
export async function drainIncoming(deps: IncomingDeps, signal?: AbortSignal): Promise<number> {
  let total = 0;
  for (;;) {
    const step = await processIncomingStep(deps, signal);
    total += step.processed;
    if (step.processed === 0 || step.left === 0) return total;
  }
}
