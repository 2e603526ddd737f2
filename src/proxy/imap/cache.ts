// What the proxy remembers per signed-in session about the IMAP account. Everything here
// is a cache (ARCHITECTURE.md: the proxy stores no bodies, any index is rebuildable):
// dropping it costs round trips, never correctness. It outlives reconnects of the
// session's IMAP connection and dies with the session.

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

export class SessionCache {
  /** `path\0uidValidity` → mailbox id (GUID-derived): one STATUS per mailbox per session. */
  readonly mailboxIds = new Map<string, string>();
  /** Mailbox id → its rows. */
  readonly rows = new Map<string, MailboxRows>();
  /** Email id → where it was last seen. */
  emails = new Map<string, EmailLocation>();
  /** Whether the server answers X-GUID (undefined until tried). */
  statusGuid: boolean | undefined;
  fetchGuid: boolean | undefined;
  readonly emailStates = new Map<string, StateSnapshot>();

  rememberEmailState(state: string, snapshot: StateSnapshot): void {
    this.emailStates.delete(state);
    this.emailStates.set(state, snapshot);
    while (this.emailStates.size > MAX_REMEMBERED_STATES) {
      const oldest = this.emailStates.keys().next().value;
      if (oldest === undefined) break;
      this.emailStates.delete(oldest);
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
