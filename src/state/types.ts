// The contract between the UI and the services. ui/ imports only these types and the
// context keys in ./context.ts; the implementations live in state/ and reach the store.
import type {
  FolderRole,
  HeaderWarning,
  MailAddress,
  ParsedMessage,
  Priority,
  RenderedMail,
  UnparseableMessage,
} from '../mail/types.js';
import type { TemplateRef } from '../filters/model.js';
import type { SenderIdentity } from './identity-types.js';
import type { PgpSendOptions } from './pgp-types.js';
import type { Subscribable } from './observable.js';

export type { FolderRole, MailAddress, RenderedMail };

/** A folder as the tree shows it: flat, in tree order (parents before children, siblings by name). */
export interface Folder {
  id: string;
  name: string;
  parentId: string | null;
  role: FolderRole | null;
  /** Names from the root joined by "/" — the `data-folder-path` hook. */
  path: string;
  depth: number;
  /** Unread messages in this folder alone (FOLDER-5). */
  unread: number;
  /** All messages in this folder alone, subfolders excluded (FOLDER-5). */
  total: number;
  /** False for system folders (FOLDER-1). */
  canRename: boolean;
  /** False for Sent and Spam (FOLDER-2). */
  canHaveChildren: boolean;
  /** True when the folder sits (anywhere) under Trash. */
  inTrash: boolean;
}

export type SortField = 'date' | 'read' | 'subject' | 'from' | 'size';

export interface ListQuery {
  folderId: string;
  sort: SortField;
  descending: boolean;
  unreadOnly: boolean;
}

/** A message as a list row shows it. Strings are shown as text only, never as HTML. */
export interface MessageRow {
  id: string;
  /** Message-ID without angle brackets (the `data-message-id` hook), or "" when missing. */
  messageId: string;
  folderId: string;
  subject: string;
  from: MailAddress[];
  to: MailAddress[];
  /** When the message arrived in this mailbox (import or delivery time), epoch ms. */
  receivedAt: number;
  /** The Date header, epoch ms, or null. Lists show this when known. */
  sentAt: number | null;
  size: number;
  seen: boolean;
  flagged: boolean;
  answered: boolean;
  /** SEND-6: `$forwarded`. */
  forwarded: boolean;
  /** SEND-11: a read-receipt request was answered already (`$MDNSent`). */
  mdnSent: boolean;
  hasAttachment: boolean;
  priority: Priority;
  preview: string;
  warnings: HeaderWarning[];
}

export interface ImportRejection {
  name: string;
  reason: string;
}

/** The `bz-import-done` event's detail. */
export interface ImportReport {
  imported: number;
  duplicates: number;
  rejected: ImportRejection[];
  /** True when the user cancelled: what was imported before stays, whole. */
  cancelled: boolean;
}

export interface Progress {
  /** Work done and total in the job's own unit (messages, bytes). total 0 = unknown. */
  done: number;
  total: number;
  /** A short label, e.g. the current file name. Shown as text. */
  label: string;
}

export interface JobOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export interface FolderService {
  observeFolders(): Subscribable<Folder[]>;
  createFolder(name: string, parentId: string | null): Promise<Folder>;
  renameFolder(id: string, name: string): Promise<void>;
  moveFolder(id: string, newParentId: string | null): Promise<void>;
  /** FOLDER-4: the folder, its subfolders and messages go to Trash. */
  deleteFolder(id: string): Promise<void>;
  /** DELETE-2: deletes everything in Trash for good. The UI confirms first. */
  emptyTrash(): Promise<void>;
}

export interface MessageService {
  /**
   * All ids of the view in order; re-emits when messages change. While some messages of
   * the folder lack the sort's key (subject, sender or size after a bootstrap, ADR 0036),
   * the folder by date, newest first, and the keys are written meanwhile.
   */
  observeMessageIds(q: ListQuery): Subscribable<string[]>;
  /**
   * How many messages of the view's folder its sort cannot place yet (0 once sorted), for
   * the list's "Sorting…" line; optional for stand-ins.
   */
  observeUnsorted?(q: ListQuery): Subscribable<number>;
  /** The first rows of a view, fast, before the ids are known (first paint). */
  getFirstRows(q: ListQuery, limit: number): Promise<MessageRow[]>;
  /**
   * The first rows of a view, live: after a change they come long before a big folder's
   * whole id list (the list shows its top at once); optional for stand-ins.
   */
  observeFirstRows?(q: ListQuery, limit: number): Subscribable<MessageRow[]>;
  getRows(ids: string[]): Promise<MessageRow[]>;
  /**
   * The ids these messages have now, for those whose id changed (a message written here
   * taken by the server, ATTACH-4's replacement), live: whatever holds an id follows it.
   * Optional for stand-ins whose ids never change.
   */
  observeRenamed?(ids: readonly string[]): Subscribable<ReadonlyMap<string, string>>;
  moveMessages(ids: string[], folderId: string): Promise<void>;
  /** DELETE-1: to Trash; from Trash they are deleted for good (the UI confirms first). */
  deleteMessages(ids: string[]): Promise<void>;
  /** Back from Trash to the folder they were deleted from (Inbox if it is gone). */
  restoreMessages(ids: string[]): Promise<void>;
  setSeen(ids: string[], seen: boolean): Promise<void>;
  setFlagged(ids: string[], flagged: boolean): Promise<void>;
}

