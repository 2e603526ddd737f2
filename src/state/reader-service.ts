// ReaderService: open (parse + mark read), raw source, rendering through the injected
// renderer (it needs a DOM), remote-content trust (VIEW-2) and attachment deletion (ATTACH-4).
import type { MailParser, ParsedMessage } from '../mail/types.js';
import { isUnparseable } from '../mail/types.js';
import type { BuzonDb } from '../store/db.js';
import { NotFoundError } from '../store/errors.js';
import { getBody, getEmail, putKeyword, putRewrittenMessage } from '../store/repos/emails.js';
import { currentEmailId, followingRenames } from '../store/repos/renames.js';
import { getTrustedSender, listSettingValues, putTrustedSender } from '../store/repos/settings.js';
import { toMessageRow } from './email-rows.js';
import { sha256Hex } from './hash.js';
import type { ReaderService, RenderedMail } from './types.js';

/** The renderer, injected: it needs a DOM (DOMPurify), which Node tests do not have. */
export interface MailRenderer {
  renderMail(parsed: ParsedMessage, opts: { allowRemote: boolean }): RenderedMail;
  renderPrintDocument(parsed: ParsedMessage): string;
}

/**
 * Loads the renderer on first use. main.ts passes a dynamic import(), so DOMPurify and
 * the renderer stay out of the start-up bundle until a message is first shown or printed.
 */
export type MailRendererLoader = () => Promise<MailRenderer>;

export interface ReaderDeps {
  db: BuzonDb;
  parser: MailParser;
  /** The renderer itself (tests), or a loader called once, on the first render. */
  render: MailRenderer | MailRendererLoader;
  now: () => number;
  /** Where device-wide settings and trusted senders live (the local mailbox's database). */
  deviceDb?: BuzonDb;
  /**
   * Brings the raw bytes of a synced message not downloaded yet (the sync service); absent
   * for the local mailbox, where every message has its bytes.
   */
  fetchBody?: (id: string) => Promise<Uint8Array>;
}

/** One load, shared by every caller; a failed load (e.g. offline, chunk missing) is retried next time. */
function lazyRenderer(render: MailRenderer | MailRendererLoader): () => Promise<MailRenderer> {
  if (typeof render !== 'function') return () => Promise.resolve(render);
  let loading: Promise<MailRenderer> | null = null;
  return () =>
    (loading ??= render().catch((err: unknown) => {
      loading = null;
      throw err;
    }));
}

export function createReaderService(deps: ReaderDeps): ReaderService {
  const { db, parser, render, now } = deps;
  const settingsDb = deps.deviceDb ?? db;
  const renderer = lazyRenderer(render);
  /** The stored bytes, or — for a synced message whose bytes are still on the server — fetched now. */
  async function body(id: string): Promise<Uint8Array> {
    try {
      return await getBody(db, id);
    } catch (err) {
      if (!(err instanceof NotFoundError) || !deps.fetchBody) throw err;
      // Moved to another id meanwhile: the caller follows it (no fetch of a stale id).
      if ((await currentEmailId(db, id)) !== id) throw err;
      return deps.fetchBody(id);
    }
  }
  return {
    // The row says which id the message has now, when it had another when asked for.
    openMessage: (asked) =>
      followingRenames(db, asked, async (id) => {
        const [email, raw] = await Promise.all([getEmail(db, id), body(id)]);
        const parsed = await parser.parse(raw);
        if (email.seen === 0) await putKeyword(db, [id], '$seen', true);
        const row = { ...toMessageRow(email), seen: true };
        return { row, parsed };
      }),
    getRawMessage: (id) => followingRenames(db, id, body),
    parseRaw: (raw) => parser.parse(raw),
    renderDocument: async (parsed, opts) => (await renderer()).renderMail(parsed, opts),
    renderPrintDocument: async (parsed) => (await renderer()).renderPrintDocument(parsed),
    async isRemoteAllowed(senderAddress) {
      const settings = await listSettingValues(settingsDb);
      if (settings.get('alwaysShowRemote') === true) return true;
      return senderAddress !== '' && getTrustedSender(settingsDb, senderAddress);
    },
    trustSender: (senderAddress) => putTrustedSender(settingsDb, senderAddress, now()),
    deleteAttachment: (id, partId) => followingRenames(db, id, (id) => removePart(id, partId)),
  };

  /** ATTACH-4: the message without one attachment, rewritten in place. */
  async function removePart(id: string, partId: string): Promise<void> {
    const raw = await body(id);
    // Loaded on use: the MIME rewriter (and postal-mime's decoders) stay out of start-up.
    const { removeAttachment } = await import('../mail/rewrite.js');
    const rewritten = removeAttachment(raw, partId, new Date(now()));
    // Parse and hash outside the transaction: IndexedDB commits a transaction that
    // waits on anything else, so only the writes go inside.
    const summary = await parser.summarize(rewritten);
    const hasAttachment = isUnparseable(summary) ? false : summary.hasAttachment;
    await putRewrittenMessage(db, id, rewritten, {
      size: rewritten.byteLength,
      hasAttachment,
      contentHash: await sha256Hex(rewritten),
    });
  }
}
