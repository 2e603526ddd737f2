// SEND-15 link store: each file sent as a link is kept encrypted in BUZON_DATA_DIR/links
// (`<id>.bin`, crypto.ts) beside its record (`<id>.json`, record.ts), until it expires.
// Records are also held in memory, indexed by token hash, so a download costs no
// directory scan. The folder is created (0700) at the first upload, so a server that
// never sends a link leaves nothing on disk. Expired, unreadable and half-written entries
// are removed at start and then hourly.
import { mkdirSync, readdirSync, readFileSync, chmodSync } from 'node:fs';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LinkLimits } from '../config/types.js';
import { HttpError } from '../http/errors.js';
import type { Logger } from '../security/redact.js';
import { keyIdOf, openSealedFile, SEALED_OVERHEAD_BYTES, sealToFile } from './crypto.js';
import type { OpenedFile } from './crypto.js';
import { DAY_MS, LINK_SWEEP_INTERVAL_MS } from './limits.js';
import {
  FILE_ID_SHAPE,
  hashToken,
  newFileId,
  newToken,
  ownerKeyOf,
  parseRecord,
  RECORD_VERSION,
} from './record.js';
import type { LinkRecord } from './record.js';

export interface LinkStoreOptions {
  /** BUZON_DATA_DIR; the store uses its `links/` folder. */
  dataDir: string;
  secret: Uint8Array;
  days: number;
  now: () => number;
  limits: LinkLimits;
  log: Logger;
}

export interface NewLinkFile {
  bytes: Buffer;
  filename: string;
  type: string;
}

/** A found link: the record and which of its recipients the token belongs to. */
export interface FoundLink {
  record: LinkRecord;
  recipientIndex: number;
}

export class LinkStore {
  readonly dir: string;
  readonly #options: LinkStoreOptions;
  readonly #keyId: string;
  readonly #records = new Map<string, LinkRecord>();
  readonly #byTokenHash = new Map<string, FoundLink>();
  #totalBytes = 0;
  /** Disk writes and removals in flight, chained so a record's writes land in order. */
  #writes: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;

  constructor(options: LinkStoreOptions) {
    this.#options = options;
    this.dir = join(options.dataDir, 'links');
    this.#keyId = keyIdOf(options.secret);
  }

  get limits(): LinkLimits {
    return this.#options.limits;
  }