export interface OpenedMessage {
  row: MessageRow;
  parsed: ParsedMessage | UnparseableMessage;
}

export interface ReaderService {
  /** Parses (in a worker) and marks the message read. */
  openMessage(id: string): Promise<OpenedMessage>;
  /** The raw RFC 5322 bytes, e.g. to download as .eml. */
  getRawMessage(id: string): Promise<Uint8Array>;
  /**
   * The sandboxed iframes' `srcdoc`s: sanitized HTML or escaped, linkified text with a
   * strict CSP. Remote content loads only when `allowRemote` is true. Asynchronous
   * because the renderer (DOMPurify) is loaded on first use, not at start-up.
   */
  renderDocument(parsed: ParsedMessage, opts: { allowRemote: boolean }): Promise<RenderedMail>;
  /** VIEW-6: a whole printable document (headers, body, attachment names), remote content blocked. */
  renderPrintDocument(parsed: ParsedMessage): Promise<string>;
  /** VIEW-2: should remote content show for this sender without asking? */
  isRemoteAllowed(senderAddress: string): Promise<boolean>;
  trustSender(senderAddress: string): Promise<void>;
  /** ATTACH-4: rewrites the stored message without the part, leaving a visible trace. */
  deleteAttachment(id: string, partId: string): Promise<void>;
  /**
   * Parses raw bytes that are not a stored message (a nested .eml attachment) in the
   * worker, for a read-only view (ATTACH-2).
   */
  parseRaw(raw: Uint8Array): Promise<ParsedMessage | UnparseableMessage>;
}

export interface ImportService {
  /** IMPORT-1: .zip archives and .eml files, transactional per message, deduplicated. */
  importFiles(files: readonly File[], opts?: JobOptions): Promise<ImportReport>;
}

export type ArchiveScope =
  { kind: 'selected'; ids: string[] } | { kind: 'all' } | { kind: 'older-than'; before: number };

export interface ArchiveRequest {
  folderId: string;
  scope: ArchiveScope;
  deleteAfter: boolean;
}

/** A message inside an opened archive (ARCHIVE-2): read without importing. */
export interface ArchiveEntry {
  /** Path inside the zip, e.g. "mail/Inbox/0001.eml". */
  path: string;
  /** Folder names from the archive's mail/ root, e.g. ["Inbox"]. */
  folderPath: string[];
  subject: string;
  from: MailAddress[];
  sentAt: number | null;
  size: number;
  hasAttachment: boolean;
}

export interface OpenedArchive {
  name: string;
  entries: ArchiveEntry[];
  /** Entries that could not be read, with why. */
  rejected: ImportRejection[];
  readEntry(path: string): Promise<ParsedMessage | UnparseableMessage>;
  /** Case- and accent-insensitive search over subject, addresses and text. */
  search(query: string): Promise<ArchiveEntry[]>;
  /** Imports the given entries (all when omitted) into the local mailbox. */
  importEntries(paths?: readonly string[], opts?: JobOptions): Promise<ImportReport>;
}

/**
 * What createArchive returns (a DocumentInfo, so callers that only want that still work).
 * When the browser had no room to keep the zip in Documents, `stored` is false, `id` is ""
 * and the zip is still here in `blob`, to download.
 */
export interface ArchiveResult extends DocumentInfo {
  stored: boolean;
  blob: Blob;
}

export interface ArchiveService {
  /** ARCHIVE-1: builds the zip, keeps it in Documents when space allows, returns it. */
  createArchive(req: ArchiveRequest, opts?: JobOptions): Promise<ArchiveResult>;
  openArchive(file: Blob, name: string, opts?: JobOptions): Promise<OpenedArchive>;
}

export type DocumentFolder = 'archives' | 'attachments' | 'mail-images';

export interface DocumentInfo {
  id: string;
  name: string;
  folder: DocumentFolder;
  mimeType: string;
  size: number;
  createdAt: number;
}

export interface DocumentService {
  observeDocuments(): Subscribable<DocumentInfo[]>;
  saveDocument(
    name: string,
    mimeType: string,
    bytes: Uint8Array,
    folder: DocumentFolder,
  ): Promise<DocumentInfo>;
  getDocumentBlob(id: string): Promise<Blob>;
  renameDocument(id: string, name: string): Promise<void>;
  deleteDocument(id: string): Promise<void>;
}

export type LocaleSetting = 'auto' | 'en' | 'es';

