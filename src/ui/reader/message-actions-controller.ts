// What the reader's toolbar does with the message shown: asks the compose service for a
// reply, forward, draft or template and hands the result to the composer (bz-compose),
// prints, downloads the raw message, or goes back to the list. Kept apart from the reader
// element so that it only renders; every action here reports its own failure.
import type { ReactiveController, ReactiveElement } from 'lit';
import { msg } from '@lit/localize';
import type { ParsedMessage } from '../../mail/types.js';
import type {
  ComposeService,
  NoticeService,
  ReaderService,
  ResponseMode,
} from '../../state/types.js';
import { BzComposeEvent } from '../events/bz-compose.js';
import { BzMessageOpenEvent } from '../events/bz-message-open.js';
import { downloadBlob, toBlob } from '../shared/download.js';
import { need, reportError } from '../shared/errors.js';
import type { MessageActions } from './message-tools.js';
import { printDocument } from './print.js';

/** What the controller needs of the reader. */
export interface MessageActionsHost {
  /** Absent, responses are not offered. */
  compose(): ComposeService | undefined;
  reader(): ReaderService | undefined;
  notices(): NoticeService | undefined;
  /** The stored message shown; null for none or one given read-only. */
  messageId(): string | null;
  /** Its stored subject, which names the downloaded .eml. */
  subject(): string | undefined;
  /** PGP-3: what a response quotes, and whether it starts encrypted. */
  forResponse(parsed: ParsedMessage): { parsed: ParsedMessage; encrypt: boolean };
}

/** The reader's actions; events are dispatched from the reader element itself. */
export class MessageActionsController implements ReactiveController, MessageActions {
  constructor(
    private readonly host: ReactiveElement,
    private readonly access: MessageActionsHost,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Says what failed, and why, through the one notice service. */
  private failed(what: string, err: unknown): void {
    reportError(this.access.notices(), what, err);
  }

  close(): void {
    this.host.dispatchEvent(new BzMessageOpenEvent(null));
  }

  async print(parsed: ParsedMessage): Promise<void> {
    try {
      const doc = await need(this.access.reader()).renderPrintDocument(parsed);
      printDocument(this.host.renderRoot as ShadowRoot, doc);
    } catch (err) {
      this.failed(msg('Could not print the message', { id: 'error.print' }), err);
    }
  }

  async downloadEml(): Promise<void> {
    const id = this.access.messageId();
    if (!id) return;
    try {
      const raw = await need(this.access.reader()).getRawMessage(id);
      const subject = this.access
        .subject()
        ?.replace(/[^\p{L}\p{N} ._-]+/gu, '')
        .trim()
        .slice(0, 80);
      downloadBlob(toBlob(raw, 'message/rfc822'), `${subject || 'message'}.eml`);
    } catch (err) {
      this.failed(msg('Could not download the message', { id: 'error.downloadMessage' }), err);
    }
  }

  /** SEND-5/6: asks the compose service for the draft, then for the composer. */
  async respond(parsed: ParsedMessage, mode: ResponseMode): Promise<void> {
    const id = this.access.messageId();
    const compose = this.access.compose();
    if (!id || !compose) return;
    try {
      // PGP-3: encrypted mail is answered encrypted, quoting what was decrypted.
      const source = this.access.forResponse(parsed);
      const { draft, from } = await compose.respond({ id, parsed: source.parsed }, mode);
      const pgp = source.encrypt ? { pgp: { sign: true, encrypt: true } } : {};
      this.host.dispatchEvent(new BzComposeEvent({ ...draft, ...pgp }, null, from));
    } catch (err) {
      this.failed(msg('Could not start the reply', { id: 'reader.replyError' }), err);
    }
  }

  /** SEND-2: a draft opens in the composer as it was saved. */
  async editDraft(parsed: ParsedMessage): Promise<void> {
    const id = this.access.messageId();
    const compose = this.access.compose();
    if (!id || !compose) return;
    try {
      const { draft, from } = await compose.editDraft({ id, parsed });
      this.host.dispatchEvent(new BzComposeEvent(draft, null, from));
    } catch (err) {
      this.failed(msg('Could not open the draft', { id: 'reader.draftError' }), err);
    }
  }

  /**
   * TEMPLATE-3: a new message from the template shown, or (with `original`) a reply to the
   * message shown that starts from a template the user picks.
   */
  async startFromTemplate(original: ParsedMessage | null, shown?: ParsedMessage): Promise<void> {
    const id = this.access.messageId();
    const compose = this.access.compose();
    if (!id || !compose) return;
    try {
      // The template shown is used as it is (its id changes once it reaches the server).
      let template: string | { id: string; parsed: ParsedMessage } = shown
        ? { id, parsed: shown }
        : id;
      if (original) {
        const { pickTemplate } = await import('../compose/bz-template-picker.js');
        const chosen = await pickTemplate(this.host.renderRoot as ShadowRoot, compose);
        if (!chosen) return;
        template = chosen;
      }
      const { draft, from } = await compose.useTemplate(
        template,
        original ? { id, parsed: original } : undefined,
      );
      this.host.dispatchEvent(new BzComposeEvent(draft, null, from));
    } catch (err) {
      this.failed(msg('Could not use the template', { id: 'reader.templateError' }), err);
    }
  }
}
