// The composition of every service over one database, and the maintenance run at start.
// main.ts passes the worker parser and a loader for the DOM renderer; Node tests pass the
// inline parser.
import type { MailAddress, MailParser } from '../mail/types.js';
import type { BuzonDb } from '../store/db.js';
import { expireTrash } from '../store/repos/trash.js';
import { createAccountService, type AccountServiceDeps } from './account-service.js';
import { createArchiveService } from './archive-service.js';
import type { Services } from './context.js';
import { createDocumentService } from './document-service.js';
import { createFolderService } from './folder-service.js';
import { createImportService } from './import-service.js';
import { createMessageService } from './message-service.js';
import { createLazyThreadService } from './lazy-thread-service.js';
import { createSpamServiceLoader } from './lazy-spam-service.js';
import { createNoticeService } from './notice-service.js';
import {
  createReaderService,
  type MailRenderer,
  type MailRendererLoader,
} from './reader-service.js';
import { createSettingsService } from './settings-service.js';
import { createStorageService } from './storage-service.js';
import { createLocalSyncService } from './local-sync-service.js';
import type {
  ComposeService,
  SearchService,
  ExternalImapService,
  Pop3Service,
  QuotaService,
  ShareService,
  SyncService,
} from './types.js';
import { createNoQuotaService } from './no-quota-service.js';
import { createNoShareService } from './no-share-service.js';
import type { ContactService, ContactServiceLoader } from './contact-types.js';
import type { ContactDeps } from './contact-service.js';
import type { IdentityServiceLoader } from './identity-types.js';
import type { FilterServerDeps } from './filters/service.js';
import { createFilterServiceLoader } from './lazy-filter-service.js';
import type { PgpServiceLoader } from './pgp-types.js';

export interface ServiceDeps {
  parser: MailParser;
  /** The DOM renderer, or a loader for it (main.ts: loaded on first use). */
  render: MailRenderer | MailRendererLoader;
  /** The clock, injectable so tests can age Trash (DELETE-3). */
  now?: () => number;
  /**
   * The local mailbox's database ("On this device"): it keeps the list of accounts and the
   * device-wide settings. Defaults to `db` (the local mailbox is shown).
   */
  deviceDb?: BuzonDb;
  /** How the account service reaches the proxy and reloads the page (tests inject). */
  accountDeps?: AccountServiceDeps;
  /** The sync engine's service when an account is shown; the local mailbox has none. */
  sync?: SyncService;
  /** The server quota when an account is shown (ACCOUNT-1). */
  quota?: QuotaService;
  /** Sharing when a server account is shown (SHARED-1…3). */
  share?: ShareService;
  /** EXTERNAL-1: POP3 accounts when an account is shown; the local mailbox has none. */
  pop3?: Pop3Service;
  /** EXTERNAL-2: other IMAP accounts when the user's own account is shown. */
  externalImap?: ExternalImapService;
  /** Writing and sending (issue 4); main.ts builds it over the shown mailbox's database. */
  compose?: ComposeService;
  /** SEND-7: the sender identities (main.ts builds the loader for a signed-in account). */
  identities?: IdentityServiceLoader;
  /** SEARCH-1…6: main.ts builds it with its worker. */
  search?: SearchService;
  /** Downloads a synced message's bytes on demand (the sync service). */
  fetchBody?: (id: string) => Promise<Uint8Array>;
  /** COMMENT-1: the From of comment messages (the signed-in user); a placeholder locally. */
  owner?: MailAddress;
  /** FILTER-3…5: the proxy's /sieve and the server's folder paths, when an account is signed in. */
  filterServer?: () => Promise<FilterServerDeps>;
  /**
   * PGP-1…5: the OpenPGP service's loader (main.ts builds it over the device's database, so
   * keys stay on the device whichever account is shown); also given to compose there.
   */
  pgp?: PgpServiceLoader;
  /**
   * CONTACTS-5: the server's shared lists for the user's own signed-in account, loaded with
   * the address book (main.ts: sync/shared-lists.ts over its JmapClient).
   */
  sharedLists?: SharedListsLoader;
}

