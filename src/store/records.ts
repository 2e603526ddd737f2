// The shapes of the rows in each table. Only store/ sees these; state/ maps them to the
// contract types in state/types.ts. Index fields that IndexedDB cannot sort (booleans,
// null) are kept as numbers or strings beside the readable fields.
import type { Contact, ContactList } from '../contacts/model.js';
import type { FolderRole, HeaderWarning, MailAddress, Priority } from '../mail/types.js';
import type { SignatureResult } from '../pgp/crypto/types.js';

export interface MailboxRecord {
  id: string;
  name: string;
  /** null at the root. Not indexed: IndexedDB cannot index null, and folders are few. */
  parentId: string | null;
  role: FolderRole | null;
  /** Set on a folder moved to Trash (FOLDER-4); drives DELETE-3 expiry. */
  trashedAt?: number;
  /** Where the folder was before it went to Trash. */
  originParentId?: string | null;
  /**
   * Maintained counters (FOLDER-5), updated in the same transaction as every email write,
   * so the tree never counts 100,000 index keys to draw a badge.
   */
  total: number;
  unread: number;
  /**
   * The server's id of this folder in an account's database (ADR 0012). System folders
   * keep their role as local id and carry the server's id here; folders that came from the
   * server use the server's id for both; a folder created offline has none until the
   * server confirms it.
   */
  serverId?: string;
}

/** JMAP-style keywords: present = set (RFC 8621 § 4.1.1). */
export type Keywords = Partial<Record<string, true>>;

export interface EmailRecord {
  id: string;
  /** Message-ID without angle brackets, "" when missing (IndexedDB cannot index null). */
  messageId: string;
  mailboxId: string;
  keywords: Keywords;
  /** 0 unread, 1 read: the index form of `$seen`. */
  seen: 0 | 1;
  // VIEW-3's sort keys (store/sort-keys.ts, ADR 0036): each is absent, or right for the
  // row's subject, first sender and size. A bootstrap writes none; the first sort of a
  // folder by subject, sender or size writes them for the rows that lack them.
  /** Normalised subject (no Re:/Fwd:, lower case, no accents). */
  sortSubject?: string;
  /** Normalised first sender name or address. */
  sortFrom?: string;
  /** `size`, as the size order's index key. */
  sortSize?: number;
  /** When the message arrived here, epoch ms. Never null: it is an index key. */
  receivedAt: number;
  sentAt: number | null;
  size: number;
  hasAttachment: boolean;
  priority: Priority;
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  preview: string;
  warnings: HeaderWarning[];
  inReplyTo: string | null;
  references: string[];
  /** SHA-256 hex of the raw bytes: an import of the same bytes is a duplicate. */
  contentHash: string;
  /** Set when the message went to Trash itself (DELETE-1); drives DELETE-3 expiry. */
  trashedAt?: number;
  /** The folder it was deleted from, for restore. */
  originMailboxId?: string;
  /** JMAP thread and blob ids of a synced message (ADR 0012). */
  threadId?: string;
  blobId?: string;
  /**
   * Threading (schema v10, ADR 0026), set when the message is threaded (at write, or by the
   * backfill for mail stored before v10; absent until then). See mail/threading/keys.ts.
   */
  threadKey?: string;
  /** The node the message stands for (its Message-ID, or a synthetic one). */
  threadSelf?: string;
  /** `threadLinks(input)`: the ids it names. */
  threadLinks?: string[];
  /** threadSelf and threadLinks together: the multiEntry index both look-ups read. */
  threadNodes?: string[];
  /** Folded base subject when distinctive (`subjectLink`), else absent (not indexed). */
  threadBase?: string;
  /** 1 when the subject link is an orphan reply (joined by subject only). */
  threadOrphan?: 0 | 1;
  /** The date threading used: sentAt, else receivedAt. */
  threadDate?: number;
  /**
   * The pack holding the message's bytes (schema v14, BodyPackRecord.key); absent while
   * they are not on this device, or still in a v13 body record (repos/bodies.ts).
   */
  bodyPack?: number;
}

/** A sender in a thread row: the first message (by date, then id) it wrote in the thread. */
export interface ThreadParticipantRecord {
  name: string;
  address: string;
  date: number;
  id: string;
}