/** SETTINGS-2 and view preferences. Booleans default to false. */
export interface Settings {
  locale: LocaleSetting;
  compact: boolean;
  alwaysShowRemote: boolean;
  hideAttachments: boolean;
  sort: SortField;
  descending: boolean;
  /** VIEW-1, per folder id. */
  unreadOnlyFolders: string[];
  /** SEND-3: new messages start in rich text (else plain text, the default). */
  richText: boolean;
  /** SEND-16: the sender's signature goes into new messages by itself. */
  autoSignature: boolean;
  /** SEND-16: where: after everything, or where the cursor starts (above a quote). */
  signaturePlacement: 'bottom' | 'cursor';
  /** SETTINGS-2, THREAD-1: lists show conversations instead of messages (default off). */
  threadsView: boolean;
  /** PGP-2: new messages start with "Sign" on when the sender has an own key (default off). */
  pgpSignAlways: boolean;
}

export interface SettingsService {
  observeSettings(): Subscribable<Settings>;
  updateSettings(patch: Partial<Settings>): Promise<void>;
}

export interface StorageEstimate {
  usage: number;
  quota: number;
  persisted: boolean;
}

export interface StorageService {
  /** ACCOUNT-1 (local part). */
  getEstimate(): Promise<StorageEstimate>;
  /** Asks the browser to keep the mailbox (navigator.storage.persist). */
  requestPersistence(): Promise<boolean>;
}

export type NoticeKind = 'info' | 'error';

export interface Notice {
  id: number;
  kind: NoticeKind;
  /** Plain text, already localised. */
  message: string;
}

/** The one place errors are shown to the user (STYLE.md § Errors). */
export interface NoticeService {
  observeNotices(): Subscribable<Notice[]>;
  notify(kind: NoticeKind, message: string): void;
  dismiss(id: number): void;
}

/** A mail provider the proxy is configured for (GET /auth/providers). */
export interface ProviderInfo {
  id: string;
  name: string;
  /** The "Other server" entry: the form then asks for host, port and TLS. */
  custom: boolean;
}

/** How far back the account's messages are kept on this device; null = everything. */
export type OfflineWindowDays = 7 | 30 | 90 | null;

/** A server account this browser has signed in to. Never holds the password. */
export interface AccountInfo {
  /** The local key of the account (its database is named after it). */
  id: string;
  username: string;
  providerId: string;
  providerName: string;
  offlineWindowDays: OfflineWindowDays;
  /**
   * SHARED-2: set when this account is a mailbox another user shares with `username`: the
   * owner's address. Its id is the shared JMAP account's; the same proxy session syncs it.
   */
  sharedBy?: string;
}

export interface SignInRequest {
  providerId: string;
  username: string;
  password: string;
  offlineWindowDays: OfflineWindowDays;
  /** Only for the custom provider. */
  host?: string;
  port?: number;
  tls?: boolean;
  /** Only for the custom provider, optional: the server mail is sent through. */
  smtp?: { host: string; port: number; tls: 'implicit' | 'starttls' };
}

/**
 * What the sync engine is doing, for the status line under the folder tree.
 * - local: the local mailbox is shown, no account
 * - bootstrap: first download of the account (progress in messages)
 * - syncing: catching up or sending queued changes
 * - idle: up to date (push keeps it so)
 * - offline: no network; changes are queued
 * - signed-out: the server wants the password again (queued changes wait)
 * - error: the last sync failed; it retries by itself
 */
export type SyncPhase =
  'local' | 'bootstrap' | 'syncing' | 'idle' | 'offline' | 'signed-out' | 'error';

export interface SyncStatus {
  phase: SyncPhase;
  /** Bootstrap or body download progress; null when nothing long runs. */
  progress: Progress | null;
  /** Local changes not yet on the server. */
  pending: number;
  /** Epoch ms of the last successful sync, or null. */
  lastSyncAt: number | null;
  /**
   * Plain text, already localised, for phase error/signed-out; for idle, what did not sync
   * (another account whose server is down), or null.
   */
  message: string | null;
}

export interface AccountService {
  listProviders(): Promise<ProviderInfo[]>;
  /** The account the app shows now, or null for the local mailbox. */
  current(): AccountInfo | null;
  /** Every account signed in on this browser. */
  listAccounts(): Promise<AccountInfo[]>;
  /**
   * Checks the password with the server through the proxy, remembers the account (not the
   * password) and switches to it (the page reloads into the account's mailbox).
   */
  signIn(req: SignInRequest): Promise<void>;
  /** Ends the proxy session; the account's mail stays on this device until removed. */
  signOut(): Promise<void>;
  /** Shows the account (or the local mailbox for null); the page reloads. */
  switchTo(accountId: string | null): Promise<void>;
  setOfflineWindow(days: OfflineWindowDays): Promise<void>;
  /**
   * Removes the shown account and all its mail from this device (the server keeps
   * everything; changes not yet sent are lost), ends its proxy session when it can, and
   * shows the local mailbox (the page reloads).
   */
  removeFromDevice(): Promise<void>;
}

