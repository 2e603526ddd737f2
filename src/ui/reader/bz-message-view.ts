import { LitElement, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg } from '@lit/localize';
import {
  composeServiceContext,
  noticeServiceContext,
  readerServiceContext,
  searchServiceContext,
} from '../../state/context.js';
import { isUnparseable } from '../../mail/types.js';
import type { ParsedMessage, UnparseableMessage } from '../../mail/types.js';
import type {
  ComposeService,
  MessageRow,
  NoticeService,
  ReaderService,
  SearchService,
} from '../../state/types.js';
import { baseStyles } from '../shared/styles.js';
import { MessageActionsController } from './message-actions-controller.js';
import { renderHeaders, warningText } from './message-headers.js';
import { renderTools } from './message-tools.js';
import { ReceiptController } from './receipt-controller.js';
import { readerStyles } from './reader-styles.js';
import { ShownMessageController } from './shown-message-controller.js';
import { PgpReaderController } from './pgp/pgp-reader-controller.js';
import './bz-attachment-list.js';

/**
 * The reader (VIEW-2, VIEW-6, ATTACH-2…4). Loads a stored message by `messageId`, or
 * shows a given `parsed` message read-only (archive viewer, nested .eml). Mail data is
 * only ever text here; bodies go into sandboxed iframes with no scripts and no
 * same-origin, each display part in its own frame.
 *
 * What it shows is ShownMessageController's (loading, rendering, remote content), what its
 * toolbar does MessageActionsController's, the read-receipt question ReceiptController's and
 * OpenPGP PgpReaderController's; this element wires them and lays the message out.
 *
 * @fires bz-message-open - with null, when the user closes the reader (phone layout)
 * @fires bz-compose - with the reply, forward, draft or template to write
 */
@customElement('bz-message-view')
@localized()
export class BzMessageView extends LitElement {
  static override styles = [baseStyles, readerStyles];

  @consume({ context: readerServiceContext }) readerService?: ReaderService;
  @consume({ context: noticeServiceContext }) notices?: NoticeService;
  /** SEND-5/6: Reply, Reply all and Forward need it; without it they are not offered. */
  @consume({ context: composeServiceContext, subscribe: true }) compose?: ComposeService;
  /** SEARCH-5: "All messages with this person" beside correspondents; absent, not offered. */
  @consume({ context: searchServiceContext, subscribe: true }) search?: SearchService;

  @property() messageId: string | null = null;
  @property({ attribute: false }) parsed: ParsedMessage | UnparseableMessage | null = null;
  @property({ type: Boolean }) readOnly = false;
  @property({ type: Boolean }) alwaysShowRemote = false;
  @property({ type: Boolean }) hideAttachments = false;
  /** Shown inside another view (a thread) that has its own way back to the list. */
  @property({ type: Boolean }) embedded = false;

  /** PGP-4: status line and decrypt prompt (stored messages only). */
  private readonly pgp = new PgpReaderController(this);
  private readonly shown = new ShownMessageController(this, {
    reader: () => this.readerService,
    notices: () => this.notices,
    alwaysShowRemote: () => this.alwaysShowRemote,
    opened: (id, parsed) => this.pgp.open(id, parsed),
  });
  private readonly actions = new MessageActionsController(this, {
    compose: () => this.compose,
    reader: () => this.readerService,
    notices: () => this.notices,
    messageId: () => this.messageId,
    subject: () => this.shown.loaded?.row?.subject,
    forResponse: (parsed) => this.pgp.forResponse(parsed),
  });
  private readonly receipt = new ReceiptController(this, {
    compose: () => this.compose,
    notices: () => this.notices,
    messageId: () => this.messageId,
    readOnly: () => this.readOnly,
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('messageId') && this.messageId) this.load(this.messageId);
    if (changed.has('parsed') && this.parsed) {
      const parsed = this.parsed;
      void this.shown.showGiven(parsed, () => this.parsed === parsed);
    }
    if (changed.has('messageId') && !this.messageId && !this.parsed) this.shown.clear();
  }

  private load(id: string): void {
    void this.shown.load(id, () => id === this.messageId);
  }

  private tools(parsed: ParsedMessage | null) {
    return renderTools({
      parsed,
      folderId: this.shown.loaded?.row?.folderId,
      canClose: !(this.readOnly || this.embedded),
      canRespond: !this.readOnly && !!this.compose,
      canDownload: !!this.messageId && !this.readOnly,
      actions: this.actions,
    });
  }

  private renderUnparseable(row: MessageRow | null, m: UnparseableMessage) {
    return html`<div class="top">
        ${this.tools(null)}
        <h2 class="subject" data-testid="subject"><bdi>${row?.subject ?? ''}</bdi></h2>
        <p class="note" role="alert">${warningText('unparseable')} (<bdi>${m.error}</bdi>)</p>
      </div>
      <pre class="raw" data-testid="raw-source">${m.rawText}</pre>`;
  }

  private renderParsed(row: MessageRow | null, p: ParsedMessage) {
    const s = p.summary;
    const { mail } = this.shown.body(p);
    return html`<div class="top">
        ${this.tools(p)}
        ${renderHeaders({
          subject: s.subject,
          from: s.from,
          to: s.to,
          cc: s.cc,
          replyTo: p.replyTo,
          date: s.sentAt ?? row?.receivedAt ?? null,
          warnings: s.warnings,
          searchable: !!this.search && !this.readOnly,
        })}
        ${row && !this.readOnly ? html`<bz-message-marks .emailId=${row.id}></bz-message-marks>` : nothing}
        ${this.receipt.render(p, row)} ${this.pgp.renderStatus()}
        ${this.shown.renderRemoteBanner(p)}
      </div>
      ${this.pgp.renderBody(
        html`<div class="frames ${mail.frames.length > 1 ? 'many' : ''}">
            ${mail.frames.map(
              (frame, i) =>
                html`<iframe
                  data-testid="message-frame"
                  sandbox="allow-popups allow-popups-to-escape-sandbox"
                  referrerpolicy="no-referrer"
                  title=${msg('Message body', { id: 'reader.body' }) + (mail.frames.length > 1 ? ` ${i + 1}` : '')}
                  .srcdoc=${frame}
                ></iframe>`,
            )}
          </div>
          <bz-attachment-list
            .attachments=${p.attachments.filter((a) => !a.related)}
            .messageId=${this.readOnly ? null : this.messageId}
            ?collapsed=${this.hideAttachments}
            @bz-attachment-deleted=${() => this.messageId && this.load(this.messageId)}
          ></bz-attachment-list>`,
      )}`;
  }

  override render() {
    const l = this.shown.loaded;
    if (!l) {
      return html`<p class="placeholder">
        ${this.shown.loading ? msg('Loading…', { id: 'common.loading' }) : msg('Select a message to read it.', { id: 'reader.empty' })}
      </p>`;
    }
    return html`<article
      data-testid="message-view"
      aria-label=${msg('Message', { id: 'reader.label' })}
      aria-busy=${this.shown.loading ? 'true' : 'false'}
    >
      ${isUnparseable(l.parsed) ? this.renderUnparseable(l.row, l.parsed) : this.renderParsed(l.row, l.parsed)}
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-message-view': BzMessageView;
  }
}
