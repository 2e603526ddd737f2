// The Dexie database of one account, opened by a factory (no import-time singleton), so
// main.ts opens "buzon-local" and each test opens its own.
import Dexie, { type Table } from 'dexie';
import { DbVersionError, mapDbError, storeCall } from './errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';
import type {
  BodyPackRecord,
  BodyQueueRecord,
  BodyRecord,
  ContactListRecord,
  ContactRecord,
  CorrespondentRecord,
  IdentityRecord,
  DocumentDataRecord,
  DocumentRecord,
  EmailRecord,
  MailboxRecord,
  OpRecord,
  OutboxBytesRecord,
  OutboxRecord,
  ThreadQueueRecord,
  IncomingQueueRecord,
  SpamModelRecord,
  SavedSearchRecord,
  SettingRecord,
  SyncStateRecord,
  ThreadMetaRecord,
  ThreadRecord,
  TagRecord,
  CommentRecord,
  TrustedSenderRecord,
  PgpKeyRecord,
  DecryptedRecord,
} from './records.js';
import { ensureSystemMailboxes } from './repos/mailboxes.js';
import { noteLegacyBodies } from './repos/bodies.js';
import type { EmailRenameRecord } from './repos/renames.js';
import type { BlockRecord } from '../search/index/block.js';
import type { SegmentRecord } from '../search/index/segment.js';

/** The local mailbox used when no server account is configured. */
export const LOCAL_DB_NAME = 'buzon-local';

// Why: Dexie stores version n as native IndexedDB version n * 10 (and may add 1 when it
// patches a schema), so the schema version is the native one divided by 10, rounded down.
const DEXIE_VERSION_FACTOR = 10;

export interface OpenDbOptions {
  /** Another IndexedDB implementation (tests pass fake-indexeddb's per-test factory). */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
  /** Another tab opened a newer version: this connection is closed; the UI should reload. */
  onVersionChange?: () => void;
  /** An upgrade waits for other tabs to close this database. */
  onBlocked?: () => void;
  /**
   * An account's database: user changes are also journaled as ops for the server
   * (ADR 0012). The local mailbox journals nothing.
   */
  synced?: boolean;
}

export class BuzonDb extends Dexie {
  declare mailboxes: Table<MailboxRecord, string>;
  declare emails: Table<EmailRecord, string>;
  /** v1–v13's one record per body, emptied into bodyPacks after open (repos/bodies.ts). */
  declare bodies: Table<BodyRecord, string>;
  /** Message bytes, several to a record (schema v14, ADR 0004). */
  declare bodyPacks: Table<BodyPackRecord, number>;
  declare documents: Table<DocumentRecord, string>;
  declare documentData: Table<DocumentDataRecord, string>;
  declare settings: Table<SettingRecord, string>;
  declare trustedSenders: Table<TrustedSenderRecord, string>;
  declare ops: Table<OpRecord, number>;
  declare syncState: Table<SyncStateRecord, string>;
  declare bodyQueue: Table<BodyQueueRecord, string>;
  declare outbox: Table<OutboxRecord, string>;
  declare outboxBytes: Table<OutboxBytesRecord, string>;
  declare contacts: Table<ContactRecord, string>;
  declare correspondents: Table<CorrespondentRecord, string>;
  declare identities: Table<IdentityRecord, string>;
  declare contactLists: Table<ContactListRecord, string>;
  declare threadQueue: Table<ThreadQueueRecord, number>;
  declare searchSegments: Table<SegmentRecord, number>;
  declare searchBlocks: Table<BlockRecord, [number, string]>;
  declare savedSearches: Table<SavedSearchRecord, string>;
  /** TAG-1 (schema v9). */
  declare tags: Table<TagRecord, string>;
  /** COMMENT-1 (schema v9): an index of the hidden folder's comment messages. */
  declare comments: Table<CommentRecord, string>;
  /** SPAM-1/FILTER-3 (schema v11): incoming mail waiting for spam detection and filters. */
  declare incomingQueue: Table<IncomingQueueRecord, number>;
  /** SPAM-1/2 (schema v11): the local classifier's model. */
  declare spamModel: Table<SpamModelRecord, string>;
  /** THREAD-1 (schema v10): one row per thread per folder. */
  declare threads: Table<ThreadRecord, [string, string]>;
  /** THREAD-1 (schema v10): the backfill of mail stored before v10. */
  declare threadMeta: Table<ThreadMetaRecord, string>;
  /** PGP-1 (schema v12): own and correspondents' OpenPGP keys. */
  declare pgpKeys: Table<PgpKeyRecord, string>;
  /** PGP-4 (schema v13): decrypted copies the user chose to keep, by email id (ADR 0031). */
  declare decrypted: Table<DecryptedRecord, string>;
  /** Where a message went when its id changed (schema v15, repos/renames.ts). */
  declare emailRenames: Table<EmailRenameRecord, string>;
  /** True for an account's database: writes journal ops for the server. */
  readonly synced: boolean;
  /** The IDBKeyRange of this database's IndexedDB (raw reads: repos/email-query.ts). */
  readonly keyRange: typeof IDBKeyRange;

