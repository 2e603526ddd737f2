// What the proxy remembers per signed-in session about the IMAP account. Everything here
// is a cache (ARCHITECTURE.md: the proxy stores no bodies, any index is rebuildable):
// dropping it costs round trips, never correctness. It outlives reconnects of the
// session's IMAP connection and dies with the session.
import type { ImapUpstream } from '../external/upstreams.js';

/** Where an email lives right now. */
export interface EmailLocation {
  mailboxId: string;
  uid: number;
}

/** One message of a mailbox, as Email/query needs it. */
export interface IndexRow {
  uid: number;
  id: string;
  /** INTERNALDATE in ms since the epoch. */
  receivedAt: number;
}

/** A mailbox's rows, valid while UIDVALIDITY and HIGHESTMODSEQ are unchanged. */
export interface MailboxRows {
  uidValidity: bigint;
  highestModseq: bigint;
  rows: IndexRow[];
}

/** Per-mailbox mod-sequences behind one Email state string (for /changes, ADR 0010). */
export type StateSnapshot = ReadonlyMap<string, { uidValidity: bigint; highestModseq: bigint }>;

/**
 * States remembered per session for /changes. A client more than this many states
 * behind gets `cannotCalculateChanges` and resyncs; each entry is a few bytes per mailbox.
 */
export const MAX_REMEMBERED_STATES = 64;

/** What one UID of a folder held, and the folder mod-sequence of the listing that saw it first. */
export interface SeenUid {
  id: string;
  seenAt: bigint;
}

/**
 * Every UID → id a session saw in one folder under one UIDVALIDITY. UIDs are never reused
 * within a UIDVALIDITY (RFC 3501 §2.3.1.1), so the map only grows and stays true after the
 * message is gone: it is how Email/changes names a message that VANISHED (ADR 0010 § Changes).
 */
export interface UidHistory {
  uidValidity: bigint;
  uids: Map<number, SeenUid>;
}

/** Mailbox facts behind one Mailbox state string (for Mailbox/changes). */
export interface MailboxFacts {
  path: string;
  role: string | null;
  subscribed: boolean;
  messages: number;
  unseen: number;
  uidValidity: bigint;
  highestModseq: bigint;
}
export type MailboxSnapshot = ReadonlyMap<string, MailboxFacts>;

/** Mailbox id → rows; every listing stored is also recorded in the UID history. */
class RowsMap extends Map<string, MailboxRows> {
  constructor(private readonly record: (mailboxId: string, rows: MailboxRows) => void) {
    super();
  }

  override set(mailboxId: string, rows: MailboxRows): this {
    this.record(mailboxId, rows);
    return super.set(mailboxId, rows);
  }
}

/** Keeps the newest `max` entries of an insertion-ordered map, re-inserting `key` last. */
function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) break;
    map.delete(oldest);
  }
}

export class SessionCache {
  /** `path\0uidValidity` → mailbox id (GUID-derived): one STATUS per mailbox per session. */
  readonly mailboxIds = new Map<string, string>();
  /** Mailbox id → UID history (see UidHistory). */
  readonly uidHistory = new Map<string, UidHistory>();
  /** Mailbox id → its rows. */
  readonly rows: Map<string, MailboxRows> = new RowsMap((id, rows) => this.recordRows(id, rows));
  /** Email id → where it was last seen. */
  emails = new Map<string, EmailLocation>();
  /** Whether the server answers X-GUID (undefined until tried). */
  statusGuid: boolean | undefined;
  /**
   * Shared accounts last discovered (account id → owner; ADR 0013). Only a name map: whether
   * the share still holds is asked of the server on every request that names the account.
   */
  sharedAccounts = new Map<string, string>();
  /**
   * The user's other IMAP accounts (EXTERNAL-2, ADR 0016), read from METADATA on first
   * need and again after UPSTREAMS_FRESH_MS; dropped by the accounts API when it changes.
   */
  upstreams: { list: readonly ImapUpstream[]; readAt: number } | undefined;
  /**
   * This account's folders as last answered to Mailbox/get, when it is another account of
   * the user: served again while its server cannot be reached, so its folders and mail
   * stay on the user's devices instead of looking deleted (ADR 0016).
   */
  lastMailboxGet: { state: string; list: readonly Record<string, unknown>[] } | undefined;
  fetchGuid: boolean | undefined;
  readonly emailStates = new Map<string, StateSnapshot>();
  /** Mailbox states handed out, with the facts behind each (the last MAX_REMEMBERED_STATES). */
  readonly mailboxStates = new Map<string, MailboxSnapshot>();

  rememberEmailState(state: string, snapshot: StateSnapshot): void {
    remember(this.emailStates, state, snapshot, MAX_REMEMBERED_STATES);
  }

  rememberMailboxState(state: string, snapshot: MailboxSnapshot): void {
    remember(this.mailboxStates, state, snapshot, MAX_REMEMBERED_STATES);
  }

  /** Adds rows seen in a listing taken at `rows.highestModseq` to the folder's UID history. */
  recordRows(
    mailboxId: string,
    rows: Pick<MailboxRows, 'uidValidity' | 'highestModseq' | 'rows'>,
  ): void {
    let history = this.uidHistory.get(mailboxId);
    if (!history || history.uidValidity !== rows.uidValidity) {
      history = { uidValidity: rows.uidValidity, uids: new Map() };
      this.uidHistory.set(mailboxId, history);
    }
    for (const row of rows.rows) {
      const known = history.uids.get(row.uid);
      if (known?.id === row.id && known.seenAt <= rows.highestModseq) continue;
      history.uids.set(row.uid, { id: row.id, seenAt: rows.highestModseq });
    }
  }

  /** Rebuilds the id → location map from the rows of every listed mailbox. */
  reindex(mailboxIds: Iterable<string>): void {
    const emails = new Map<string, EmailLocation>();
    for (const mailboxId of mailboxIds) {
      for (const row of this.rows.get(mailboxId)?.rows ?? []) {
        emails.set(row.id, { mailboxId, uid: row.uid });
      }
    }
    this.emails = emails;
  }
}