  /** Reads the records already on disk and removes what is expired or cannot be opened. */
  load(): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return; // no folder yet: nothing was ever stored
    }
    const kept = new Set<string>();
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const record = this.#readRecord(join(this.dir, name));
      const id = name.slice(0, -'.json'.length);
      if (record && record.id === id && record.keyId === this.#keyId && !this.isExpired(record)) {
        this.#index(record);
        kept.add(id);
      }
    }
    const garbage = names.filter((n) => !kept.has(n.replace(/\.(json|bin)$/, '')));
    if (garbage.length > 0) {
      this.#options.log.info('link store cleanup', { removed: garbage.length });
      this.#queue(() =>
        Promise.all(garbage.map((n) => unlink(join(this.dir, n)).catch(() => undefined))),
      );
    }
  }

  isExpired(record: LinkRecord): boolean {
    return Date.parse(record.expires) <= this.#options.now();
  }

  /** Refuses (413, 429, 507) an upload that cannot fit; `bytes` is its declared size if known. */
  checkRoom(owner: LinkRecord['owner'], bytes = 0): void {
    const { maxFileBytes, maxFilesPerUserPerDay, maxStoreBytes } = this.#options.limits;
    if (bytes > maxFileBytes) {
      throw new HttpError(
        413,
        'tooLarge',
        `A file sent as a link may be at most ${maxFileBytes} bytes.`,
        {
          Connection: 'close',
        },
      );
    }
    const since = this.#options.now() - DAY_MS;
    const key = ownerKeyOf(owner);
    const today = [...this.#records.values()]
      .filter((r) => ownerKeyOf(r.owner) === key && Date.parse(r.created) > since)
      .map((r) => Date.parse(r.created))
      .sort((a, b) => a - b);
    if (today.length >= maxFilesPerUserPerDay) {
      const oldest = today[today.length - maxFilesPerUserPerDay] ?? since;
      const retry = Math.max(1, Math.ceil((oldest - since) / 1000));
      throw new HttpError(
        429,
        'tooManyLinks',
        `You can send at most ${maxFilesPerUserPerDay} files as links in 24 hours. Send this one as an attachment, or try again later.`,
        { 'Retry-After': String(retry) },
      );
    }
    if (this.#totalBytes + bytes + SEALED_OVERHEAD_BYTES > maxStoreBytes) {
      throw new HttpError(
        507,
        'storeFull',
        'The server has no room for more files sent as links now. Send the file as an attachment, or try again after older links expire.',
      );
    }
  }

  /**
   * Stores a file for `recipients` and answers the record with one token per recipient,
   * in the same order. The caps are checked again here, synchronously with taking the
   * room, so parallel uploads cannot overshoot them.
   */
  async add(
    owner: LinkRecord['owner'],
    file: NewLinkFile,
    recipients: readonly string[],
  ): Promise<{ record: LinkRecord; tokens: string[] }> {
    this.checkRoom(owner, file.bytes.length);
    const now = this.#options.now();
    const tokens = recipients.map(() => newToken());
    const record: LinkRecord = {
      version: RECORD_VERSION,
      id: newFileId(),
      keyId: this.#keyId,
      owner,
      filename: file.filename,
      type: file.type,
      size: file.bytes.length,
      created: new Date(now).toISOString(),
      expires: new Date(now + this.#options.days * DAY_MS).toISOString(),
      recipients: recipients.map((address, i) => ({
        address,
        tokenHash: hashToken(tokens[i] ?? ''),
        downloadedAt: null,
      })),
    };
    this.#index(record);
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      chmodSync(this.dir, 0o700);
      await sealToFile(this.#path(record.id, 'bin'), file.bytes, this.#options.secret, record.id);
      await this.#writeRecord(record);
    } catch (err) {
      this.#forget(record);
      await unlink(this.#path(record.id, 'bin')).catch(() => undefined);
      throw err;
    }
    return { record, tokens };
  }

  /** The link a token opens (expired or not), or undefined. */
  find(token: string): FoundLink | undefined {
    return this.#byTokenHash.get(hashToken(token));
  }

  /** Marks the recipient's first download; answers its time, or null when it was not the first. */
  markDownloaded(found: FoundLink): Date | null {
    const recipient = found.record.recipients[found.recipientIndex];
    if (!recipient || recipient.downloadedAt !== null) return null;
    const at = new Date(this.#options.now());
    recipient.downloadedAt = at.toISOString();
    this.#queue(() =>
      this.#records.has(found.record.id) ? this.#writeRecord(found.record) : undefined,
    );
    return at;
  }

  /** The file's plaintext as a stream, or null when the file is gone. */
  open(record: LinkRecord): Promise<OpenedFile | null> {
    return openSealedFile(
      this.#path(record.id, 'bin'),
      record.size,
      this.#options.secret,
      record.id,
    );
  }

  /** Removes every expired link, records and files. */
  sweep(): Promise<void> {
    const expired = [...this.#records.values()].filter((r) => this.isExpired(r));
    for (const record of expired) this.#forget(record);
    if (expired.length > 0) this.#options.log.info('links expired', { removed: expired.length });
    return this.#queue(() =>
      Promise.all(
        expired.flatMap((r) => [
          unlink(this.#path(r.id, 'json')).catch(() => undefined),
          unlink(this.#path(r.id, 'bin')).catch(() => undefined),
        ]),
      ),
    );
  }

  startSweeping(): void {
    this.#timer ??= setInterval(() => void this.sweep(), LINK_SWEEP_INTERVAL_MS);
    this.#timer.unref();
  }

  stopSweeping(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Resolves when every write and removal started so far has finished. */
  flushed(): Promise<void> {
    return this.#writes;
  }

  #queue(work: () => Promise<unknown> | undefined): Promise<void> {
    this.#writes = this.#writes.then(work).then(
      () => undefined,
      (err: unknown) => {
        this.#options.log.warn('link store write failed', {
          reason: err instanceof Error ? err.message : String(err),
        });
      },
    );
    return this.#writes;
  }

  #path(id: string, kind: 'json' | 'bin'): string {
    if (!FILE_ID_SHAPE.test(id)) throw new Error('not a link file id');
    return join(this.dir, `${id}.${kind}`);
  }

  #readRecord(path: string): LinkRecord | null {
    try {
      return parseRecord(readFileSync(path, 'utf8'));
    } catch {
      return null;
    }
  }

  /** Written under a temporary name and renamed, so a crash never leaves half a record. */
  async #writeRecord(record: LinkRecord): Promise<void> {
    const path = this.#path(record.id, 'json');
    await writeFile(`${path}.tmp`, JSON.stringify(record), { mode: 0o600 });
    await rename(`${path}.tmp`, path);
  }

  #index(record: LinkRecord): void {
    this.#records.set(record.id, record);
    this.#totalBytes += record.size + SEALED_OVERHEAD_BYTES;
    record.recipients.forEach((r, recipientIndex) =>
      this.#byTokenHash.set(r.tokenHash, { record, recipientIndex }),
    );
  }

  #forget(record: LinkRecord): void {
    if (!this.#records.delete(record.id)) return;
    this.#totalBytes -= record.size + SEALED_OVERHEAD_BYTES;
    for (const r of record.recipients) this.#byTokenHash.delete(r.tokenHash);
  }
}
