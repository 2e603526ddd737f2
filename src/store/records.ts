// The shapes of the rows in each table. Only store/ sees these; state/ maps them to the
// contract types in state/types.ts. Index fields that IndexedDB cannot sort (booleans,
// null) are kept as numbers or strings beside the readable fields.
import type { FolderRole, HeaderWarning, MailAddress, Priority } from '../mail/types.js';

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
  /** Normalised subject (no Re:/Fwd:, lower case, no accents) for VIEW-3. */
  sortSubject: string;
  /** Normalised first sender name or address for VIEW-3. */
  sortFrom: string;
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
}

/**
 * The raw RFC 5322 bytes, the source of truth. Stored as a Uint8Array that owns its whole
 * buffer (structured clone copies the entire underlying ArrayBuffer of a view), not as a
 * Blob: Blobs measured 4x slower to write in Chromium (3.0k vs 12.8k records/s).
 */
export interface BodyRecord {
  id: string;
  raw: Uint8Array;
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
