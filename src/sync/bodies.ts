// Raw bodies after the rows, newest first (ARCHITECTURE.md § Sync): each is downloaded,
// parsed (in the worker in the browser) and stored with the list fields it gives, so a
// synced message reads offline like an imported one.
import type { MailParser } from '../mail/types.js';
import { newEmailRecord } from '../state/email-rows.js';
import type { BodyDerived } from '../store/sync/bodies.js';
import {
  countQueuedBodies,
  forgetQueuedBody,
  nextBodies,
  putSyncedBody,
} from '../store/sync/bodies.js';
import { ServerError } from './jmap-client.js';
import type { PullContext } from './pull.js';

/** Downloads in flight: enough to hide latency, few enough to leave the proxy room. */
const PARALLEL_DOWNLOADS = 4;

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The list fields a body gives, computed as an import would. */
export async function deriveFromBody(parser: MailParser, raw: Uint8Array): Promise<BodyDerived> {
  const summary = await parser.summarize(raw);
  const row = newEmailRecord({
    id: '',
    mailboxId: '',
    raw,
    contentHash: await sha256Hex(raw),
    summary,
    now: 0,
    seen: false,
  });
  const { messageId, sortSubject, sortFrom, sentAt, hasAttachment, priority, from, to, cc } = row;
  const { subject, preview, warnings, inReplyTo, references, contentHash } = row;
  return {
    messageId,
    sortSubject,
    sortFrom,
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

/** Works through the queue until it is empty, cancelled, or the network goes. */
export async function downloadBodies(ctx: PullContext, parser: MailParser): Promise<void> {
  let done = 0;
  const total = await countQueuedBodies(ctx.db);
  if (total === 0) return;
  ctx.onProgress(0, total);
  for (;;) {
    ctx.signal.throwIfAborted();
    const batch = await nextBodies(ctx.db, PARALLEL_DOWNLOADS * 4);
    if (batch.length === 0) break;
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const item = batch[next++];
        if (!item) break;
        ctx.signal.throwIfAborted();
        try {
          await fetchBody(ctx, parser, item.id, item.blobId);
        } catch (err) {
          // Gone on the server: /changes will remove the row; stop asking for its body.
          if (err instanceof ServerError && err.status === 404)
            await forgetQueuedBody(ctx.db, item.id);
          else throw err;
        }
        done++;
        ctx.onProgress(done, total);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_DOWNLOADS }, worker));
  }
}
