// The compose service's message builder: a draft and its sender become the message's
// bytes (MIME built in the browser, fixed Message-ID). What only a message that leaves
// gets — the sender identity's Reply-To and automatic Bcc, the server's mandatory
// signature, PGP signing or encryption — is added here, in one place for every kind of
// message the service writes (sent, saved, read receipts).
import type { MdnReport, OutgoingMessage } from '../../mail/mime/index.js';
import { escapeHtml } from '../../mail/escape-html.js';
import type { MailAddress } from '../../mail/types.js';
import type { SenderIdentity } from '../identity-types.js';
import type { PgpServiceLoader } from '../pgp-types.js';
import { outgoingMessage } from '../pgp/outgoing.js';
import type { DraftInput } from '../types.js';
import { domainOf } from './drafts.js';

export interface BuildDeps {
  /** SEND-7: the identity `from` is (its reply-to and automatic Bcc go with it). */
  identityOf(from: MailAddress): Promise<SenderIdentity | undefined>;
  /** SEND-16: the operator's signature, or null (none, or not known offline). */
  requiredSignature(): Promise<string | null>;
  /**
   * PGP-2/3: signs or encrypts a sent message whose draft asks for it (`draft.pgp`);
   * without it such a message is refused, never sent unprotected.
   */
  pgp?: PgpServiceLoader;
}

/**
 * The message's bytes. `sending`: what only a message that leaves gets — the sender
 * identity's Reply-To and automatic Bcc, the server's mandatory signature (SEND-7,
 * SEND-16); a draft or template keeps what the user wrote.
 */
export type BuildMessage = (
  from: MailAddress,
  draft: DraftInput,
  at: number,
  fixedId?: string,
  mdn?: MdnReport,
  sending?: boolean,
) => Promise<{ raw: Uint8Array; messageId: string }>;

export function messageBuilder(d: BuildDeps): BuildMessage {
  /** SEND-16: the operator's signature after what the user wrote, unless it is there already. */
  async function withMandatorySignature(text: string): Promise<string> {
    const signature = await d.requiredSignature();
    if (!signature) return text;
    const { carriesSignature } = await import('../../protocol/jmap-policy.js');
    if (carriesSignature(text, signature)) return text;
    return `${text.replace(/\s+$/, '')}\n\n${signature}\n`;
  }

  /** SEND-16 in rich text: the operator's signature as a last paragraph (escaped). */
  async function withMandatorySignatureHtml(html: string): Promise<string> {
    const signature = await d.requiredSignature();
    if (!signature) return html;
    return `${html}<p>${escapeHtml(signature).replace(/\r?\n/g, '<br>')}</p>`;
  }

  return async function build(from, draft, at, fixedId, mdn, sending = true) {
    // Loaded on first use: the start-up bundle stays within its budget (ADR 0004).
    const { buildMessage, newMessageId } = await import('../../mail/mime/index.js');
    const messageId = fixedId ?? newMessageId(domainOf(from.address));
    const identity = sending ? await d.identityOf(from) : undefined;
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
    const raw = sending ? await outgoingMessage(message, draft.pgp, d.pgp) : buildMessage(message);
    return { raw, messageId };
  };
}
