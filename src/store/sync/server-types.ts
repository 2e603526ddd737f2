// What the sync engine hands the store: the server's truth in the store's terms (epoch ms,
// local address shapes). The JMAP wire shapes stay in src/protocol and src/sync.
import type { FolderRole, MailAddress } from '../../mail/types.js';

export interface ServerMailbox {
  id: string;
  name: string;
  parentId: string | null;
  /** Already mapped to Buzón's roles (JMAP "junk" is "spam"); null for other folders. */
  role: FolderRole | null;
}

export interface ServerEmail {
  id: string;
  blobId: string;
  threadId: string;
  /** The server folder's id (Buzón keeps one folder per message). */
  mailboxId: string;
  keywords: Record<string, true>;
  size: number;
  receivedAt: number;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  sentAt: number | null;
  hasAttachment: boolean;
  preview: string;
}

/** A local change the server's truth overruled; the user is told (never silently lost). */
export interface Conflict {
  /** `not-delivered`: a message went out, but some recipients were not reached (SEND-8/9). */
  kind: 'deleted-elsewhere' | 'moved-elsewhere' | 'folder-gone' | 'refused' | 'not-delivered';
  /** Local id of the message or folder. */
  target: string;
  /** The message subject or folder name, for the notice. */
  label: string;
  /** The server's words when it refused. */
  detail?: string;
}

/** The sync's view of the state strings it keeps (RFC 8620 §5.1). */
/** `Window`: the offline window the device holds, in days or "all", as last synced. */
export type StateKey = 'Mailbox' | 'Email' | 'EmailBootstrap' | 'Window';

/** Thrown when the stored state is not the `oldState` a /changes answered from. */
export class StateMismatchError extends Error {
  override name = 'StateMismatchError';
}
