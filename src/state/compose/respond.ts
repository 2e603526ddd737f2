// SEND-5/6/11 for the compose service: answering an opened message. Reply, reply all and
// forward start a draft from it (recipients, quote, threading headers, the original's
// files); a read receipt (RFC 8098) goes straight to the Outbox with nothing to write.
// The reply logic and the localized attribution load on first use (the start-up budget).
import type { BuzonDb } from '../../store/db.js';
import { putKeyword } from '../../store/repos/emails.js';
import { addOutbox } from '../../store/repos/outbox.js';
import { getBodyOrNull } from '../../store/sync/bodies.js';
import type { SenderIdentity } from '../identity-types.js';
import type { ComposeService, DraftAttachment, DraftInput } from '../types.js';
import type { BuildMessage } from './build.js';
import { attachmentsOf, emlName } from './drafts.js';

export interface RespondDeps {
  db: BuzonDb;
  now: () => number;
  random: () => string;
  build: BuildMessage;
  /** The addresses the user may send from, the default first (the service's `senders`). */
  senders(): Promise<SenderIdentity[]>;
  /**
   * EXTERNAL-3: the identities read again from the server now (an account added on
   * another device since the cache was filled); fails offline.
   */
  freshIdentities?: () => Promise<SenderIdentity[]>;
  /** Asks the syncing tab to run (a receipt leaves at the next sync). */
  requestSync?: () => void;
}

export function respondMethods(d: RespondDeps): Pick<ComposeService, 'respond' | 'answerReceipt'> {
  return {
    async respond(original, mode) {
      // Loaded on first use, like the MIME builder (the start-up budget).
      const [{ responseDraft, identityWrittenTo }, { attributionText }] = await Promise.all([
        import('../../mail/reply.js'),
        import('../attribution.js'),
      ]);
      let own = await d.senders();
      // EXTERNAL-3: written to none of the known addresses — perhaps to an account added
      // since they were cached: ask the server once (offline, the known ones stay).
      if (!identityWrittenTo(original.parsed, own) && d.freshIdentities)
        own = await d.freshIdentities().catch(() => own);
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
        const raw = await getBodyOrNull(d.db, original.id);
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
    async answerReceipt(original, send) {
      const parsed = original.parsed;
      // SEND-11: asked once — whatever the answer, the message is marked (here and on the server).
      await putKeyword(d.db, [original.id], '$mdnsent', true);
      const to = parsed.dispositionNotificationTo;
      if (!send || !to) return;
      const [{ responseDraft }, { attributionText, receiptSubject, receiptText }] =
        await Promise.all([import('../../mail/reply.js'), import('../attribution.js')]);
      const own = await d.senders();
      const words = attributionText();
      const from = responseDraft(parsed, 'reply', own, words).from;
      if (!from) return;
      const draft: DraftInput = {
        to: [{ name: '', address: to }],
        cc: [],
        bcc: [],
        subject: receiptSubject(parsed.summary.subject),
        text: receiptText(parsed.summary.subject, words.date(d.now())),
      };
      const at = d.now();
      const { raw, messageId } = await d.build(from, draft, at, undefined, {
        finalRecipient: from.address,
        originalMessageId: parsed.summary.messageId,
      });
      await addOutbox(d.db, {
        id: d.random(),
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
      d.requestSync?.();
    },
  };
}
