// SEND-2 for the compose service: what is written, kept as a message in Drafts (or, for
// TEMPLATE-2, in Templates) and synced like any message. A draft is known by its
// Message-ID — the one handle that survives a sync — so each save replaces the one before,
// and sending or throwing the message away removes its saved copies.
import type { MailAddress, MailParser, ParsedMessage } from '../../mail/types.js';
import type { BuzonDb } from '../../store/db.js';
import { deleteEmailsForever, putNewMessages } from '../../store/repos/emails.js';
import { newEmailRecord } from '../email-rows.js';
import { sha256Hex } from '../hash.js';
import type { ComposeService, DraftInput } from '../types.js';
import type { BuildMessage } from './build.js';
import { draftFromSaved } from './drafts.js';
import { MAX_MESSAGE_BYTES } from './size.js';
import type { SizeLimits } from './size.js';

export interface DraftStoreDeps {
  db: BuzonDb;
  /** Summarizes a saved draft or template into its row; without it neither can be saved. */
  parser?: Pick<MailParser, 'summarize'>;
  now: () => number;
  random: () => string;
  build: BuildMessage;
  checkSize: SizeLimits['checkSize'];
}

export interface DraftStore {
  /**
   * SEND-2, TEMPLATE-2: what is written, as a message in `mailboxId` (synced like any
   * message); `draft.draftId` keeps a draft's Message-ID across saves.
   */
  storeComposed(
    from: MailAddress,
    draft: DraftInput,
    mailboxId: 'drafts' | 'templates',
    keywords: Record<string, true>,
  ): Promise<{ id: string; messageId: string }>;
  /** SEND-2: the saved copies of a draft, found by its Message-ID (but the row `keep`). */
  dropDraft(messageId: string, keep?: string): Promise<void>;
}

export function draftStore(d: DraftStoreDeps): DraftStore {
  return {
    async storeComposed(from, draft, mailboxId, keywords) {
      if (!d.parser) throw new Error('Drafts and templates cannot be saved in this mailbox.');
      const at = d.now();
      const { raw, messageId } = await d.build(
        from,
        draft,
        at,
        draft.draftId ?? undefined,
        undefined,
        false,
      );
      // They go to the server too: the upload limit holds for them, SMTP SIZE does not.
      await d.checkSize(raw, MAX_MESSAGE_BYTES);
      const id = d.random();
      const email = newEmailRecord({
        id,
        mailboxId,
        raw,
        contentHash: await sha256Hex(raw),
        summary: await d.parser.summarize(raw),
        now: at,
        seen: true,
      });
      email.keywords = { ...email.keywords, ...keywords };
      await putNewMessages(d.db, [{ email, raw }]);
      return { id, messageId };
    },
    async dropDraft(messageId, keep) {
      // The row takes the server's id when it syncs: the Message-ID still finds it.
      const rows = await d.db.emails.where('messageId').equals(messageId).toArray();
      const ids = rows.filter((r) => r.mailboxId === 'drafts' && r.id !== keep).map((r) => r.id);
      if (ids.length > 0) await deleteEmailsForever(d.db, ids);
    },
  };
}

export interface DraftDeps {
  store: DraftStore;
  /** The user's identity a saved message was written from. */
  senderOf(parsed: ParsedMessage): Promise<MailAddress | null>;
}

export function draftMethods(
  d: DraftDeps,
): Pick<ComposeService, 'saveDraft' | 'editDraft' | 'discardDraft'> {
  return {
    async saveDraft(from, draft) {
      // One Message-ID for every save of this draft: how the next save finds this one.
      const { id, messageId } = await d.store.storeComposed(from, draft, 'drafts', {
        $draft: true,
      });
      // The draft saved before is replaced (in an account, on the server too).
      await d.store.dropDraft(messageId, id);
      return messageId;
    },
    async editDraft(saved) {
      return { from: await d.senderOf(saved.parsed), draft: draftFromSaved(saved.parsed) };
    },
    async discardDraft(id) {
      await d.store.dropDraft(id);
    },
  };
}