/** Loads what the ContactService needs to reach the server's shared lists. */
export type SharedListsLoader = () => Promise<
  Pick<ContactDeps, 'sharedLists' | 'sharedListsOffered'>
>;

/** Who writes comments on the local mailbox, where no account says (never sent anywhere). */
const LOCAL_OWNER: MailAddress = { name: 'Buzón', address: 'comments@buzon.invalid' };

/**
 * TAG-1, COMMENT-1: loaded on first use in chunks of their own, outside the start-up bundle;
 * one service per database. A failed load is retried on the next call.
 */
function lazyLoader<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () =>
    (loaded ??= load().catch((err: unknown) => {
      loaded = undefined;
      throw err;
    }));
}

/**
 * CONTACTS-1: the address book and its suggestion index load on first use, outside the
 * start-up bundle; one service per database. A failed load is retried on the next call.
 */
function contactLoader(db: BuzonDb, sharedLists?: SharedListsLoader): ContactServiceLoader {
  let loaded: Promise<ContactService> | undefined;
  return () =>
    (loaded ??= Promise.all([import('./contact-service.js'), sharedLists?.() ?? {}]).then(
      ([m, shared]) => m.createContactService({ db, ...shared }),
      (err: unknown) => {
        loaded = undefined;
        throw err;
      },
    ));
}

/** DELETE-3: Trash keeps items this long, then the next start deletes them. */
export const TRASH_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export function createServices(db: BuzonDb, deps: ServiceDeps): Services {
  const now = deps.now ?? Date.now;
  const comments = lazyLoader(() =>
    import('./comment-service.js').then((m) =>
      m.createCommentService({ db, parser: deps.parser, owner: deps.owner ?? LOCAL_OWNER, now }),
    ),
  );
  const core = { db, parser: deps.parser, now };
  const deviceDb = deps.deviceDb ?? db;
  return {
    folders: createFolderService(db, now),
    messages: createMessageService(db, now),
    threads: createLazyThreadService(db),
    reader: createReaderService({
      ...core,
      render: deps.render,
      deviceDb,
      ...(deps.fetchBody ? { fetchBody: deps.fetchBody } : {}),
    }),
    importer: createImportService(core),
    archives: createArchiveService(core),
    documents: createDocumentService(db, now),
    settings: createSettingsService(deviceDb),
    storage: createStorageService(),
    notices: createNoticeService(),
    accounts: createAccountService(deviceDb, deps.accountDeps),
    sync: deps.sync ?? createLocalSyncService(),
    quota: deps.quota ?? createNoQuotaService(),
    share: deps.share ?? createNoShareService(),
    ...(deps.pop3 ? { pop3: deps.pop3 } : {}),
    ...(deps.externalImap ? { externalImap: deps.externalImap } : {}),
    ...(deps.compose ? { compose: deps.compose } : {}),
    ...(deps.identities ? { identities: deps.identities } : {}),
    ...(deps.search ? { search: deps.search } : {}),
    ...(deps.pgp ? { pgp: deps.pgp } : {}),
    contacts: contactLoader(db, deps.sharedLists),
    // SPAM-1/2: the classifier loads on the first mark or the first incoming message.
    spam: createSpamServiceLoader({
      db,
      parser: deps.parser,
      now,
      ...(deps.fetchBody ? { fetchBody: deps.fetchBody } : {}),
    }),
    tags: lazyLoader(() => import('./tag-service.js').then((m) => m.createTagService({ db, now }))),
    comments,
    // FILTER-1…5: loaded when the filters dialog first opens (or incoming mail needs it).
    filters: createFilterServiceLoader({
      db,
      now,
      parser: deps.parser,
      comments,
      compose: () => Promise.resolve(deps.compose),
      ...(deps.filterServer ? { server: deps.filterServer } : {}),
    }),
  };
}

/** Runs at every start (DELETE-3): Trash items older than 7 days are deleted. */
export async function startupMaintenance(
  db: BuzonDb,
  now: () => number = Date.now,
): Promise<{ messages: number; folders: number }> {
  return expireTrash(db, now() - TRASH_RETENTION_MS);
}