/**
 * One thread's messages in one folder (THREAD-1, schema v10): maintained in the same
 * transaction as the messages, so the threads view reads one row per thread.
 */
export interface ThreadRecord {
  mailboxId: string;
  threadKey: string;
  count: number;
  unread: number;
  /** 0/1 index form of `unread > 0`. */
  hasUnread: 0 | 1;
  flagged: number;
  attachments: number;
  /** receivedAt of the newest message (ties by id): the list's sort, like the message list. */
  latestAt: number;
  latestId: string;
  /** The oldest message by (threadDate, id): its subject is the thread's subject. */
  oldestDate: number;
  oldestId: string;
  subject: string;
  /** Distinct senders in the order they first wrote, at most MAX_THREAD_PARTICIPANTS. */
  participants: ThreadParticipantRecord[];
}

/** The backfill of mail stored before schema v10 (threadMeta, key 'backfill'). */
export interface ThreadMetaRecord {
  key: string;
  done: boolean;
  /** The last email id visited (primary-key order), null before the first batch. */
  cursor: string | null;
  threaded: number;
}

/**
 * The raw RFC 5322 bytes of one message as schema v1–v13 stored them, one record each.
 * Since v14 bodies are written in packs (BodyPackRecord); records left from before are
 * moved into packs after open (repos/bodies.ts repackLegacyBodies) and read meanwhile.
 */
export interface BodyRecord {
  id: string;
  raw: Uint8Array;
}

/**
 * The raw RFC 5322 bytes, the source of truth, several messages to a record (schema v14,
 * ADR 0004): message `ids[i]` is `bytes` from `ends[i - 1]` (0 for the first) to `ends[i]`.
 * One Uint8Array owning its buffer, not Blobs (4x slower to write in Chromium) nor one
 * buffer per message: IndexedDB's cost is per record, so packs of up to 256 KB (60 KB
 * before session 25) turn 10,000 body writes or reads into ~200 (repos/bodies.ts PACK_BYTES). A message's row names its pack (EmailRecord.bodyPack).
 */
export interface BodyPackRecord {
  /** Auto-incremented. */
  key?: number;
  ids: string[];
  ends: number[];
  bytes: Uint8Array;
}

export type DocumentFolderName = 'archives' | 'attachments' | 'mail-images';

/** Document metadata; the bytes live in `documentData` so listing never loads them. */
export interface DocumentRecord {
  id: string;
  name: string;
  folder: DocumentFolderName;
  mimeType: string;
  size: number;
  createdAt: number;
}

