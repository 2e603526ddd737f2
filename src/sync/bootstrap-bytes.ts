// The first download when the server offers Blob/get (RFC 9404): each batch's rows are
// built from their own bytes, so a message is written once — row, body and list fields
// together — instead of a metadata row first and the same row again with its body.
// Measured on the 10k bench: rows then bodies took 19.4 s; see the README for this path.
import type { MailParser } from '../mail/types.js';
import type { Email } from '../protocol/jmap-mail.js';
import type { GetResponse } from '../protocol/jmap-methods.js';
import type { Invocation } from '../protocol/jmap-core.js';
import { applyEmailBatch } from '../store/sync/apply-emails.js';
import type { BodyDerived } from '../store/sync/bodies.js';
import type { ServerEmail } from '../store/sync/server-types.js';
import { batches, deriveFromBodies, download, groupBatches } from './bodies.js';
import { fromLeanAndBytes } from './convert.js';
import { unwrap } from './jmap-client.js';
import type { PullContext } from './pull-context.js';

/** What the server alone knows of a message; the rest comes from its bytes. */
const LEAN_PROPERTIES = [
  'id',
  'blobId',
  'threadId',
  'mailboxIds',
  'keywords',
  'size',
  'receivedAt',
];
/** Ids per Email/get (the proxy's maxObjectsInGet). */
const GET_CHUNK = 500;

/** What the server alone knows of a slice's messages, and the ids it no longer has. */
export interface LeanRows {
  list: Partial<Email>[];
  notFound: string[];
}

/**
 * The lean metadata of some ids, in one request. Started for the next slice while this one
 * is written, it no longer stalls the pipeline between slices; a failure surfaces when
 * that slice starts (`startSlice`), not before.
 */
export function fetchLean(ctx: PullContext, ids: readonly string[]): Promise<LeanRows> {
  const lean = getLean(ctx, ids);
  lean.catch(() => undefined);
  return lean;
}

async function getLean(ctx: PullContext, ids: readonly string[]): Promise<LeanRows> {
  const calls: Invocation[] = [];
  for (let i = 0; i < ids.length; i += GET_CHUNK) {
    calls.push([
      'Email/get',
      { accountId: ctx.accountId, ids: ids.slice(i, i + GET_CHUNK), properties: LEAN_PROPERTIES },
      `g${i}`,
    ]);
  }
  const list: Partial<Email>[] = [];
  const notFound: string[] = [];
  for (const r of await ctx.client.request(calls, ctx.signal)) {
    const got = unwrap<GetResponse<Partial<Email>>>(r, 'Email/get');
    list.push(...got.list);
    notFound.push(...got.notFound);
  }
  return { list, notFound };
}

type Parsed = Map<string, { raw: Uint8Array; derived: BodyDerived }>;

/** One message of a batch: its lean row and its blob. */
interface BatchRef {
  email: Partial<Email>;
  id: string;
  blobId: string;
}

/** One batch on its way: its bytes, then their parse. */
interface Stage {
  downloaded: Promise<{ got: Map<string, Uint8Array>; missing: string[] }>;
  parsed: Promise<Parsed>;
}

/** Every message of a batch parsed, in one request to the worker pool. */
async function parseAll(parser: MailParser, got: Map<string, Uint8Array>): Promise<Parsed> {
  const entries = [...got];
  const derived = await deriveFromBodies(
    parser,
    entries.map(([, raw]) => raw),
  );
  return new Map(entries.map(([id, raw], i) => [id, { raw, derived: derived[i] as BodyDerived }]));
}

/**
 * Batches whose bytes may be downloaded (and parsed) beyond the group being written: the
 * proxy and the parse worker work ahead while the page writes. A group is one batch, or
 * up to GROUP_BATCHES whose bytes together fit one batch's (`groupBatches`), so a slice
 * holds at most three batches' worth in memory, and the next slice starts its own once
 * this one's last batch has its bytes: six of at most 12 MB each (`batches`) at worst,
 * ~12 MB in all for typical mail.
 */
const AHEAD = 2;
/** Batches of small mail written per transaction (`groupBatches`). */
const GROUP_BATCHES = 4;

/** A slice under way: started ahead, finished (written) in its turn. */
export interface SliceRun {
  /**
   * Settles once the slice's last batch has its bytes (at once for an empty slice): the
   * moment to start the next slice, whose downloads then follow this one's without a gap.
   * Rejects as `finish` does when a download fails.
   */
  readonly downloaded: Promise<void>;
  /** Writes the slice group by group; `onBatch` is told how many messages each stored. */
  finish(onBatch: (done: number) => void): Promise<void>;
}

/** A slice's batches, and the groups it writes them in. */
interface SlicePlan {
  batches: BatchRef[][];
  groups: { first: number; last: number }[];
}

