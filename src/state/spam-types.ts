// The contract between the spam UI (the list toolbar's "Spam" / "Not spam"), the incoming-
// mail processor (state/incoming/) and the SpamService (state/spam-service.ts): SPAM-1,
// SPAM-2. The service loads on first use, outside the start-up bundle.
import type { ParsedMessage } from '../mail/types.js';
import type { SpamHeader } from '../spam/types.js';

/** Where a message belongs: 'unknown' (nothing says, or the classifier is unsure) stays in the Inbox. */
export type SpamVerdict = 'spam' | 'ham' | 'unknown';

export interface SpamClassification {
  verdict: SpamVerdict;
  /** Why, for logs and tests: e.g. "X-Spam-Flag: YES", "keyword $junk", "local classifier 0.998". */
  reason: string;
}

/** What the caller already knows of the message, so it need not be read again. */
export interface ClassifyHints {
  /** Its header fields, when the caller parsed it already (the server's verdict is read from them). */
  headers?: readonly SpamHeader[];
  /** Its keywords: `$junk` from the server or another client, `$notjunk` from the user. */
  keywords?: readonly string[];
}

/** What a mark did. */
export interface SpamMarkReport {
  /** Messages found (ids of messages that no longer exist are ignored). */
  marked: number;
  /** Messages moved to another folder (the others were there already). */
  moved: number;
  /** Messages learnt from by this mark; one learnt the same way before is not learnt again. */
  learnt: number;
  /** Messages whose bytes could not be read (not on this device and offline): marked, not learnt. */
  unreadable: number;
}

export interface SpamModelStats {
  /** Messages learnt as ham and as spam (the classifier answers only after 10 of each). */
  ham: number;
  spam: number;
  tokens: number;
}

export interface SpamService {
  /**
   * SPAM-2 "Spam": moves the messages to their account's Spam folder, sets `$junk` and clears
   * `$notjunk` (synced as IMAP `$Junk`), and teaches the classifier "spam".
   */
  markSpam(ids: readonly string[]): Promise<SpamMarkReport>;
  /** SPAM-2 "Not spam": to the account's Inbox, `$notjunk` set and `$junk` cleared, taught "ham". */
  markNotSpam(ids: readonly string[]): Promise<SpamMarkReport>;
  /**
   * SPAM-1: the verdict for a new message: the user's `$notjunk`, then the server's (its
   * headers, `$junk`), then the local classifier once it has learnt enough. Never throws
   * for bad mail: an unparseable message gets the server's verdict or 'unknown'.
   */
  classify(raw: Uint8Array, hints?: ClassifyHints): Promise<SpamClassification>;
  /** The same for a message the caller has parsed already (no second parse). */
  classifyParsed(parsed: ParsedMessage, hints?: ClassifyHints): Promise<SpamClassification>;
  /** True for a Spam folder: the mailbox's own, or another IMAP account's Spam/Junk. */
  isSpamFolder(folderId: string): Promise<boolean>;
  getModelStats(): Promise<SpamModelStats>;
  /** Saves what was learnt now rather than after the save delay (tests, before a reload). */
  flush(): Promise<void>;
}

/** Loads the service on first use (the classifier stays out of the start-up bundle). */
export type SpamServiceLoader = () => Promise<SpamService>;
