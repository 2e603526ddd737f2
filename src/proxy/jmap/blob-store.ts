// Uploaded blobs (RFC 8620 §6.1), held in memory per session until Email/import uses them.
// The proxy stores no mail permanently (ARCHITECTURE.md): an upload lives at most
// UPLOAD_EXPIRY_MS, within a per-session and a process-wide byte budget, and dies with
// the session (logout, expiry) or a restart. A client that lost its upload uploads again.
import { randomBytes } from 'node:crypto';
import { MAX_CONCURRENT_UPLOAD, MAX_SIZE_UPLOAD } from '../../protocol/limits.js';
import { HttpError } from '../http/errors.js';

/**
 * How long an upload is kept. RFC 8620 §6 lets a server delete a blob nothing references,
 * but not within an hour of its upload; the client imports right after uploading, so an
 * hour is also all it needs.
 */
export const UPLOAD_EXPIRY_MS = 60 * 60 * 1000;

/**
 * Bytes one session may hold in uploads: one maximal message (MAX_SIZE_UPLOAD, 50 MiB)
 * plus room for a few ordinary ones uploaded alongside it, e.g. a draft and its copy
 * for Sent. A fuller session must import (or wait for expiry) before uploading more.
 */
export const MAX_SESSION_UPLOAD_BYTES = 64 * 1024 * 1024;

/**
 * Bytes all sessions together may hold: the proxy runs on small machines and this is
 * RAM. Four sessions' full budgets; past it uploads wait (503, Retry-After).
 */
export const MAX_TOTAL_UPLOAD_BYTES = 256 * 1024 * 1024;

/** How often expired uploads and those of ended sessions are dropped. */
export const UPLOAD_SWEEP_INTERVAL_MS = 60 * 1000;

/** Seconds a client is told to wait when the process-wide budget is full. */
const RETRY_AFTER_SECONDS = 60;

/** 16 random bytes: unguessable, so one session can never name another's upload. */
const BLOB_ID_BYTES = 16;

export interface UploadLimits {
  maxBlobBytes: number;
  maxSessionBytes: number;
  maxTotalBytes: number;
  maxConcurrent: number;
  expiryMs: number;
}

export const DEFAULT_UPLOAD_LIMITS: Readonly<UploadLimits> = {
  maxBlobBytes: MAX_SIZE_UPLOAD,
  maxSessionBytes: MAX_SESSION_UPLOAD_BYTES,
  maxTotalBytes: MAX_TOTAL_UPLOAD_BYTES,
  maxConcurrent: MAX_CONCURRENT_UPLOAD,
  expiryMs: UPLOAD_EXPIRY_MS,
};

export interface UploadedBlob {
  readonly blobId: string;
  readonly bytes: Buffer;
  /** The upload's Content-Type, as the client sent it (RFC 8620 §6.1). */
  readonly type: string;
  readonly createdAt: number;
  /** Imported at least once: the first to go when a session needs room. */
  imported: boolean;
}

interface SessionUploads {
  blobs: Map<string, UploadedBlob>;
  bytes: number;
  inFlight: number;
}

/** An upload id: `U` + 22 base64url characters, an RFC 8620 Id no email id can equal. */
export const isUploadId = (id: string): boolean => /^U[A-Za-z0-9_-]{22}$/.test(id);

export class UploadStore {
  readonly #sessions = new Map<string, SessionUploads>();
  #total = 0;
  #sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(
    /** True while the session exists in the session store (not logged out, not expired). */
    private readonly isSessionLive: (sessionId: string) => boolean,
    readonly limits: Readonly<UploadLimits> = DEFAULT_UPLOAD_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Bytes held by all sessions (for tests and diagnostics). */
  get totalBytes(): number {
    return this.#total;
  }

