// The ComposeService (issue 4): builds what the user wrote into a message now — fixed
// Message-ID, MIME built in the browser — and puts it in the Outbox, which the sync
// engine sends after the undo window (sync/outbox.ts, ADR 0018). The Outbox lives in the
// account's database, so a message survives reloads and crashes until it is confirmed.
import { parseRecipients } from '../mail/recipients.js';
import { deleteEmailsForever, putKeyword, putNewMessages } from '../store/repos/emails.js';
import { newEmailRecord } from './email-rows.js';
import { sha256Hex } from './hash.js';
import type { MdnReport, OutgoingMessage } from '../mail/mime/index.js';
import type { MailAddress, MailParser, ParsedMessage } from '../mail/types.js';
import type { BuzonDb } from '../store/db.js';
import {
  addOutbox,
  discardOutbox,
  getOutbox,
  observeOutbox,
  patchOutbox,
  takeBackOutbox,
} from '../store/repos/outbox.js';
import { mapSubscribable } from './subscribable.js';
import type { ComposeService, DraftAttachment, DraftInput } from './types.js';
import type { SenderIdentity } from './identity-types.js';
import { MessageTooLargeError } from './compose-errors.js';
import { escapeHtml } from '../mail/escape-html.js';
import {
  attachmentsOf,
  domainOf,
  draftFromSaved,
  emlName,
  label,
  splitForSms,
  toItem,
} from './compose/drafts.js';
import { fillVariables, templateMethods } from './compose/templates.js';
import { draftsWithLinks } from './compose/links.js';
import type { Links } from './compose/links.js';
import { getBodyOrNull } from '../store/sync/bodies.js';
import type { PgpServiceLoader } from './pgp-types.js';
import { outgoingMessage } from './pgp/outgoing.js';

/** Undo send: long enough to notice a mistake, short enough not to feel slow (SEND-*). */
export const UNDO_SEND_MS = 5_000;
/** SEND-12: the seed's 50 MB, which is also the proxy's upload limit (protocol/limits.ts). */
export const MAX_MESSAGE_BYTES = 50 * 1024 * 1024;

export interface ComposeDeps {
  db: BuzonDb;
  /**
   * Summarizes a saved draft or template into its row (SEND-2, TEMPLATE-2) and parses a
   * template to use it; without it neither can be saved.
   */
  parser?: Pick<MailParser, 'summarize' | 'parse'>;
  /** The signed-in account's address; null for the local mailbox (which cannot send). */
  account: { username: string } | null;
  /** SEND-7: the sender identities (the default first), cached for offline use. */
  identities?: () => Promise<SenderIdentity[]>;
  /**
   * EXTERNAL-3: the identities read again from the server now (an account added on
   * another device since the cache was filled); fails offline.
   */
  freshIdentities?: () => Promise<SenderIdentity[]>;
  /** SEND-16: the text the server requires at the end of every message; null: none. */
  mandatorySignature?: () => Promise<string | null>;
  /** SEND-15: the proxy's link store (loaded on use); absent where links do not exist. */
  links?: () => Promise<Links & { policy(): Promise<{ days: number; notices: boolean } | null> }>;
  /** SEND-12: the server's SMTP SIZE in bytes, null when it sets none. */
  smtpSizeLimit?: () => Promise<number | null>;
  /** Asks the syncing tab to run (it then times the send for the end of the undo window). */
  requestSync?: () => void;
  /**
   * PGP-2/3: signs or encrypts a sent message whose draft asks for it (`draft.pgp`);
   * without it such a message is refused, never sent unprotected.
   */
  pgp?: PgpServiceLoader;
  now?: () => number;
  random?: () => string;
}

