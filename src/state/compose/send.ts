// The compose service's send path (SEND-*): what the user wrote is built now — variables
// filled in, files turned into links or split off for SMS recipients — checked for size and
// put in the Outbox, which the sync engine sends after the undo window (sync/outbox.ts,
// ADR 0018). Until then it can be taken back; a failed one can be tried again or dropped.
import type { MailAddress } from '../../mail/types.js';
import type { BuzonDb } from '../../store/db.js';
import { putKeyword } from '../../store/repos/emails.js';
import {
  addOutbox,
  discardOutbox,
  getOutbox,
  observeOutbox,
  patchOutbox,
  takeBackOutbox,
} from '../../store/repos/outbox.js';
import { mapSubscribable } from '../subscribable.js';
import type { ComposeService, DraftInput } from '../types.js';
import type { BuildMessage } from './build.js';
import { label, splitForSms, toItem } from './drafts.js';
import { draftsWithLinks } from './links.js';
import type { Links } from './links.js';
import type { DraftStore } from './saved-drafts.js';
import type { SizeLimits } from './size.js';
import { fillVariables } from './templates.js';

/** Undo send: long enough to notice a mistake, short enough not to feel slow (SEND-*). */
export const UNDO_SEND_MS = 5_000;

/** SEND-15: the proxy's link store, and what it promises (how long, whether downloads are told). */
export type LinkStore = Links & { policy(): Promise<{ days: number; notices: boolean } | null> };

export interface SendDeps {
  db: BuzonDb;
  now: () => number;
  random: () => string;
  build: BuildMessage;
  checkSize: SizeLimits['checkSize'];
  /** SEND-2: a sent draft's saved copies go. */
  dropDraft: DraftStore['dropDraft'];
  /** SEND-15: the proxy's link store (loaded on use); absent where links do not exist. */
  links?: () => Promise<LinkStore>;
  /** Asks the syncing tab to run (it then times the send for the end of the undo window). */
  requestSync?: () => void;
}

export function sendMethods(
  d: SendDeps,
): Pick<ComposeService, 'send' | 'linkPolicy' | 'undo' | 'observeOutbox' | 'retry' | 'discard'> {
  /**
   * Builds `draft` now and puts it in the Outbox, waiting out the undo window. `written`
   * is what Undo gives back (all recipients, variables unfilled).
   */
  async function queue(from: MailAddress, draft: DraftInput, written: DraftInput): Promise<string> {
    const at = d.now();
    const { raw, messageId } = await d.build(from, draft, at);
    // SEND-12: refused before it is queued, so nothing half-sent is left behind.
    await d.checkSize(raw);
    const id = d.random();
    await addOutbox(d.db, {
      id,
      // As the store keeps Message-IDs (no angle brackets), so the Sent copy is found by it.
      messageId,
      raw,
      from: from.address,
      subject: draft.subject,
      recipients: [...draft.to, ...draft.cc, ...draft.bcc].map(label),
      draft: structuredClone(written),
      state: 'waiting',
      error: null,
      createdAt: at,
      sendAt: at + UNDO_SEND_MS,
      attempts: 0,
      startedAt: null,
    });
    return id;
  }

  return {
    async send(from, written) {
      const filledIn = written.fillVariables ? await fillVariables(d.db, written) : written;
      let parts: DraftInput[];
      if (filledIn.sendAsLinks && filledIn.attachments?.some((a) => !a.contentId)) {
        // SEND-15: the links exist before the messages that carry them.
        const links = await d.links?.();
        if (!links) throw new Error('Files cannot be sent as links with this account.');
        parts = await draftsWithLinks(filledIn, links);
      } else {
        // SEND-8: SMS recipients never get attachments: they get their own copy without them.
        parts = splitForSms(filledIn).filter((p): p is DraftInput => p !== null);
      }
      const ids: string[] = [];
      for (const part of parts) ids.push(await queue(from, part, written));
      const [id = '', ...companions] = ids;
      if (companions.length > 0) await patchOutbox(d.db, id, { companions });
      // SEND-2: the draft it continues is done with.
      if (written.draftId) await d.dropDraft(written.draftId);
      // SEND-5/6: the original shows as answered / forwarded at once (and on the server).
      if (written.respondsTo)
        await putKeyword(d.db, [written.respondsTo.id], written.respondsTo.keyword, true);
      d.requestSync?.();
      return id;
    },
    linkPolicy: async () => (await (await d.links?.())?.policy().catch(() => null)) ?? null,
    async undo(id) {
      // Once it is with the server (or past its window) it can no longer be called back.
      const row = await takeBackOutbox(d.db, id, d.now());
      return row ? (row.draft as DraftInput) : null;
    },
    observeOutbox: () => mapSubscribable(observeOutbox(d.db), (rows) => rows.map(toItem)),
    async retry(id) {
      const row = await getOutbox(d.db, id);
      if (row?.state !== 'failed') return;
      await patchOutbox(d.db, id, { state: 'queued', error: null });
      d.requestSync?.();
    },
    async discard(id) {
      const dropped = await discardOutbox(d.db, id);
      // A refused attempt left its copy in Drafts (imported, not sent): it goes too.
      if (dropped && dropped.attempts > 0) await d.dropDraft(dropped.messageId);
    },
  };
}