export interface DocumentDataRecord {
  id: string;
  data: Uint8Array;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

export interface TrustedSenderRecord {
  /** Lower-cased address. */
  address: string;
  addedAt: number;
}

/** One pending local change to replay on the server (ADR 0012). */
export type PendingOp =
  /** Keywords to set (true) or clear (false): a patch, never the whole set. */
  | { kind: 'email-keywords'; target: string; keywords: Record<string, boolean> }
  /** Applies only while the message is still in `from` on the server. Local folder ids. */
  | { kind: 'email-move'; target: string; from: string; to: string }
  | { kind: 'email-destroy'; target: string }
  /**
   * The stored bytes were rewritten here (ATTACH-4): import them as a new server message
   * where the row is now, destroy the old one, and move the row to the new id.
   */
  | { kind: 'email-replace'; target: string }
  /**
   * A message that exists only here (imported into an account): upload its bytes and
   * Email/import them into `mailboxId` (a local folder id); the row then takes the
   * server's id.
   */
  | {
      kind: 'email-import';
      target: string;
      mailboxId: string;
      keywords: Record<string, true>;
      receivedAt: number;
    }
  | { kind: 'mailbox-create'; target: string; name: string; parentId: string | null }
  | { kind: 'mailbox-update'; target: string; name?: string; parentId?: string | null }
  /** `serverId`: kept in the op, as the folder row is gone locally by the time it is sent. */
  | { kind: 'mailbox-destroy'; target: string; serverId?: string };

export interface OpRecord {
  /** Auto-incremented: replay order (FIFO). */
  seq?: number;
  /** The local id the op is about (the index that finds its pending ops). */
  target: string;
  op: PendingOp;
  /** Bumped when a later change is coalesced in, so an in-flight copy does not delete it. */
  rev: number;
  createdAt: number;
  attempts: number;
  /** Not retried before this time (backoff), epoch ms. */
  notBefore: number;
  lastError?: string;
}

/** Sync bookkeeping: JMAP state strings and the bootstrap cursor, by name. */
export interface SyncStateRecord {
  key: string;
  value: unknown;
}

/** A synced message whose raw bytes are not on this device yet, newest first. */
export interface BodyQueueRecord {
  id: string;
  receivedAt: number;
  blobId: string;
}

/** Where a message in the Outbox is (issue 4). */
export type OutboxRecordState = 'waiting' | 'queued' | 'sending' | 'failed' | 'sent';

/** What the user wrote, kept for Undo send (plain text in this step). */
export interface OutboxDraft {
  to: { name: string; address: string }[];
  cc: { name: string; address: string }[];
  bcc: { name: string; address: string }[];
  subject: string;
  text: string;
  inReplyTo?: string | null;
  references?: string[];
  respondsTo?: { id: string; keyword: '$answered' | '$forwarded' } | null;
  draftId?: string | null;
  priority?: 'highest' | 'high' | 'normal' | 'low' | 'lowest';
  requestReceipt?: boolean;
}

/** One message the user sent, until the server confirmed it (ADR 0018). */
/** An Outbox message's built RFC 5322 bytes (Bcc included; the proxy strips it), schema v7. */
export interface OutboxBytesRecord {
  id: string;
  raw: Uint8Array;
}

export interface OutboxRecord {
  id: string;
  /** Fixed when the message is built: how a retry finds an earlier attempt's copy. */
  messageId: string;
  /** The sender's address (picks the server identity). */
  from: string;
  subject: string;
  recipients: string[];
  draft: OutboxDraft;
  state: OutboxRecordState;
  /** Why the last attempt failed, in English (the UI translates known ones). */
  error: string | null;
  createdAt: number;
  /** Not sent before this time: the undo window. */
  sendAt: number;
  attempts: number;
  /**
   * When an attempt started. Set while sending, and left set when it was interrupted: the
   * next attempt first looks for the message in Sent (delivered) or Drafts (imported).
   */
  startedAt: number | null;
  /**
   * The other messages this Send made — SEND-8's text-only copy for SMS recipients,
   * SEND-15's one message per recipient — which Undo takes back with this one.
   */
  companions?: string[];
}

/**
 * An address-book card (CONTACTS-1…6) as stored: the contact itself plus its addresses in
 * lower case, the multi-entry index that finds "is this address a contact?".
 */
export type ContactRecord = Contact & { emailKeys: string[] };

/** A contact list (CONTACTS-4, schema v6), members inline; deleting it deletes no contact. */
export type ContactListRecord = ContactList;

/**
 * An address the user wrote to (CONTACTS-1 frecency): its lower-cased address is the key.
 * `weight` is the message count decayed by age as of `lastAt` (contacts/suggest.ts `addSend`).
 */
export interface CorrespondentRecord {
  address: string;
  /** The display name last written with it ('' when none was given). */
  name: string;
  /** Messages the user wrote to it (confirmed sent). */
  count: number;
  weight: number;
  /** Epoch ms of the last one; 0 for an address only seen in received mail. */
  lastAt: number;
}

/** SEND-7: a sender identity as the server last gave it (schema v5). */
export interface IdentityRecord {
  id: string;
  name: string;
  address: string;
  replyTo: { name: string; address: string }[];
  bcc: { name: string; address: string }[];
  /** Plain-text signature; '' when none. */
  signature: string;
  /** SEND-16: rich signature (HTML); absent in rows cached before it was kept (not indexed). */
  htmlSignature?: string;
  isDefault: boolean;
  mayDelete: boolean;
  /** Position in the server's list (the default is shown first anyway). */
  order: number;
}

/** SEARCH-4: a search kept as a smart folder. */
export interface SavedSearchRecord {
  id: string;
  name: string;
  text: string;
  /** null: everywhere. */
  folderId: string | null;
  createdAt: number;
}

/** TAG-1: a tag's definition (schema v9). The keyword is what messages carry (lower case). */
export interface TagRecord {
  keyword: string;
  /** As the user typed it; fixed once created (TAG-1: recolour only). */
  name: string;
  /** `#rrggbb`. */
  color: string;
  createdAt: number;
  /** Found on messages (another client set it) rather than created here. */
  found?: true;
  /** A built-in Thunderbird label the user deleted: not listed until a message carries it again. */
  hidden?: true;
}

/** COMMENT-1: one comment message of the hidden folder, indexed by the message it is about. */
export interface CommentRecord {
  /** The comment message's own email id. */
  id: string;
  /** `mid:<Message-ID>` of the commented message, or `sha:<content hash>` when it has none. */
  forKey: string;
  text: string;
  updatedAt: number;
}

/** A new message waiting to be threaded (ADR 0026): the thread service drains these. */
/** SPAM-1/FILTER-3 (schema v11): a message that arrived in an Inbox, waiting for spam detection and filters. */
export interface IncomingQueueRecord {
  /** Arrival order. */
  seq?: number;
  id: string;
}

/** SPAM-1/2 (schema v11): the local classifier's model, one row keyed 'model'. */
export interface SpamModelRecord {
  key: string;
  /** spam/model-store.ts's stored form (StoredSpamModel), parsed strictly when read. */
  value: unknown;
}

export interface ThreadQueueRecord {
  /** Arrival order: messages are threaded in the order they were stored. */
  seq?: number;
  /** One message, indexed: a re-keyed message's entry is found by it (sync/ops.ts). */
  id?: string;
  /**
   * A whole batch's messages in one entry (a sync batch, an import batch): one write per
   * batch instead of one per message. Not indexed; an id that went away meanwhile is
   * dropped when the entry is drained, as for single entries.
   */
  ids?: string[];
}

/** PGP-1 (schema v12): one OpenPGP key, the user's own or a correspondent's. */
export interface PgpKeyRecord {
  /** Primary key fingerprint, lower-case hex. */
  fingerprint: string;
  /** 16 hex digits, lower case: what a signature names as its issuer. */
  keyId: string;
  kind: 'own' | 'correspondent';
  /**
   * Own key: the armored secret key, always passphrase-encrypted (the repo refuses any
   * other). Correspondent: the armored public key.
   */
  armored: string;
  /** The armored public key (for own keys, exported once so the page never parses keys). */
  publicArmored: string;
  /** Self-certified user ids, as shown when the user confirms whose key it is. */
  userIds: string[];
  /** Lower-case addresses of those user ids (multiEntry index). */
  emails: string[];
  source: 'generated' | 'imported' | 'autocrypt' | 'wkd';
  /** The user confirmed whose key this is (own keys are confirmed by being made or imported). */
  confirmed: boolean;
  confirmedAt: number | null;
  revoked: boolean;
  /** Epoch ms, null: never expires. */
  expiresAt: number | null;
  algorithm: string;
  /** Key creation, epoch ms. */
  created: number;
  addedAt: number;
  updatedAt: number;
  /**
   * The user opted in to keeping decrypted text of messages to this key in the store and
   * the search index (issue 6: default off, messages stay encrypted at rest).
   */
  storeDecrypted: boolean;
}

/**
 * PGP-4 (schema v13, ADR 0031): the decrypted copy of one message, kept because the user
 * opted in for the own key that decrypted it (default off: messages stay encrypted at rest).
 * Only a message encrypted whole is kept. Stored unencrypted on this device.
 */
export interface DecryptedRecord {
  /** The email's id (one copy per message). */
  id: string;
  /** Primary fingerprint of the own key that decrypted it (lower-case hex). */
  fingerprint: string;
  /** The encrypted protection's part id in the message. */
  partId: string;
  /**
   * SHA-256 (hex) of the armored ciphertext it came from: a copy is shown only for the very
   * ciphertext it was made from, never for other bytes stored under the same id.
   */
  source: string;
  /**
   * The decrypted MIME entity as decrypted (a PGP/MIME payload, a signed one included, so
   * its RFC 3156 §6.1 signature can be checked again), or an inline block's text as a
   * text/plain entity.
   */
  entity: Uint8Array;
  /** Its plain text as the search index takes it (search/index/doc-text.ts bodyToIndex). */
  text: string;
  /** When it was kept (epoch ms). */
  at: number;
  /**
   * The signatures inside the OpenPGP message itself (signed and encrypted in one, RFC 3156
   * §6.2), as verified when it was kept: they cannot be checked again without decrypting.
   */
  signatures: SignatureResult[];
}