export function createComposeService(deps: ComposeDeps): ComposeService {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? (() => crypto.randomUUID());

  async function senders(): Promise<SenderIdentity[]> {
    const fromServer = (await deps.identities?.().catch(() => [])) ?? [];
    if (fromServer.length > 0) return fromServer;
    if (!deps.account) return [];
    const own: SenderIdentity = {
      id: null,
      name: '',
      address: deps.account.username,
      replyTo: [],
      bcc: [],
      signature: '',
      htmlSignature: '',
      isDefault: true,
      mayDelete: false,
    };
    return [own];
  }

  /** SEND-7: the identity `from` is (its reply-to and automatic Bcc go with it). */
  async function identityOf(from: MailAddress): Promise<SenderIdentity | undefined> {
    const all = await senders();
    const same = (i: SenderIdentity) => i.address.toLowerCase() === from.address.toLowerCase();
    return all.find((i) => same(i) && i.name === from.name) ?? all.find(same);
  }

  /** SEND-16: the operator's signature, or null (none, or not known offline). */
  async function requiredSignature(): Promise<string | null> {
    return (await deps.mandatorySignature?.().catch(() => null)) ?? null;
  }

  /** SEND-16: the operator's signature after what the user wrote, unless it is there already. */
  async function withMandatorySignature(text: string): Promise<string> {
    const signature = await requiredSignature();
    if (!signature) return text;
    const { carriesSignature } = await import('../protocol/jmap-policy.js');
    if (carriesSignature(text, signature)) return text;
    return `${text.replace(/\s+$/, '')}\n\n${signature}\n`;
  }

  /** SEND-16 in rich text: the operator's signature as a last paragraph (escaped). */
  async function withMandatorySignatureHtml(html: string): Promise<string> {
    const signature = await requiredSignature();
    if (!signature) return html;
    return `${html}<p>${escapeHtml(signature).replace(/\r?\n/g, '<br>')}</p>`;
  }

  /**
   * The message's bytes. `sending`: what only a message that leaves gets — the sender
   * identity's Reply-To and automatic Bcc, the server's mandatory signature (SEND-7,
   * SEND-16); a draft or template keeps what the user wrote.
   */
  async function build(
    from: MailAddress,
    draft: DraftInput,
    at: number,
    fixedId?: string,
    mdn?: MdnReport,
    sending = true,
  ) {
    // Loaded on first use: the start-up bundle stays within its budget (ADR 0004).
    const { buildMessage, newMessageId } = await import('../mail/mime/index.js');
    const messageId = fixedId ?? newMessageId(domainOf(from.address));
    const identity = sending ? await identityOf(from) : undefined;
    const autoBcc = (identity?.bcc ?? []).filter(
      (b) => !draft.bcc.some((x) => x.address.toLowerCase() === b.address.toLowerCase()),
    );
    const message: OutgoingMessage = {
      from: { name: from.name, address: from.address },
      to: draft.to,
      cc: draft.cc,
      bcc: [...draft.bcc, ...autoBcc],
      ...(identity && identity.replyTo.length > 0 ? { replyTo: identity.replyTo } : {}),
      subject: draft.subject,
      text: sending ? await withMandatorySignature(draft.text) : draft.text,
      ...(draft.html
        ? { html: sending ? await withMandatorySignatureHtml(draft.html) : draft.html }
        : {}),
      messageId,
      date: new Date(at),
      ...(draft.inReplyTo ? { inReplyTo: draft.inReplyTo } : {}),
      ...(draft.references && draft.references.length > 0 ? { references: draft.references } : {}),
      // SEND-10/11: 'normal' writes no priority headers; a receipt goes back to the sender.
      ...(draft.priority && draft.priority !== 'normal' ? { priority: draft.priority } : {}),
      ...(draft.requestReceipt ? { dispositionNotificationTo: from } : {}),
      ...(mdn ? { mdn } : {}),
      ...(draft.autoSubmitted
        ? { extraHeaders: [['Auto-Submitted', draft.autoSubmitted]] as [string, string][] }
        : {}),
      ...(draft.attachments && draft.attachments.length > 0
        ? { attachments: draft.attachments }
        : {}),
    };
    // PGP-1…3: only a message that leaves is signed or encrypted and carries the sender's
    // Autocrypt header; drafts and templates stay as written.
    const raw = sending
      ? await outgoingMessage(message, draft.pgp, deps.pgp)
      : buildMessage(message);
    return { raw, messageId };
  }

  /**
   * SEND-2, TEMPLATE-2: what is written, as a message in `mailboxId` (synced like any
   * message); `draft.draftId` keeps a draft's Message-ID across saves.
   */
  async function storeComposed(
    from: MailAddress,
    draft: DraftInput,
    mailboxId: 'drafts' | 'templates',
    keywords: Record<string, true>,
  ): Promise<{ id: string; messageId: string }> {
    if (!deps.parser) throw new Error('Drafts and templates cannot be saved in this mailbox.');
    const at = now();
    const { raw, messageId } = await build(
      from,
      draft,
      at,
      draft.draftId ?? undefined,
      undefined,
      false,
    );
    // They go to the server too: the upload limit holds for them, SMTP SIZE does not.
    await checkSize(raw, MAX_MESSAGE_BYTES);
    const id = random();
    const email = newEmailRecord({
      id,
      mailboxId,
      raw,
      contentHash: await sha256Hex(raw),
      summary: await deps.parser.summarize(raw),
      now: at,
      seen: true,
    });
    email.keywords = { ...email.keywords, ...keywords };
    await putNewMessages(deps.db, [{ email, raw }]);
    return { id, messageId };
  }

  /** The user's identity a saved message was written from, else the default one. */
  async function senderOf(parsed: ParsedMessage): Promise<MailAddress | null> {
    const own = await senders();
    const address = parsed.summary.from[0]?.address.toLowerCase();
    return own.find((o) => o.address.toLowerCase() === address) ?? own[0] ?? null;
  }

  /**
   * Builds `draft` now and puts it in the Outbox, waiting out the undo window. `written`
   * is what Undo gives back (all recipients, variables unfilled).
   */
  async function queue(from: MailAddress, draft: DraftInput, written: DraftInput): Promise<string> {
    const at = now();
    const { raw, messageId } = await build(from, draft, at);
    await checkSize(raw);
    const id = random();
    await addOutbox(deps.db, {
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

  async function maxMessageBytes(): Promise<number> {
    const smtp = (await deps.smtpSizeLimit?.().catch(() => null)) ?? null;
    return smtp === null ? MAX_MESSAGE_BYTES : Math.min(smtp, MAX_MESSAGE_BYTES);
  }

  /** SEND-12: refused before it is queued, so nothing half-sent is left behind. */
  async function checkSize(raw: Uint8Array, limit?: number): Promise<void> {
    const max = limit ?? (await maxMessageBytes());
    if (raw.byteLength > max) throw new MessageTooLargeError(raw.byteLength, max);
  }

  /**
   * SEND-2: the saved copies of a draft, found by its Message-ID — the one handle that
   * survives a sync (the row takes the server's id then).
   */
  async function dropDraft(messageId: string, keep?: string): Promise<void> {
    const rows = await deps.db.emails.where('messageId').equals(messageId).toArray();
    const ids = rows.filter((r) => r.mailboxId === 'drafts' && r.id !== keep).map((r) => r.id);
    if (ids.length > 0) await deleteEmailsForever(deps.db, ids);
  }

  const service: ComposeService = {
    canSend: () => deps.account !== null,
    senders,
    parseRecipients,
    maxMessageBytes,
    linkPolicy: async () => (await (await deps.links?.())?.policy().catch(() => null)) ?? null,
    requiredSignature,
    async send(from, written) {
      const filledIn = written.fillVariables ? await fillVariables(deps.db, written) : written;
      let parts: DraftInput[];
      if (filledIn.sendAsLinks && filledIn.attachments?.some((a) => !a.contentId)) {
        // SEND-15: the links exist before the messages that carry them.
        const links = await deps.links?.();
        if (!links) throw new Error('Files cannot be sent as links with this account.');
        parts = await draftsWithLinks(filledIn, links);
      } else {
        // SEND-8: SMS recipients never get attachments: they get their own copy without them.
        parts = splitForSms(filledIn).filter((d): d is DraftInput => d !== null);
      }
      const ids: string[] = [];
      for (const part of parts) ids.push(await queue(from, part, written));
      const [id = '', ...companions] = ids;
      if (companions.length > 0) await patchOutbox(deps.db, id, { companions });
      // SEND-2: the draft it continues is done with.
      if (written.draftId) await dropDraft(written.draftId);
      // SEND-5/6: the original shows as answered / forwarded at once (and on the server).
      if (written.respondsTo)
        await putKeyword(deps.db, [written.respondsTo.id], written.respondsTo.keyword, true);
      deps.requestSync?.();
      return id;
    },
    async answerReceipt(original, send) {
      const parsed = original.parsed;
      // SEND-11: asked once — whatever the answer, the message is marked (here and on the server).
      await putKeyword(deps.db, [original.id], '$mdnsent', true);
      const to = parsed.dispositionNotificationTo;
      if (!send || !to) return;
      const [{ responseDraft }, { attributionText, receiptSubject, receiptText }] =
        await Promise.all([import('../mail/reply.js'), import('./attribution.js')]);
      const own = await this.senders();
      const words = attributionText();
      const from = responseDraft(parsed, 'reply', own, words).from;
      if (!from) return;
      const draft: DraftInput = {
        to: [{ name: '', address: to }],
        cc: [],
        bcc: [],
        subject: receiptSubject(parsed.summary.subject),
        text: receiptText(parsed.summary.subject, words.date(now())),
      };
      const at = now();
      const { raw, messageId } = await build(from, draft, at, undefined, {
        finalRecipient: from.address,
        originalMessageId: parsed.summary.messageId,
      });
      await addOutbox(deps.db, {
        id: random(),
        messageId,
        raw,
        from: from.address,
        subject: draft.subject,
        recipients: [to],
        draft,
        // Nothing to take back: a receipt leaves at the next sync.
        state: 'queued',
        error: null,
        createdAt: at,
        sendAt: at,
        attempts: 0,
        startedAt: null,
      });
      deps.requestSync?.();
    },
    async undo(id) {
      // Once it is with the server (or past its window) it can no longer be called back.
      const row = await takeBackOutbox(deps.db, id, now());
      return row ? (row.draft as DraftInput) : null;
    },
    observeOutbox: () => mapSubscribable(observeOutbox(deps.db), (rows) => rows.map(toItem)),
    async retry(id) {
      const row = await getOutbox(deps.db, id);
      if (row?.state !== 'failed') return;
      await patchOutbox(deps.db, id, { state: 'queued', error: null });
      deps.requestSync?.();
    },
    async respond(original, mode) {
      // Loaded on first use, like the MIME builder (the start-up budget).
      const [{ responseDraft, identityWrittenTo }, { attributionText }] = await Promise.all([
        import('../mail/reply.js'),
        import('./attribution.js'),
      ]);
      let own = await this.senders();
      // EXTERNAL-3: written to none of the known addresses — perhaps to an account added
      // since they were cached: ask the server once (offline, the known ones stay).
      if (!identityWrittenTo(original.parsed, own) && deps.freshIdentities)
        own = await deps.freshIdentities().catch(() => own);
      const words = attributionText();
      const made = responseDraft(original.parsed, mode, own, words);
      // SEND-5: a reply to an HTML message can quote it as it looked, in rich text.
      const htmlPart = original.parsed.parts.find((p) => p.kind === 'html');
      const sender = original.parsed.summary.from[0];
      const quotedHtml =
        (mode === 'reply' || mode === 'reply-all') && htmlPart?.kind === 'html'
          ? {
              html: htmlPart.html,
              attribution: words.wrote(
                sender?.name || sender?.address || '',
                original.parsed.summary.sentAt,
              ),
            }
          : null;
      let attachments: DraftAttachment[] = [];
      // SEND-6: a forward carries the original's files; "as attachment" carries it whole.
      if (mode === 'forward') attachments = attachmentsOf(original.parsed);
      if (mode === 'forward-attached') {
        const raw = await getBodyOrNull(deps.db, original.id);
        if (!raw) throw new Error('This message is not on this device yet.');
        attachments = [
          {
            filename: emlName(original.parsed.summary.subject),
            type: 'message/rfc822',
            bytes: raw,
          },
        ];
      }
      return {
        from: made.from,
        draft: {
          to: made.to,
          cc: made.cc,
          bcc: [],
          subject: made.subject,
          text: made.text,
          inReplyTo: made.inReplyTo,
          references: made.references,
          ...(attachments.length > 0 ? { attachments } : {}),
          ...(quotedHtml ? { quotedHtml } : {}),
          respondsTo: {
            id: original.id,
            keyword: mode === 'forward' || mode === 'forward-attached' ? '$forwarded' : '$answered',
          },
        },
      };
    },
    async saveDraft(from, draft) {
      // One Message-ID for every save of this draft: how the next save finds this one.
      const { id, messageId } = await storeComposed(from, draft, 'drafts', { $draft: true });
      // The draft saved before is replaced (in an account, on the server too).
      await dropDraft(messageId, id);
      return messageId;
    },
    async editDraft(saved) {
      return { from: await senderOf(saved.parsed), draft: draftFromSaved(saved.parsed) };
    },
    async discardDraft(id) {
      await dropDraft(id);
    },
    async discard(id) {
      const dropped = await discardOutbox(deps.db, id);
      // A refused attempt left its copy in Drafts (imported, not sent): it goes too.
      if (dropped && dropped.attempts > 0) {
        const copies = await deps.db.emails.where('messageId').equals(dropped.messageId).toArray();
        const inDrafts = copies.filter((e) => e.mailboxId === 'drafts').map((e) => e.id);
        if (inDrafts.length > 0) await deleteEmailsForever(deps.db, inDrafts);
      }
    },
    ...templateMethods({
      db: deps.db,
      ...(deps.parser ? { parser: deps.parser } : {}),
      now,
      storeComposed,
      senderOf,
      respond: (original, mode) => service.respond(original, mode),
    }),
  };
  return service;
}