export interface SyncService {
  observeStatus(): Subscribable<SyncStatus>;
  /** Syncs now (the "check mail" button); resolves when done or failed. */
  syncNow(): Promise<void>;
  /** Stops the running bootstrap or body download; what arrived stays. */
  cancel(): void;
}

/** ACCOUNT-1: the mail server's quota for the signed-in account (RFC 9425). */
export interface ServerQuota {
  /** Bytes used and allowed; limit null when the server sets none. */
  usedBytes: number;
  limitBytes: number | null;
  /** Messages, when the server counts them. */
  usedMessages: number | null;
  limitMessages: number | null;
}

export interface QuotaService {
  /** null on the local mailbox, offline before the first answer, or when the server has no quota. */
  observeQuota(): Subscribable<ServerQuota | null>;
  /** Asks the server again (after a sync). */
  refresh(): Promise<void>;
}

/** SHARED-1: one person the user shares their whole mailbox with. */
export interface MailboxShare {
  /** The server's id of the share (to stop it). */
  id: string;
  address: string;
}

/** SHARED-2: a mailbox another user shares with this one, as the server lists it now. */
export interface SharedMailbox {
  /** Its JMAP account id: also its AccountInfo id once opened. */
  accountId: string;
  /** The owner's address. */
  owner: string;
}

/**
 * SHARED-1…3: sharing one's own mailbox with named people (full access, IMAP ACL on the
 * server) and opening mailboxes others share. On the local mailbox and on a shared mailbox
 * nothing can be managed (canManage false); the owner alone manages filters and away
 * message too.
 */
export interface ShareService {
  /** True when the shown account is the user's own server account. */
  canManage(): boolean;
  /** The people the mailbox is shared with now (asks the server). */
  listShares(): Promise<MailboxShare[]>;
  /** Shares the whole mailbox with one person; refuses "anyone", one's own address, … */
  share(address: string): Promise<void>;
  /** Stops a share at once. */
  unshare(shareId: string): Promise<void>;
  /**
   * Mailboxes others share with this user now; [] on the local mailbox or offline.
   * `asked: false` takes them from the Session the page already has (at page start, so
   * the start does not open a second server connection ahead of the first sync); by
   * default the server is asked again (a share made a minute ago shows).
   */
  listSharedWithMe(opts?: { asked?: boolean }): Promise<SharedMailbox[]>;
  /** Opens a shared mailbox like an account (remembered on this device; the page reloads). */
  openShared(mailbox: SharedMailbox): Promise<void>;
}

/** EXTERNAL-1: how the proxy connects to a POP3 server. */
export type Pop3Tls = 'implicit' | 'starttls' | 'none';

/** How the last check of a POP3 account ended. */
export interface Pop3LastCheck {
  /** Epoch ms. */
  at: number;
  outcome: 'ok' | 'cancelled' | 'failed';
  fetched: number;
  /** Left on the server unfetched (too large, or past the bounded list of seen messages). */
  skipped: number;
  /** The proxy's English sentence when it failed. */
  error: string | null;
}

/**
 * EXTERNAL-1: a POP3 account the proxy fetches into the signed-in account's INBOX. Kept on
 * the mail server (IMAP METADATA), never in the browser; the password never comes back.
 */
export interface Pop3Account {
  id: string;
  name: string;
  /** A preset of the proxy's providers file, or null for a typed server. */
  preset: string | null;
  host: string;
  port: number;
  tls: Pop3Tls;
  username: string;
  leaveOnServer: boolean;
  newOnly: boolean;
  /** Minutes between automatic checks while signed in; null = only by hand. */
  autoMinutes: number | null;
  /** False when the proxy can no longer open the saved password (restart without BUZON_SECRET). */
  passwordSaved: boolean;
  lastCheck: Pop3LastCheck | null;
}

export interface Pop3Preset {
  id: string;
  name: string;
}

/** What the POP3 section needs to draw itself. */
export interface Pop3Setup {
  accounts: Pop3Account[];
  presets: Pop3Preset[];
  /** Whether the user may type a server (else presets only). */
  typedHosts: boolean;
  /** False: the proxy has no BUZON_SECRET, saved passwords are lost when it restarts. */
  passwordsSurviveRestart: boolean;
}

/** Fields to create or change; on change, absent fields stay as they are (password included). */
export interface Pop3AccountInput {
  name?: string;
  preset?: string;
  host?: string;
  port?: number;
  tls?: 'implicit' | 'starttls';
  username?: string;
  password?: string;
  leaveOnServer?: boolean;
  newOnly?: boolean;
  autoMinutes?: number | null;
}

/** Why a check failed. */
export type Pop3CheckError =
  | 'auth'
  | 'unreachable'
  | 'protocol'
  | 'hostNotAllowed'
  | 'passwordLost'
  | 'throttled'
  | 'mailbox'
  | 'failed';