  #entry(sessionId: string): SessionUploads {
    let entry = this.#sessions.get(sessionId);
    if (!entry) {
      entry = { blobs: new Map(), bytes: 0, inFlight: 0 };
      this.#sessions.set(sessionId, entry);
    }
    return entry;
  }

  /**
   * Takes one of the session's maxConcurrentUpload slots; call the returned function when
   * the upload is over. Each slot may buffer up to maxSizeUpload bytes while it reads.
   */
  begin(sessionId: string): () => void {
    const entry = this.#entry(sessionId);
    if (entry.inFlight >= this.limits.maxConcurrent) {
      throw new HttpError(
        429,
        'tooManyUploads',
        `At most ${this.limits.maxConcurrent} uploads at a time. Wait for one to finish.`,
        { 'Retry-After': '1' },
      );
    }
    entry.inFlight += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      entry.inFlight -= 1;
    };
  }

  /**
   * Throws 413 when `size` cannot fit: over maxSizeUpload, or over the session's budget
   * even after dropping its expired and already-imported uploads; 503 when the process is
   * full. Checked on the declared length before reading, and again before storing.
   */
  makeRoom(sessionId: string, size: number): void {
    if (size > this.limits.maxBlobBytes) {
      throw new HttpError(
        413,
        'tooLarge',
        `The upload is larger than ${this.limits.maxBlobBytes} bytes (maxSizeUpload).`,
        { Connection: 'close' },
      );
    }
    const entry = this.#entry(sessionId);
    this.#dropExpired(sessionId, entry);
    // Imported uploads first, oldest first: their email is on the server now.
    for (const blob of [...entry.blobs.values()].filter((b) => b.imported)) {
      if (entry.bytes + size <= this.limits.maxSessionBytes) break;
      this.#drop(entry, blob);
    }
    if (entry.bytes + size > this.limits.maxSessionBytes) {
      throw new HttpError(
        413,
        'uploadQuotaExceeded',
        `Uploads not yet imported hold ${entry.bytes} bytes; at most ${this.limits.maxSessionBytes} per session. Import them first, or wait an hour.`,
        { Connection: 'close' },
      );
    }
    if (this.#total + size > this.limits.maxTotalBytes) {
      throw new HttpError(
        503,
        'uploadStoreFull',
        'The server holds too many uploads right now. Try again in a minute.',
        { 'Retry-After': String(RETRY_AFTER_SECONDS), Connection: 'close' },
      );
    }
  }

  /** Stores the bytes (after makeRoom) and answers the new blob. */
  put(sessionId: string, bytes: Buffer, type: string): UploadedBlob {
    this.makeRoom(sessionId, bytes.length);
    const entry = this.#entry(sessionId);
    const blob: UploadedBlob = {
      blobId: `U${randomBytes(BLOB_ID_BYTES).toString('base64url')}`,
      bytes,
      type,
      createdAt: this.now(),
      imported: false,
    };
    entry.blobs.set(blob.blobId, blob);
    entry.bytes += bytes.length;
    this.#total += bytes.length;
    return blob;
  }

  /** The session's upload with this id, unless it expired. */
  get(sessionId: string, blobId: string): UploadedBlob | undefined {
    const entry = this.#sessions.get(sessionId);
    const blob = entry?.blobs.get(blobId);
    if (!entry || !blob) return undefined;
    if (this.now() - blob.createdAt > this.limits.expiryMs) {
      this.#drop(entry, blob);
      return undefined;
    }
    return blob;
  }

  dropSession(sessionId: string): void {
    const entry = this.#sessions.get(sessionId);
    if (!entry) return;
    for (const blob of [...entry.blobs.values()]) this.#drop(entry, blob);
    this.#sessions.delete(sessionId);
  }

  sweep(): void {
    for (const [sessionId, entry] of [...this.#sessions]) {
      if (!this.isSessionLive(sessionId)) this.dropSession(sessionId);
      else this.#dropExpired(sessionId, entry);
    }
  }

  startSweeping(): void {
    if (this.#sweeper !== undefined) return;
    this.#sweeper = setInterval(() => this.sweep(), UPLOAD_SWEEP_INTERVAL_MS);
    (this.#sweeper as { unref?: () => void }).unref?.();
  }

  stopSweeping(): void {
    clearInterval(this.#sweeper);
    this.#sweeper = undefined;
  }

  #dropExpired(sessionId: string, entry: SessionUploads): void {
    const now = this.now();
    for (const blob of [...entry.blobs.values()]) {
      if (now - blob.createdAt > this.limits.expiryMs) this.#drop(entry, blob);
    }
    if (entry.blobs.size === 0 && entry.inFlight === 0) this.#sessions.delete(sessionId);
  }

  #drop(entry: SessionUploads, blob: UploadedBlob): void {
    if (!entry.blobs.delete(blob.blobId)) return;
    entry.bytes -= blob.bytes.length;
    this.#total -= blob.bytes.length;
  }
}
