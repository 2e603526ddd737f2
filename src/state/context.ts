// Context keys through which elements receive services (@lit/context). The composition
// root (app/) provides them; each element @consumes only the services it uses, so no
// element receives a god object. Nothing else is global.
import { createContext } from '@lit/context';
import type {
  AccountService,
  ArchiveService,
  ComposeService,
  QuotaService,
  DocumentService,
  ExternalImapService,
  FolderService,
  ImportService,
  MessageService,
  NoticeService,
  Pop3Service,
  ReaderService,
  SearchService,
  SettingsService,
  ShareService,
  StorageService,
  SyncService,
} from './types.js';
import type { ContactServiceLoader } from './contact-types.js';
import type { IdentityServiceLoader } from './identity-types.js';
import type { ThreadService } from './types.js';
import type { CommentServiceLoader, TagServiceLoader } from './types.js';
import type { FilterServiceLoader } from './filter-types.js';
import type { SpamServiceLoader } from './spam-types.js';
import type { PgpServiceLoader } from './pgp-types.js';

export const folderServiceContext = createContext<FolderService>(Symbol('bz-folder-service'));
export const messageServiceContext = createContext<MessageService>(Symbol('bz-message-service'));
export const readerServiceContext = createContext<ReaderService>(Symbol('bz-reader-service'));
export const importServiceContext = createContext<ImportService>(Symbol('bz-import-service'));
export const archiveServiceContext = createContext<ArchiveService>(Symbol('bz-archive-service'));
export const documentServiceContext = createContext<DocumentService>(Symbol('bz-document-service'));
export const settingsServiceContext = createContext<SettingsService>(Symbol('bz-settings-service'));
export const storageServiceContext = createContext<StorageService>(Symbol('bz-storage-service'));
export const noticeServiceContext = createContext<NoticeService>(Symbol('bz-notice-service'));
export const accountServiceContext = createContext<AccountService>(Symbol('bz-account-service'));
export const syncServiceContext = createContext<SyncService>(Symbol('bz-sync-service'));
export const quotaServiceContext = createContext<QuotaService>(Symbol('bz-quota-service'));
/** EXTERNAL-1; provided only when an account is signed in (the local mailbox has none). */
export const pop3ServiceContext = createContext<Pop3Service | undefined>(Symbol('bz-pop3-service'));
/** EXTERNAL-2; provided only for the user's own signed-in account, like POP3. */
export const externalImapServiceContext = createContext<ExternalImapService | undefined>(
  Symbol('bz-external-imap-service'),
);
export const shareServiceContext = createContext<ShareService>(Symbol('bz-share-service'));
/** SEND-*: writing and sending; absent until the composition root wires it (then always). */
export const composeServiceContext = createContext<ComposeService | undefined>(
  Symbol('bz-compose-service'),
);
/** CONTACTS-1: the address book, loaded on first use (a loader keeps it out of start-up). */
export const contactServiceContext = createContext<ContactServiceLoader | undefined>(
  Symbol('bz-contact-service'),
);

/** SEND-7: the sender identities, loaded on first use; absent on the local mailbox. */
export const identityServiceContext = createContext<IdentityServiceLoader | undefined>(
  Symbol('bz-identity-service'),
);

/** SEARCH-1…6: search over the shown mailbox (a worker builds the index in the background). */
export const searchServiceContext = createContext<SearchService | undefined>(
  Symbol('bz-search-service'),
);

/** THREAD-1/2: the threads view of the shown mailbox (SETTINGS-2 turns it on). */
export const threadServiceContext = createContext<ThreadService>(Symbol('bz-thread-service'));

/** Everything the composition root builds; used by main.ts and tests, never by elements. */
export interface Services {
  folders: FolderService;
  messages: MessageService;
  reader: ReaderService;
  importer: ImportService;
  archives: ArchiveService;
  documents: DocumentService;
  settings: SettingsService;
  storage: StorageService;
  notices: NoticeService;
  accounts: AccountService;
  sync: SyncService;
  quota: QuotaService;
  /** EXTERNAL-1: POP3 accounts; absent on the local mailbox. */
  pop3?: Pop3Service;
  /** EXTERNAL-2: other IMAP accounts; absent on the local mailbox. */
  externalImap?: ExternalImapService;
  /** SHARED-1…3; a no-op on the local mailbox (no-share-service.ts). */
  share: ShareService;
  /** SEND-*: compose and the Outbox; `canSend()` is false on the local mailbox. */
  compose?: ComposeService;
  /** CONTACTS-1: the address book over the shown mailbox's database, loaded on first use. */
  contacts?: ContactServiceLoader;
  /** SEND-7, SEND-16: sender identities; absent on the local mailbox and shared ones. */
  identities?: IdentityServiceLoader;
  /** SEARCH-1…6; absent until the composition root wires it. */
  search?: SearchService;
  /** THREAD-1/2: conversations; old mail is threaded on first use after an upgrade. */
  threads: ThreadService;
  /** TAG-1, COMMENT-1: loaded on first use. */
  tags?: TagServiceLoader;
  comments?: CommentServiceLoader;
  /** SPAM-1/2: "Spam" / "Not spam" and the incoming verdict, loaded on first use. */
  spam?: SpamServiceLoader;
  /** FILTER-1…5: loaded when the filters dialog opens or incoming mail needs them. */
  filters?: FilterServiceLoader;
  /** PGP-1…5: the keystore, sign/encrypt and verify/decrypt, loaded with its worker on first use. */
  pgp?: PgpServiceLoader;
}

/** TAG-1: tags over the shown mailbox, loaded on first use. */
export const tagServiceContext = createContext<TagServiceLoader | undefined>(
  Symbol('bz-tag-service'),
);
/** COMMENT-1: private comments over the shown mailbox, loaded on first use. */
export const commentServiceContext = createContext<CommentServiceLoader | undefined>(
  Symbol('bz-comment-service'),
);

/** FILTER-1…5: loaded when the filters dialog first opens. */
export const filterServiceContext = createContext<FilterServiceLoader | undefined>(
  Symbol('bz-filter-service'),
);

/** SPAM-1/2: "Spam" / "Not spam" and the incoming-mail verdict, loaded on first use. */
export const spamServiceContext = createContext<SpamServiceLoader | undefined>(
  Symbol('bz-spam-service'),
);

/** PGP-1…5: provided when the composition root wires OpenPGP (loaded on first use). */
export const pgpServiceContext = createContext<PgpServiceLoader | undefined>(
  Symbol('bz-pgp-service'),
);