export interface Pop3CheckResult {
  state: 'done' | 'cancelled' | 'failed';
  fetched: number;
  skipped: number;
  errorCode: Pop3CheckError | null;
  /** The proxy's English sentence when it failed. */
  error: string | null;
}

export interface Pop3Service {
  load(): Promise<Pop3Setup>;
  /** The proxy logs in once first: a wrong password or server is refused, nothing saved. */
  addAccount(input: Pop3AccountInput): Promise<Pop3Account>;
  updateAccount(id: string, input: Pop3AccountInput): Promise<Pop3Account>;
  /** Mail fetched before stays in the mailbox. */
  deleteAccount(id: string): Promise<void>;
  /**
   * Checks now; progress in messages through `onProgress`; aborting `signal` cancels on the
   * proxy (what was fetched stays, and is never fetched twice).
   */
  checkNow(id: string, opts?: JobOptions): Promise<Pop3CheckResult>;
}

/** EXTERNAL-2: a server the user typed for another IMAP account (where the proxy allows it). */
export interface ExternalImapServer {
  host: string;
  port: number;
  tls: 'implicit' | 'starttls' | 'none';
}

/**
 * EXTERNAL-2: another IMAP account of the user, shown as a top-level folder named by its
 * address with that server's folders inside. Kept on the user's mail server (IMAP
 * METADATA), never in the browser; the password never comes back.
 */
export interface ExternalImapAccount {
  id: string;
  /** The name of its top-level folder. */
  address: string;
  /** A provider of setup.providers (the "Other server" one with `server`). */
  providerId: string;
  server: ExternalImapServer | null;
  username: string;
  /** False when the proxy can no longer open the saved password (restart without BUZON_SECRET). */
  passwordSaved: boolean;
}

/** What the IMAP accounts section needs to draw itself. */
export interface ExternalImapSetup {
  accounts: ExternalImapAccount[];
  /** As the sign-in offers them; `custom` is "Other server" (host, port and TLS typed). */
  providers: ProviderInfo[];
  /** False: the proxy has no BUZON_SECRET, saved passwords are lost when it restarts. */
  passwordsSurviveRestart: boolean;
}

export interface ExternalImapAccountInput {
  address: string;
  providerId: string;
  username: string;
  password: string;
  /** Only with the custom provider. */
  server?: { host: string; port: number; tls: 'implicit' | 'starttls' };
  /** Only with the custom provider, optional: where mail sent as this account goes out (EXTERNAL-3). */
  smtp?: { host: string; port: number; tls: 'implicit' | 'starttls' };
}

/** Absent fields stay as they are. */
export interface ExternalImapAccountChange {
  address?: string;
  password?: string;
}

/**
 * EXTERNAL-2: the user's other IMAP accounts. Refusals reject with an Error whose message
 * is the proxy's English sentence and whose `code` names the refusal (e.g.
 * 'imapInvalidCredentials', 'metadataUnsupported', 'offline'), for the UI to translate.
 */
export interface ExternalImapService {
  /** Asks the proxy; the answer also goes to observe(). */
  load(): Promise<ExternalImapSetup>;
  /** The last answer (null before the first), again after every change. */
  observe(): Subscribable<ExternalImapSetup | null>;
  /** The proxy logs in once first: a wrong password or server is refused, nothing saved. */
  add(input: ExternalImapAccountInput): Promise<ExternalImapAccount>;
  /** A new password is tried first; a new address renames the top-level folder. */
  update(id: string, change: ExternalImapAccountChange): Promise<ExternalImapAccount>;
  /** Forgets the account; its mail stays on its server. */
  remove(id: string): Promise<void>;
}

// --- Compose and send (issue 4) -------------------------------------------------------

/** ATTACH-1, SEND-6: a file going with the message; its bytes stay until it is sent. */
export interface DraftAttachment {
  /** As the user sees it; cleaned for the header by the MIME builder. */
  filename: string;
  /** Media type, e.g. `application/pdf`; `message/rfc822` for a forwarded message. */
  type: string;
  bytes: Uint8Array;
  /** SEND-4: an image the rich text shows inline (`cid:<contentId>`), not a file. */
  contentId?: string;
}

