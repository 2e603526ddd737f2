// SEND-11 in the reader: the read-receipt (MDN) question. Kept apart from the reader
// element because when to ask is a rule of its own (once, in the user's own incoming
// mail only, never sent without Yes), and the answers given must outlive the message shown.
import { html, nothing } from 'lit';
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { ParsedMessage } from '../../mail/types.js';
import type { ComposeService, MessageRow, NoticeService } from '../../state/types.js';
import { reportError } from '../shared/errors.js';

/** What the controller needs of the reader. */
export interface ReceiptHost {
  /** Sends the receipt (or records the No); absent, nothing is asked. */
  compose(): ComposeService | undefined;
  notices(): NoticeService | undefined;
  /** The stored message shown; null for none or one given read-only. */
  messageId(): string | null;
  /** A read-only reader never asks. */
  readOnly(): boolean;
}

export class ReceiptController implements ReactiveController {
  /** SEND-11: answered once; the banner leaves when the row gets $MDNSent. */
  private answered = new Set<string>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly access: ReceiptHost,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  private async answer(parsed: ParsedMessage, send: boolean): Promise<void> {
    const id = this.access.messageId();
    const compose = this.access.compose();
    if (!id || !compose) return;
    this.answered = new Set([...this.answered, id]);
    this.host.requestUpdate();
    try {
      await compose.answerReceipt({ id, parsed }, send);
    } catch (err) {
      reportError(
        this.access.notices(),
        msg('Could not answer the read receipt', { id: 'reader.receiptError' }),
        err,
      );
    }
  }

  /**
   * SEND-11: "The sender asked to be told you opened this message" — asked once, in the
   * user's own incoming mail only (not in Sent, Drafts, Trash or Spam), and never sent
   * without the user's Yes.
   */
  render(parsed: ParsedMessage, row: MessageRow | null): TemplateResult | typeof nothing {
    const asked = parsed.dispositionNotificationTo;
    const id = this.access.messageId();
    if (!asked || !row || !id || row.mdnSent || this.answered.has(id)) return nothing;
    if (!this.access.compose()?.canSend() || this.access.readOnly()) return nothing;
    if (['sent', 'drafts', 'trash', 'spam'].includes(row.folderId)) return nothing;
    return html`<div class="banner" data-testid="receipt-banner" role="status">
      <span
        >${msg(str`The sender asks to be told that you opened this message (${asked}).`, { id: 'reader.receiptAsk' })}</span
      >
      <button data-testid="receipt-send" @click=${() => void this.answer(parsed, true)}>
        ${msg('Send a receipt', { id: 'reader.receiptSend' })}
      </button>
      <button data-testid="receipt-ignore" @click=${() => void this.answer(parsed, false)}>
        ${msg('Not now', { id: 'reader.receiptIgnore' })}
      </button>
    </div>`;
  }
}
