// Raw bodies after the rows, newest first (ARCHITECTURE.md § Sync): downloaded in batches
// (RFC 9404 Blob/get when the server has it: one FETCH per folder instead of one request
// per message), parsed (in the worker in the browser) and stored one transaction per
// batch with the list fields they give, so a synced message reads offline like an
// imported one.
import type { MailParser, MessageSummary, UnparseableMessage } from '../mail/types.js';
import type { BlobGetItem } from '../protocol/jmap-blob.js';
import { BLOB_CAPABILITY } from '../protocol/jmap-blob.js';
import { DATA_AS_OCTETS, OCTETS_CAPABILITY, octetsAt } from '../protocol/jmap-octets.js';
import type { GetResponse } from '../protocol/jmap-methods.js';
import { belongsTo, unavailableAccountsOf } from '../protocol/jmap-partial.js';
import type { Invocation } from '../protocol/jmap-core.js';
import { newEmailFields } from '../state/email-rows.js';
import { sha256Hex } from '../state/hash.js';
import type { BodyDerived, SyncedBody } from '../store/sync/bodies.js';
import {
  countQueuedBodies,
  forgetQueuedBodies,
  nextBodies,
  putSyncedBodies,
  putSyncedBody,
  sizesOf,
} from '../store/sync/bodies.js';
import type { BodyQueueRecord } from '../store/records.js';
import { ServerError, unwrap } from './jmap-client.js';
import type { PullContext } from './pull-context.js';
import { partialUsing } from './pull-query.js';

/**
 * Bytes per Blob/get call: under the proxy's 16 MB cap, and a response (base64, +33%) a
 * phone parses without a pause.
 */
const BATCH_BYTES = 12 * 1024 * 1024;
/** Blobs per Blob/get call (the proxy's maxObjectsInGet is 500). */
const BATCH_COUNT = 500;
/** Queue entries read per round: a few batches, so progress is saved often. */
const ROUND = 2_000;
/** Per-message downloads in flight when the server has no Blob/get. */
const PARALLEL_DOWNLOADS = 4;

/** The list fields a body gives, computed as an import would. */
export async function deriveFromBody(parser: MailParser, raw: Uint8Array): Promise<BodyDerived> {
  // Hashed here while the worker parses: measured, hashing in the single parse worker made
  // the 10k bootstrap no faster (its worker is the busier thread on two cores).
  const [summary, hash] = await Promise.all([parser.summarize(raw), sha256Hex(raw)]);
  return derivedFields(raw, summary, hash);
}

/**
 * The list fields of many bodies: one batch to the parser when it takes batches (the
 * worker pool), one by one otherwise or when the batch as a whole failed.
 */
export async function deriveFromBodies(
  parser: MailParser,
  raws: readonly Uint8Array[],
): Promise<BodyDerived[]> {
  const hashes = Promise.all(raws.map((raw) => sha256Hex(raw)));
  const summaries = parser.summarizeBatch ? await parser.summarizeBatch(raws) : null;
  if (summaries === null || summaries.length !== raws.length) {
    hashes.catch(() => undefined);
    return Promise.all(raws.map((raw) => deriveFromBody(parser, raw)));
  }
  const hashed = await hashes;
  return raws.map((raw, i) =>
    derivedFields(raw, summaries[i] as MessageSummary | UnparseableMessage, hashed[i] as string),
  );
}

function derivedFields(
  raw: Uint8Array,
  summary: MessageSummary | UnparseableMessage,
  hash: string,
): BodyDerived {
  const row = newEmailFields({
    id: '',
    mailboxId: '',
    raw,
    contentHash: hash,
    summary,
    now: 0,
    seen: false,
  });
  const { messageId, sentAt, hasAttachment, priority, from, to, cc } = row;
  const { subject, preview, warnings, inReplyTo, references, contentHash } = row;
  return {
    messageId,
    sentAt,
    hasAttachment,
    priority,
    from,
    to,
    cc,
    subject,
    preview,
    warnings,
    inReplyTo,
    references,
    contentHash,
  };
}

/** Downloads one body now (the reader opened a message whose bytes are not here yet). */
export async function fetchBody(
  ctx: Pick<PullContext, 'db' | 'client' | 'signal'>,
  parser: MailParser,
  id: string,
  blobId: string,
): Promise<Uint8Array> {
  const raw = await ctx.client.download(blobId, ctx.signal);
  await putSyncedBody(ctx.db, id, raw, await deriveFromBody(parser, raw));
  return raw;
}