/**
 * Starts a slice of the bootstrap listing (`ids`): its lean rows (unless already asked
 * for, `lean`), then its batches' bytes one download after another and their parse, up to
 * AHEAD batches beyond the group being written. Nothing is written until `finish`, so a
 * slice can be started while the one before is still being written.
 *
 * Each group — up to four batches of small mail, one of large — is written in one
 * transaction: every commit re-runs the open app's live queries (the list, the folders,
 * the counts) and has its own fixed costs, and a first download of 10k small messages
 * committed 21 times instead of 6 (ADR 0012, session 21).
 */
export function startSlice(
  ctx: PullContext,
  parser: MailParser,
  ids: readonly string[],
  lean: Promise<LeanRows> = fetchLean(ctx, ids),
): SliceRun {
  const plan = lean.then(({ list }): SlicePlan => {
    const refs = list
      .filter((e): e is Partial<Email> & { id: string } => e.id !== undefined)
      .map((e) => ({ email: e, id: e.id, blobId: e.blobId ?? e.id }));
    const planned = batches(
      refs,
      refs.map((r) => r.email.size ?? 0),
    );
    const bytes = planned.map((b) => b.reduce((sum, r) => sum + (r.email.size ?? 0), 0));
    return { batches: planned, groups: groupBatches(bytes, GROUP_BATCHES) };
  });
  // Batch k downloads once batch k-1 has its bytes and k is at most AHEAD beyond the group
  // being written; each is parsed as soon as its bytes are in, so the worker parses ahead
  // of the page's writes.
  const stages: (Stage | null)[] = [];
  let downloading = false;
  /** The group being written (or next to be). */
  let writing = 0;
  let lastDownloaded: () => void = () => undefined;
  let downloadFailed: (err: unknown) => void = () => undefined;
  const downloaded = new Promise<void>((resolve, reject) => {
    lastDownloaded = resolve;
    downloadFailed = reject;
  });
  downloaded.catch(() => undefined);
  const pump = ({ batches: p, groups }: SlicePlan): void => {
    const k = stages.length;
    const limit = (groups[writing]?.last ?? p.length) + AHEAD;
    if (downloading || k >= p.length || k > limit || ctx.signal.aborted) return;
    downloading = true;
    const got = download(ctx, p[k] as readonly BatchRef[], true);
    const parsed = got.then(({ got: bytes }) => parseAll(parser, bytes));
    stages.push({ downloaded: got, parsed });
    parsed.catch(() => undefined);
    got.then(
      () => {
        downloading = false;
        if (k === p.length - 1) lastDownloaded();
        pump({ batches: p, groups });
      },
      (err: unknown) => downloadFailed(err),
    );
  };
  const first = plan.then((p) => {
    if (p.batches.length === 0) lastDownloaded();
    pump(p);
    return p;
  });
  first.catch((err: unknown) => downloadFailed(err));

  /** A batch's stage once its bytes are in and parsed (the user may cancel meanwhile). */
  async function ready(i: number): Promise<{ missing: string[]; parsed: Parsed }> {
    const current = stages[i];
    if (!current) {
      // Started when batch i-1 had its bytes, unless the user cancelled meanwhile.
      ctx.signal.throwIfAborted();
      throw new Error(`Bootstrap batch ${i} was never started.`);
    }
    const { missing } = await current.downloaded;
    ctx.signal.throwIfAborted();
    const parsed = await current.parsed;
    ctx.signal.throwIfAborted();
    return { missing, parsed };
  }

  return {
    downloaded,
    async finish(onBatch) {
      const { notFound } = await lean;
      if (notFound.length > 0) {
        await applyEmailBatch(ctx.db, { upserts: [], destroyed: notFound, now: ctx.now() });
      }
      const p = await first;
      for (const [g, { first: from, last }] of p.groups.entries()) {
        const upserts: ServerEmail[] = [];
        const bodies: Parsed = new Map();
        const missing: string[] = [];
        let count = 0;
        for (let i = from; i <= last; i++) {
          const stage = await ready(i);
          missing.push(...stage.missing);
          const batch = p.batches[i] ?? [];
          count += batch.length;
          for (const [id, body] of stage.parsed) bodies.set(id, body);
          for (const r of batch) {
            const body = stage.parsed.get(r.id);
            const row = body ? fromLeanAndBytes(r.email, body.derived, body.raw.byteLength) : null;
            if (row) upserts.push(row);
          }
        }
        const result = await applyEmailBatch(ctx.db, {
          upserts,
          bodies,
          // Listed a moment ago, gone now: deleted on the server meanwhile.
          destroyed: missing,
          // A first download: not looked up one by one (a resumed slice is, once it fails).
          expectNew: true,
          now: ctx.now(),
        });
        // The group's bytes can go; the next batches may download.
        for (let i = from; i <= last; i++) stages[i] = null;
        writing = g + 1;
        pump(p);
        if (result.conflicts.length > 0) ctx.onConflicts(result.conflicts);
        onBatch(count);
      }
    },
  };
}