/** What the user wrote (SEND-1): plain text in this first step. */
export interface DraftInput {
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  subject: string;
  text: string;
  /** SEND-5/6: the Message-ID answered or forwarded, and the thread's References. */
  inReplyTo?: string | null;
  references?: string[];
  /** The local message answered or forwarded: marked $answered / $forwarded on Send. */
  respondsTo?: { id: string; keyword: '$answered' | '$forwarded' } | null;
  /**
   * SEND-2: the saved draft this message continues (its Message-ID, which every save of
   * it keeps); the draft is removed when the message is sent.
   */
  draftId?: string | null;
  /** SEND-10: absent or 'normal' writes no priority headers. */
  priority?: 'highest' | 'high' | 'normal' | 'low' | 'lowest';
  /** SEND-11: ask for a read receipt (Disposition-Notification-To: the sender). */
  requestReceipt?: boolean;
  /**
   * RFC 3834 §5: sent by software, not typed by the user (a filter's reply with a template):
   * `Auto-Submitted: auto-replied`, so other responders do not answer it back.
   */
  autoSubmitted?: 'auto-replied';
  /** ATTACH-1, SEND-6; SEND-4 inline images carry a contentId. */
  attachments?: DraftAttachment[];
  /** SEND-3: rich text (`text` is then its faithful plain alternative). */
  html?: string;
  /** TEMPLATE-3: started from a template: its variables are filled in for the recipient at Send. */
  fillVariables?: boolean;
  /** SEND-15: the files go as links, one message per recipient (needs the network at Send). */
  sendAsLinks?: boolean;
  /**
   * SEND-5: a reply to an HTML message: the original's HTML (unsanitized: the composer
   * sanitizes it) and the attribution line, so a reply written in rich text quotes the
   * original as it looked. Not part of what is sent or saved.
   */
  quotedHtml?: { html: string; attribution: string };
  /**
   * PGP-2/3: sign, or encrypt (always signed too), when the message is sent; a draft or
   * template is saved as written (unprotected, in Drafts on this account).
   */
  pgp?: PgpSendOptions;
}

/** TEMPLATE-1: a template as the pickers list it. */
export interface TemplateSummary {
  id: string;
  subject: string;
  preview: string;
  /** Its Message-ID, which stays when sync changes the id (a filter keeps both). */
  messageId?: string;
}

/** SEND-5, SEND-6 (`forward-attached`: the original as a .eml attachment). */
export type ResponseMode = 'reply' | 'reply-all' | 'forward' | 'forward-attached';

/**
 * SEND-*: an outgoing message's life in the Outbox. `waiting` is the undo window after
 * Send; `queued` waits for the network; `sending` is with the server; `failed` says why
 * in `error` (the user retries or discards); `sent` is done (the copy is in Sent).
 */
export type OutboxState = 'waiting' | 'queued' | 'sending' | 'failed' | 'sent';

export interface OutboxItem {
  id: string;
  subject: string;
  /** The recipients as shown ("Ana Pérez", "bob@example.org"), To then Cc then Bcc. */
  recipients: string[];
  state: OutboxState;
  /** A sentence for the user when `failed` (already in the interface language). */
  error: string | null;
  createdAt: number;
  /** End of the undo window (epoch ms): Undo works until then. */
  sendAt: number;
}

/** The recipients typed in one field, split into valid addresses and what is not one. */
export interface ParsedRecipients {
  addresses: MailAddress[];
  invalid: string[];
}

export interface ComposeService {
  /** Whether this mailbox can send (an account signed in with a server that sends). */
  canSend(): boolean;
  /** The addresses the user may send from; the first is the default (SEND-5). */
  senders(): Promise<SenderIdentity[]>;
  /** "Ana <ana@x.org>, bob@y.org; carla@z" → addresses, and the parts that are not. */
  parseRecipients(text: string): ParsedRecipients;
  /**
   * Builds the message now (fixed Message-ID) and puts it in the Outbox; it leaves after
   * the undo window, at once if online or when the network returns. Resolves its id.
   */
  send(from: MailAddress, draft: DraftInput): Promise<string>;
  /**
   * SEND-12: the largest message this account may send, in bytes: 50 MB, or less when
   * the server's SMTP SIZE says so. `send` refuses a bigger one with MessageTooLargeError.
   */
  maxMessageBytes(): Promise<number>;
  /** SEND-16: the text the server appends to every message (shown, not editable); null: none. */
  requiredSignature(): Promise<string | null>;
  /** SEND-15: whether files can go as links here, for how long, and if downloads are told. */
  linkPolicy(): Promise<{ days: number; notices: boolean } | null>;
  /** Undo send: inside the window the message leaves the Outbox and comes back as written. */
  undo(id: string): Promise<DraftInput | null>;
  observeOutbox(): Subscribable<OutboxItem[]>;
  /** A failed message is tried again. */
  retry(id: string): Promise<void>;
  /** A failed or waiting message is dropped from the Outbox (never sent). */
  discard(id: string): Promise<void>;
  /**
   * SEND-5/6, EXTERNAL-3: a draft answering or forwarding an opened message — recipients
   * (Reply all without the user's own addresses), "Re:"/"Fwd:" once, the quoted text,
   * threading headers — and the sender it was written to (else the default one).
   */
  respond(
    original: { id: string; parsed: ParsedMessage },
    mode: ResponseMode,
  ): Promise<{ from: MailAddress | null; draft: DraftInput }>;
  /**
   * SEND-2: saves what is written as a message in Drafts (synced like any message),
   * replacing the draft saved before (`draft.draftId`); resolves the draft's id.
   */
  saveDraft(from: MailAddress, draft: DraftInput): Promise<string>;
  /** SEND-2: a draft from Drafts, back in the composer as it was saved. */
  editDraft(saved: { id: string; parsed: ParsedMessage }): Promise<{
    from: MailAddress | null;
    draft: DraftInput;
  }>;
  /** SEND-2: the user threw the message away: its saved draft (by draft id) goes too. */
  discardDraft(draftId: string): Promise<void>;
  /**
   * TEMPLATE-2: keeps what is written (recipients, subject, text, attachments) as a new
   * message in Templates (synced); later edits of the message never change it. Resolves its id.
   */
  saveTemplate(from: MailAddress, draft: DraftInput): Promise<string>;
  /** TEMPLATE-1: the templates, by subject. */
  listTemplates(): Promise<TemplateSummary[]>;
  /**
   * TEMPLATE-3: a new message from a template — or, with `original`, a reply to it that
   * carries the template's text above the quote and the template's attachments. The
   * template's variables are filled in at Send.
   */
  useTemplate(
    /**
     * A template's id; a filter's reference (its Message-ID finds it when the id changed as
     * it synced); or the template already opened.
     */
    template: string | TemplateRef | { id: string; parsed: ParsedMessage },
    original?: { id: string; parsed: ParsedMessage },
  ): Promise<{ from: MailAddress | null; draft: DraftInput }>;
  /**
   * SEND-11: answers a message's read-receipt request, once: `send` queues an RFC 8098
   * receipt to the address it asked for; either way the message gets `$MDNSent`.
   */
  answerReceipt(original: { id: string; parsed: ParsedMessage }, send: boolean): Promise<void>;
}