/** The engine's own decoder (TC39 base64, Chromium 140+), when there is one. */
const nativeFromBase64 = (
  Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array }
).fromBase64?.bind(Uint8Array);

function fromBase64(text: string): Uint8Array {
  // Measured in the 10k bootstrap's main-thread profile: atob plus the copy loop took
  // ~0.6 s of the page's thread; the native decoder does it without the binary string.
  if (nativeFromBase64) return nativeFromBase64(text);
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const utf8 = new TextEncoder();

/**
 * A Blob/get item's bytes: its octets (OCTETS_CAPABILITY), its text as UTF-8, or its
 * base64 decoded; null if none.
 */
function bytesOf(item: BlobGetItem | undefined, octets: Uint8Array): Uint8Array | null {
  const ref = (item as Record<string, unknown> | undefined)?.[DATA_AS_OCTETS];
  // A view into the answer, not a copy (10,000 buffers per 10k bootstrap, each tracked
  // by V8's GC): `download`'s callers only parse the bytes (the parser client copies what
  // it sends) and store them in packs (`joinPack` copies).
  if (ref !== undefined) return octetsAt(octets, ref, true);
  const text = item?.['data:asText'];
  if (typeof text === 'string') return utf8.encode(text);
  const base64 = item?.['data:asBase64'];
  return typeof base64 === 'string' ? fromBase64(base64) : null;
}

/**
 * Groups consecutive batches, up to `most` at a time, while the group stays within one
 * batch's bytes (`sizes`: each batch's): the first download writes a group in one
 * transaction (bootstrap-bytes.ts). Returns each group's first and last batch index.
 */
export function groupBatches(
  sizes: readonly number[],
  most: number,
): { first: number; last: number }[] {
  const out: { first: number; last: number }[] = [];
  for (let i = 0; i < sizes.length;) {
    let last = i;
    let bytes = sizes[i] ?? 0;
    while (last + 1 < sizes.length && last + 1 - i < most) {
      const next = sizes[last + 1] ?? 0;
      if (bytes + next > BATCH_BYTES) break;
      bytes += next;
      last++;
    }
    out.push({ first: i, last });
    i = last + 1;
  }
  return out;
}

/** Splits messages into Blob/get batches by count and bytes. */
export function batches<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let bytes = 0;
  items.forEach((item, i) => {
    const size = sizes[i] ?? 0;
    if (cur.length > 0 && (cur.length >= BATCH_COUNT || bytes + size > BATCH_BYTES)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(item);
    bytes += size;
  });
  if (cur.length > 0) out.push(cur);
  return out;
}

/** What a download needs of a message: its local id and its blob. */
export type BlobRef = Pick<BodyQueueRecord, 'id' | 'blobId'>;

/** A batch's outcome: bytes, ids gone from the server, ids to ask for again later. */
export interface Downloaded {
  got: Map<string, Uint8Array>;
  missing: string[];
  /** Another account's, whose server cannot be reached now (jmap-partial.ts). */
  later: string[];
}

async function viaBlobGet(
  ctx: PullContext,
  batch: readonly BlobRef[],
  partial: boolean,
): Promise<Downloaded> {
  // Buzón's proxy frames the bytes after the JSON (protocol/jmap-octets.ts); elsewhere,
  // RFC 9404 `data`: text when the message is UTF-8 (nearly all mail), else base64.
  const framed = OCTETS_CAPABILITY in (await ctx.client.session()).capabilities;
  const ids = batch.map((b) => b.blobId);
  const call: Invocation = [
    'Blob/get',
    { accountId: ctx.accountId, ids, properties: [framed ? DATA_AS_OCTETS : 'data'] },
    'b',
  ];
  const using = [BLOB_CAPABILITY, ...(partial ? await partialUsing(ctx) : [])];
  const { responses, octets } = framed
    ? await ctx.client.requestOctets([call], ctx.signal, using)
    : {
        responses: await ctx.client.request([call], ctx.signal, using),
        octets: new Uint8Array(0),
      };
  const res = unwrap<GetResponse<BlobGetItem>>(responses[0], 'Blob/get');
  const byBlob = new Map(res.list.map((item) => [item.id, item]));
  const waiting = unavailableAccountsOf(res);
  if (waiting.length > 0) ctx.onLeftOut?.(waiting);
  const out: Downloaded = { got: new Map(), missing: [], later: [] };
  for (const b of batch) {
    const bytes = bytesOf(byBlob.get(b.blobId), octets);
    if (bytes) out.got.set(b.id, bytes);
    else if (belongsTo(b.blobId, waiting)) out.later.push(b.id);
    else out.missing.push(b.id);
  }
  return out;
}

async function viaDownloads(ctx: PullContext, batch: readonly BlobRef[]): Promise<Downloaded> {
  const got = new Map<string, Uint8Array>();
  const missing: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < batch.length) {
      const item = batch[next++];
      if (!item) break;
      ctx.signal.throwIfAborted();
      try {
        got.set(item.id, await ctx.client.download(item.blobId, ctx.signal));
      } catch (err) {
        // Gone on the server: /changes will remove the row; stop asking for its body.
        if (err instanceof ServerError && err.status === 404) missing.push(item.id);
        else throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_DOWNLOADS }, worker));
  return { got, missing, later: [] };
}