  constructor(name: string, opts: OpenDbOptions = {}) {
    super(name, {
      ...(opts.indexedDB ? { indexedDB: opts.indexedDB } : {}),
      ...(opts.IDBKeyRange ? { IDBKeyRange: opts.IDBKeyRange } : {}),
    });
    for (const declare of MIGRATIONS) declare(this);
    this.synced = opts.synced ?? false;
    this.keyRange = opts.IDBKeyRange ?? globalThis.IDBKeyRange;
  }
}

/** Reads the installed version without opening (and so without upgrading) the database. */
async function installedVersion(factory: IDBFactory | undefined, name: string): Promise<number> {
  if (!factory || typeof factory.databases !== 'function') return 0;
  const list = await factory.databases();
  const hit = list.find((d) => d.name === name);
  return hit?.version ? Math.floor(hit.version / DEXIE_VERSION_FACTOR) : 0;
}

/**
 * Opens (creating or upgrading) the database `name`. Throws DbVersionError when the
 * database was written by newer code, so the UI can ask for a reload instead of
 * corrupting it.
 */
export async function openDb(name: string, opts: OpenDbOptions = {}): Promise<BuzonDb> {
  const factory = opts.indexedDB ?? (globalThis.indexedDB as IDBFactory | undefined);
  // Why check before opening: Dexie 4 retries a VersionError by opening whatever version
  // is installed, which would let old code write into a newer schema.
  const before = await installedVersion(factory, name);
  if (before > SCHEMA_VERSION) throw new DbVersionError(before, SCHEMA_VERSION);

  const db = new BuzonDb(name, opts);
  db.on('versionchange', () => {
    db.close();
    opts.onVersionChange?.();
    return false;
  });
  db.on('blocked', () => opts.onBlocked?.());
  try {
    await db.open();
  } catch (err) {
    throw mapDbError(err);
  }
  const after = Math.floor(db.backendDB().version / DEXIE_VERSION_FACTOR);
  if (after > SCHEMA_VERSION) {
    db.close();
    throw new DbVersionError(after, SCHEMA_VERSION);
  }
  await ensureSystemMailboxes(db);
  await storeCall(() => noteLegacyBodies(db));
  return db;
}

/**
 * Deletes a whole database (an account removed from this device). Waits for other tabs to
 * close it; their versionchange handler closes them.
 */
export async function deleteDb(
  name: string,
  opts: Pick<OpenDbOptions, 'indexedDB' | 'IDBKeyRange'> = {},
): Promise<void> {
  const db = new Dexie(name, {
    ...(opts.indexedDB ? { indexedDB: opts.indexedDB } : {}),
    ...(opts.IDBKeyRange ? { IDBKeyRange: opts.IDBKeyRange } : {}),
  });
  try {
    await db.delete();
  } catch (err) {
    throw mapDbError(err);
  }
}
