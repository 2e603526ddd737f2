// Typed store errors. IndexedDB and Dexie failures are mapped here, at the storage
// boundary, so state/ and ui/ never switch on Dexie's or the browser's error names.

/** Base class: every failure that leaves the store is one of these. */
export class StoreError extends Error {
  override name = 'StoreError';
}

/** The browser refused to store more (QuotaExceededError). Nothing partial was written. */
export class StorageFullError extends StoreError {
  override name = 'StorageFullError';
  constructor(
    message = 'The browser has no more space for this mailbox. Delete or archive messages, empty Trash, or free disk space, then try again.',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The database was closed (another tab upgraded it, or the browser closed it). */
export class DbClosedError extends StoreError {
  override name = 'DbClosedError';
  constructor(
    message = 'The mailbox database was closed. Reload the page to continue.',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The database on disk is newer than this code: the user must reload to get the new version. */
export class DbVersionError extends StoreError {
  override name = 'DbVersionError';
  constructor(
    readonly installedVersion: number,
    readonly codeVersion: number,
    options?: ErrorOptions,
  ) {
    super(
      `The mailbox was opened by a newer version of Buzón (database v${installedVersion}, this page knows v${codeVersion}). Reload the page.`,
      options,
    );
  }
}

/** A record the caller named does not exist (any more). */
export class NotFoundError extends StoreError {
  override name = 'NotFoundError';
}

/** A write would break a folder rule (FOLDER-1, FOLDER-2, unique names…). Message is user-facing. */
export class FolderRuleError extends StoreError {
  override name = 'FolderRuleError';
}

const QUOTA_NAMES = new Set(['QuotaExceededError']);
const CLOSED_NAMES = new Set(['DatabaseClosedError', 'InvalidStateError']);

/** Walks Dexie's wrappers (inner, failures, cause) looking for an error with one of `names`. */
function findNamed(err: unknown, names: Set<string>, depth = 0): unknown {
  // Why a depth limit: error chains are short; this only guards against cycles.
  if (depth > 5 || typeof err !== 'object' || err === null) return undefined;
  const e = err as { name?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
  if (typeof e.name === 'string' && names.has(e.name)) return err;
  for (const next of [e.inner, e.cause]) {
    const hit = findNamed(next, names, depth + 1);
    if (hit) return hit;
  }
  if (Array.isArray(e.failures)) {
    for (const f of e.failures) {
      const hit = findNamed(f, names, depth + 1);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** Maps any error thrown by Dexie/IndexedDB to a store error (or returns it unchanged). */
export function mapDbError(err: unknown): unknown {
  if (err instanceof StoreError) return err;
  if (
    typeof err === 'object' &&
    err !== null &&
    (err as { name?: unknown }).name === 'AbortError'
  ) {
    // A user Cancel is normal (STYLE.md § Errors); a transaction abort caused by quota is not.
    if (findNamed(err, QUOTA_NAMES)) return new StorageFullError(undefined, { cause: err });
    return err;
  }
  if (findNamed(err, QUOTA_NAMES)) return new StorageFullError(undefined, { cause: err });
  if (findNamed(err, CLOSED_NAMES)) return new DbClosedError(undefined, { cause: err });
  return err;
}

/** Runs `fn`, rethrowing its failure as a store error. */
export async function storeCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw mapDbError(err);
  }
}