/**
 * Downloads one batch by whichever path the server offers. The bytes may be views into
 * one shared answer: parse them or store them (both copy), never clone or keep them.
 * `partial`: the blobs of another account whose server is down come back as `later`
 * (else the whole batch fails).
 */
export function download(
  ctx: PullContext,
  batch: readonly BlobRef[],
  bulk: boolean,
  partial = false,
): Promise<Downloaded> {
  return bulk ? viaBlobGet(ctx, batch, partial) : viaDownloads(ctx, batch);
}

/** Parses a batch (one request to the worker pool) and stores it in one transaction. */
async function store(
  ctx: PullContext,
  parser: MailParser,
  got: Map<string, Uint8Array>,
  missing: readonly string[],
): Promise<void> {
  const entries = [...got];
  const derived = await deriveFromBodies(
    parser,
    entries.map(([, raw]) => raw),
  );
  const items: SyncedBody[] = entries.map(([id, raw], i) => ({
    id,
    raw,
    derived: derived[i] as BodyDerived,
  }));
  await putSyncedBodies(ctx.db, items);
  if (missing.length > 0) await forgetQueuedBodies(ctx.db, missing);
}

/**
 * Works through the queue until it is empty, cancelled, or the network goes. The next
 * batch downloads while the current one is parsed and stored.
 */
export async function downloadBodies(ctx: PullContext, parser: MailParser): Promise<void> {
  const total = await countQueuedBodies(ctx.db);
  if (total === 0) return;
  const session = await ctx.client.session();
  const bulk = BLOB_CAPABILITY in session.capabilities;
  let done = 0;
  ctx.onProgress(0, total);
  /** Bodies of accounts whose servers are down: passed over until the next pass. */
  const later = new Set<string>();
  const skip = (id: string) => later.has(id);
  for (;;) {
    ctx.signal.throwIfAborted();
    // Without a skip the round is one getAll; a filter walks a cursor instead.
    const round = await nextBodies(ctx.db, ROUND, later.size > 0 ? skip : undefined);
    if (round.length === 0) break;
    const plan = batches(
      round,
      await sizesOf(
        ctx.db,
        round.map((r) => r.id),
      ),
    );
    let pending = plan[0] ? download(ctx, plan[0], bulk, true) : null;
    for (let i = 0; i < plan.length && pending; i++) {
      const { got, missing, later: waiting } = await pending;
      ctx.signal.throwIfAborted();
      // A server that answers neither bytes nor notFound would loop forever: stop here,
      // the next pass asks again. What waits for its server is passed over from now on.
      for (const id of waiting) later.add(id);
      if (got.size === 0 && missing.length === 0 && waiting.length === 0) return;
      const nextBatch = plan[i + 1];
      pending = nextBatch ? download(ctx, nextBatch, bulk, true) : null;
      // If storing fails, the prefetch's result is not awaited: keep it from being an
      // unhandled rejection.
      pending?.catch(() => undefined);
      await store(ctx, parser, got, missing);
      done += plan[i]?.length ?? 0;
      ctx.onProgress(done, total);
    }
  }
}