// --- Search (issue 5) -------------------------------------------------------------------

/** A piece of highlighted text: hits are shown marked, everything as text (never HTML). */
export interface TextSegment {
  text: string;
  hit: boolean;
}

/** SEARCH-1…6: what the user asked, in the box's language (operators included). */
export interface SearchRequest {
  text: string;
  /** SEARCH-2: the folder searched (its subfolders not included), or null: everywhere. */
  folderId: string | null;
}

export interface SearchResult {
  request: SearchRequest;
  /** SEARCH-4: at most 200 message ids, best first. Rows come from MessageService.getRows. */
  ids: string[];
  /** More than the 200 shown matched. */
  capped: boolean;
  /** What the query parser could not use as typed ("not a date: soon"), shown as text. */
  warnings: string[];
  /** Messages not searchable yet (the index is still being built): 0 when complete. */
  pending: number;
}

/** SEARCH-6: the highlighted subject and body snippet of a found message. */
export interface SearchSnippet {
  subject: TextSegment[];
  body: TextSegment[];
}

/** SEARCH-4 (beyond): a search kept as a smart folder. */
export interface SavedSearch {
  id: string;
  name: string;
  request: SearchRequest;
}

/** The index being built (newest mail first), for a progress line with Cancel. */
export interface IndexingStatus {
  indexed: number;
  total: number;
  running: boolean;
  /** Set when indexing stopped on an error (shown as text); building resumes later. */
  error: string | null;
}

export interface SearchService {
  /** Runs a search over the local mailbox, offline. A newer call may abort an older one. */
  search(request: SearchRequest, signal?: AbortSignal): Promise<SearchResult>;
  /** Highlighted subjects and snippets for the found rows being shown. */
  snippets(request: SearchRequest, ids: string[]): Promise<Record<string, SearchSnippet>>;
  /** SEARCH-4: the last searches, newest first, to reopen. */
  recent(): Promise<SearchRequest[]>;
  observeSaved(): Subscribable<SavedSearch[]>;
  saveSearch(name: string, request: SearchRequest): Promise<SavedSearch>;
  removeSavedSearch(id: string): Promise<void>;
  observeIndexing(): Subscribable<IndexingStatus>;
  /** Pauses building the index until the next start or resumeIndexing(). */
  pauseIndexing(): void;
  resumeIndexing(): void;
}

// --- Threads (issue 5, THREAD-1/2, SETTINGS-2, ADR 0026) --------------------------------

/** A folder's threads view: newest activity first, always (the message list keeps its sorts). */
export interface ThreadQuery {
  folderId: string;
  /** Only threads with an unread message in this folder (VIEW-1's filter, per thread). */
  unreadOnly: boolean;
}

/**
 * A thread as the list shows it, from its messages IN THIS FOLDER (a reply in Sent is not
 * counted in Inbox's row). Strings are shown as text only, never as HTML.
 */
export interface ThreadRow {
  /** The thread's key: the list's item id; the same thread has the same key in every folder. */
  key: string;
  folderId: string;
  /** Subject of the oldest message here. */
  subject: string;
  /** Distinct senders in the order they first wrote (the first few). */
  participants: MailAddress[];
  count: number;
  unreadCount: number;
  /** THREAD-1: unread when any of its messages here is. */
  unread: boolean;
  flagged: boolean;
  hasAttachment: boolean;
  /** When its newest message here arrived (the sort), epoch ms. */
  latestAt: number;
  /** The newest message here (its preview: MessageService.getRows([latestId])). */
  latestId: string;
}

