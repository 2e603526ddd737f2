// ReaderService: open (parse + mark read), raw source, rendering through the injected
// renderer (it needs a DOM), remote-content trust (VIEW-2) and attachment deletion (ATTACH-4).
import type { MailParser, ParsedMessage } from '../mail/types.js';
import { isUnparseable } from '../mail/types.js';
import { removeAttachment } from '../mail/rewrite.js';
import type { BuzonDb } from '../store/db.js';
import { getBody, getEmail, putKeyword, putRewrittenMessage } from '../store/repos/emails.js';
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

export function createReaderService({ db, parser, render, now }: ReaderDeps): ReaderService {
  const renderer = lazyRenderer(render);
  return {
    async openMessage(id) {
      const [email, raw] = await Promise.all([getEmail(db, id), getBody(db, id)]);
      const parsed = await parser.parse(raw);
      if (email.seen === 0) await putKeyword(db, [id], '$seen', true);
      const row = { ...toMessageRow(email), seen: true };
      return { row, parsed };
    },
    getRawMessage: (id) => getBody(db, id),
    parseRaw: (raw) => parser.parse(raw),
    renderDocument: async (parsed, opts) => (await renderer()).renderMail(parsed, opts),
    renderPrintDocument: async (parsed) => (await renderer()).renderPrintDocument(parsed),
    async isRemoteAllowed(senderAddress) {
      const settings = await listSettingValues(db);
      if (settings.get('alwaysShowRemote') === true) return true;
      return senderAddress !== '' && getTrustedSender(db, senderAddress);
    },
    trustSender: (senderAddress) => putTrustedSender(db, senderAddress, now()),
    async deleteAttachment(id, partId) {
      const raw = await getBody(db, id);
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
    },
  };
}