/** An opened thread (THREAD-1): oldest at the top, newest at the bottom. */
export interface OpenedThread {
  key: string;
  /**
   * The conversation: the thread's messages in the opened folder and in the other folders
   * (the user's replies in Sent), Trash and Spam left out unless they are the folder opened.
   * Each row's `folderId` says where it is.
   */
  rows: MessageRow[];
  /** Where to scroll: the oldest unread message, or null when all are read. */
  firstUnreadId: string | null;
}

/** Mail stored before threads existed is threaded in the background after an upgrade. */
export interface ThreadingStatus {
  /** False while older mail is being threaded: the UI shows the plain list meanwhile. */
  done: boolean;
  /** Messages threaded by the backfill so far (progress, not a total). */
  threaded: number;
}

export interface ThreadService {
  /** A folder's thread keys in list order; re-emits when its messages change. */
  observeThreadKeys(q: ThreadQuery): Subscribable<string[]>;
  /** The first rows of the view, fast, before the keys are known (first paint). */
  getFirstThreadRows(q: ThreadQuery, limit: number): Promise<ThreadRow[]>;
  /** The first rows of the view, live (as MessageService.observeFirstRows). */
  observeFirstThreadRows(q: ThreadQuery, limit: number): Subscribable<ThreadRow[]>;
  /** Rows for keys of that folder, in the keys' order (keys no longer there are left out). */
  getThreadRows(folderId: string, keys: string[]): Promise<ThreadRow[]>;
  /** THREAD-1: the messages to show on opening (does not mark them read). */
  openThread(folderId: string, key: string): Promise<OpenedThread>;
  /**
   * THREAD-2: marks the thread's messages in this folder read or unread, through the same
   * keyword path as MessageService.setSeen (so an account syncs it). One message:
   * MessageService.setSeen.
   */
  setThreadSeen(folderId: string, key: string, seen: boolean): Promise<void>;
  /**
   * THREAD-2: the ids of these threads' messages in this folder, grouped by key (one index
   * read for all of them): what a selection of thread rows acts on.
   */
  threadMessageIds(folderId: string, keys: string[]): Promise<Map<string, string[]>>;
  observeThreadingStatus(): Subscribable<ThreadingStatus>;
  /** Threads mail stored before the upgrade, in batches; resolves when done. Idempotent. */
  ensureThreaded(): Promise<void>;
}

// --- Tags and comments (issue 5, TAG-1, COMMENT-1, ADR 0025) ----------------------------

/** TAG-1: a tag as lists, chips and the tag dialog show it. */
export interface Tag {
  /** The IMAP/JMAP keyword messages carry (e.g. `proyecto_x`, `$label1`). */
  keyword: string;
  /** Fixed once created; shown as text. */
  name: string;
  /** `#rrggbb`. */
  color: string;
  /** Found on messages (another client set it) rather than created here. */
  found: boolean;
}

export interface TagService {
  /** Every tag: Thunderbird's five labels, the user's, and keywords found on messages. */
  observeTags(): Subscribable<Tag[]>;
  /** The tags of one message (as defined now), following changes to it and to the tags. */
  observeMessageTags(emailId: string): Subscribable<Tag[]>;
  /** The keywords each message carries that are tags (for the tag dialog's checkboxes). */
  tagsOf(emailIds: string[]): Promise<Record<string, string[]>>;
  /** A new tag; its keyword is derived from the name. Refuses a name already used. */
  createTag(name: string, color: string): Promise<Tag>;
  recolorTag(keyword: string, color: string): Promise<void>;
  /** How many messages carry the tag (the delete confirmation says it). */
  countTagged(keyword: string): Promise<number>;
  /** Deletes the tag and removes its keyword from every message (synced). Resolves how many. */
  deleteTag(keyword: string): Promise<number>;
  /** Sets or clears a tag on messages (a keyword change, synced); FILTER-1 uses it too. */
  setTag(emailIds: string[], keyword: string, on: boolean): Promise<void>;
}

/** COMMENT-1: a private comment as the reader and the list show it (text only). */
export interface MessageComment {
  text: string;
  updatedAt: number;
}

export interface CommentService {
  /** The comment of a message, or null; follows edits here and on other devices. */
  observeComment(emailId: string): Subscribable<MessageComment | null>;
  /** False when the message has neither a Message-ID nor stored bytes to be found by. */
  canComment(emailId: string): Promise<boolean>;
  /** Writes (or replaces) the comment; empty text removes it. At most MAX_COMMENT_LENGTH. */
  setComment(emailId: string, text: string): Promise<void>;
  removeComment(emailId: string): Promise<void>;
  /** FILTER-1: adds text to the message's comment (a new line after what is there). */
  addComment(emailId: string, text: string): Promise<void>;
}

/** Both load on first use, outside the start-up bundle; a failed load is retried on the next call. */
export type TagServiceLoader = () => Promise<TagService>;
export type CommentServiceLoader = () => Promise<CommentService>;
