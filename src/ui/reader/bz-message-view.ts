import { LitElement, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
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
  RenderedMail,
  ResponseMode,
  SearchService,
} from '../../state/types.js';
import { BzComposeEvent } from '../events/bz-compose.js';
import { BzMessageOpenEvent } from '../events/bz-message-open.js';
import { downloadBlob, toBlob } from '../shared/download.js';
import { need, reportError } from '../shared/errors.js';
import { icons } from '../shared/icons.js';
import { baseStyles } from '../shared/styles.js';
import { renderHeaders, warningText } from './message-headers.js';
import { printDocument } from './print.js';
import { readerStyles } from './reader-styles.js';
import { PgpReaderController } from './pgp/pgp-reader-controller.js';
import './bz-attachment-list.js';

/**
 * The reader (VIEW-2, VIEW-6, ATTACH-2…4). Loads a stored message by `messageId`, or
 * shows a given `parsed` message read-only (archive viewer, nested .eml). Mail data is
 * only ever text here; bodies go into sandboxed iframes with no scripts and no
 * same-origin, each display part in its own frame.
 *
 * @fires bz-message-open - with null, when the user closes the reader (phone layout)
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

  @state() private loaded: {
    row: MessageRow | null;
    parsed: ParsedMessage | UnparseableMessage;
  } | null = null;
  @state() private loading = false;
  @state() private showRemote = false;
  @state() private senderTrusted = false;
  /** The frames on screen; replaced only once the next rendering is ready (no flicker). */
  @state() private rendered: { key: unknown; allow: boolean; mail: RenderedMail } | null = null;
  /** A re-rendering under way (remote content allowed), so it is asked for once. */
  private rerendering: { key: unknown; allow: boolean } | null = null;
  /** PGP-4: status line and decrypt prompt (stored messages only). */
  private readonly pgp = new PgpReaderController(this);

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('messageId') && this.messageId) void this.load(this.messageId);
    if (changed.has('parsed') && this.parsed) void this.showGiven(this.parsed);
    if (changed.has('messageId') && !this.messageId && !this.parsed) this.loaded = null;
    this.rerenderIfAllowChanged();
  }

  private async load(id: string): Promise<void> {
    this.loading = true;
    try {
      const opened = await need(this.readerService).openMessage(id);
      if (id !== this.messageId) return;
      await this.show(opened.row, opened.parsed, () => id === this.messageId);
    } catch (err) {
      if (id === this.messageId) {
        this.loaded = null;
        this.openFailed(err);
      }
    } finally {
      if (id === this.messageId) this.loading = false;
    }
  }

  private openFailed(err: unknown): void {
    reportError(this.notices, msg('Could not open the message', { id: 'error.openMessage' }), err);
  }

  /** A message given read-only (archive viewer, nested .eml). */
  private async showGiven(parsed: ParsedMessage | UnparseableMessage): Promise<void> {
    this.loading = true;
    try {
      await this.show(null, parsed, () => this.parsed === parsed);
    } catch (err) {
      if (this.parsed === parsed) this.openFailed(err);
    } finally {
      if (this.parsed === parsed) this.loading = false;
    }
  }

  /**
   * Renders first, then swaps headers and frames in together: no previous body, no
   * blocked-then-loaded images. `current`: is the message still the one wanted?
   */
  private async show(
    row: MessageRow | null,
    parsed: ParsedMessage | UnparseableMessage,
    current: () => boolean,
  ): Promise<void> {
    const reader = need(this.readerService);
    const sender = isUnparseable(parsed) ? undefined : parsed.summary.from[0]?.address;
    const trusted = sender ? await reader.isRemoteAllowed(sender).catch(() => false) : false;
    const allow = this.alwaysShowRemote || trusted;
    const mail = isUnparseable(parsed)
      ? null
      : await reader.renderDocument(parsed, { allowRemote: allow });
    if (!current()) return;
    this.loaded = { row, parsed };
    this.pgp.open(row?.id ?? null, isUnparseable(parsed) ? null : parsed);
    this.showRemote = false;
    this.senderTrusted = trusted;
    this.rendered = mail ? { key: parsed, allow, mail } : null;
    this.rerendering = null;
  }

  private get allowRemote(): boolean {
    return this.alwaysShowRemote || this.senderTrusted || this.showRemote;
  }

  /** "Show images", "Always for this sender" or the setting: render again, then swap. */
  private rerenderIfAllowChanged(): void {
    const parsed = this.loaded?.parsed;
    const r = this.rendered;
    if (!parsed || isUnparseable(parsed) || !r || r.key !== parsed) return;
    const allow = this.allowRemote;
    if (r.allow === allow) {
      this.rerendering = null; // a swap asked for before is no longer wanted
      return;
    }
    if (this.rerendering?.key === parsed && this.rerendering.allow === allow) return;
    const job = { key: parsed, allow };
    this.rerendering = job;
    need(this.readerService)
      .renderDocument(parsed, { allowRemote: allow })
      .then(
        (mail) => {
          if (this.rerendering === job) this.rendered = { key: parsed, allow, mail };
        },
        (err: unknown) => this.openFailed(err),
      )
      .finally(() => {
        if (this.rerendering === job) this.rerendering = null;
      });
  }

  private async trustSender(address: string): Promise<void> {
    try {
      await need(this.readerService).trustSender(address);
      this.senderTrusted = true;
    } catch (err) {
      reportError(this.notices, msg('Could not save the setting', { id: 'error.settings' }), err);
    }
  }

  private async print(parsed: ParsedMessage): Promise<void> {
    try {
      const doc = await need(this.readerService).renderPrintDocument(parsed);
      printDocument(this.renderRoot as ShadowRoot, doc);
    } catch (err) {
      reportError(this.notices, msg('Could not print the message', { id: 'error.print' }), err);
    }
  }

  private async downloadEml(): Promise<void> {
    const id = this.messageId;
    if (!id) return;
    try {
      const raw = await need(this.readerService).getRawMessage(id);
      const subject = this.loaded?.row?.subject
        .replace(/[^\p{L}\p{N} ._-]+/gu, '')
        .trim()
        .slice(0, 80);
      downloadBlob(toBlob(raw, 'message/rfc822'), `${subject || 'message'}.eml`);
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not download the message', { id: 'error.downloadMessage' }),
        err,
      );
    }
  }

  /** SEND-5/6: asks the compose service for the draft, then for the composer. */
  private async respond(parsed: ParsedMessage, mode: ResponseMode): Promise<void> {
    const id = this.messageId;
    if (!id || !this.compose) return;
    try {
      // PGP-3: encrypted mail is answered encrypted, quoting what was decrypted.
      const source = this.pgp.forResponse(parsed);
      const { draft, from } = await this.compose.respond({ id, parsed: source.parsed }, mode);
      const pgp = source.encrypt ? { pgp: { sign: true, encrypt: true } } : {};
      this.dispatchEvent(new BzComposeEvent({ ...draft, ...pgp }, null, from));
    } catch (err) {
      reportError(this.notices, msg('Could not start the reply', { id: 'reader.replyError' }), err);
    }
  }

  /** SEND-11: answered once; the banner leaves when the row gets $MDNSent. */
  @state() private receiptAnswered = new Set<string>();

  private async answerReceipt(parsed: ParsedMessage, send: boolean): Promise<void> {
    const id = this.messageId;
    if (!id || !this.compose) return;
    this.receiptAnswered = new Set([...this.receiptAnswered, id]);
    try {
      await this.compose.answerReceipt({ id, parsed }, send);
    } catch (err) {
      reportError(
        this.notices,
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
  private renderReceiptRequest(parsed: ParsedMessage, row: MessageRow | null) {
    const asked = parsed.dispositionNotificationTo;
    const id = this.messageId;
    if (!asked || !row || !id || row.mdnSent || this.receiptAnswered.has(id)) return nothing;
    if (!this.compose?.canSend() || this.readOnly) return nothing;
    if (['sent', 'drafts', 'trash', 'spam'].includes(row.folderId)) return nothing;
    return html`<div class="banner" data-testid="receipt-banner" role="status">
      <span
        >${msg(str`The sender asks to be told that you opened this message (${asked}).`, { id: 'reader.receiptAsk' })}</span
      >
      <button data-testid="receipt-send" @click=${() => void this.answerReceipt(parsed, true)}>
        ${msg('Send a receipt', { id: 'reader.receiptSend' })}
      </button>
      <button data-testid="receipt-ignore" @click=${() => void this.answerReceipt(parsed, false)}>
        ${msg('Not now', { id: 'reader.receiptIgnore' })}
      </button>
    </div>`;
  }

  /** SEND-2: a draft opens in the composer as it was saved. */
  private async editDraft(parsed: ParsedMessage): Promise<void> {
    const id = this.messageId;
    if (!id || !this.compose) return;
    try {
      const { draft, from } = await this.compose.editDraft({ id, parsed });
      this.dispatchEvent(new BzComposeEvent(draft, null, from));
    } catch (err) {
      reportError(this.notices, msg('Could not open the draft', { id: 'reader.draftError' }), err);
    }
  }

  /**
   * TEMPLATE-3: a new message from the template shown, or (with `original`) a reply to the
   * message shown that starts from a template the user picks.
   */
  private async startFromTemplate(
    original: ParsedMessage | null,
    shown?: ParsedMessage,
  ): Promise<void> {
    const id = this.messageId;
    const compose = this.compose;
    if (!id || !compose) return;
    try {
      // The template shown is used as it is (its id changes once it reaches the server).
      let template: string | { id: string; parsed: ParsedMessage } = shown
        ? { id, parsed: shown }
        : id;
      if (original) {
        const { pickTemplate } = await import('../compose/bz-template-picker.js');
        const chosen = await pickTemplate(this.renderRoot as ShadowRoot, compose);
        if (!chosen) return;
        template = chosen;
      }
      const { draft, from } = await compose.useTemplate(
        template,
        original ? { id, parsed: original } : undefined,
      );
      this.dispatchEvent(new BzComposeEvent(draft, null, from));
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not use the template', { id: 'reader.templateError' }),
        err,
      );
    }
  }

  private renderResponses(parsed: ParsedMessage) {
    if (this.loaded?.row?.folderId === 'templates') {
      return html`<button
        data-testid="reader-use-template"
        @click=${() => void this.startFromTemplate(null, parsed)}
      >
        ${icons.template} ${msg('Use this template', { id: 'reader.useTemplate' })}
      </button>`;
    }
    if (this.loaded?.row?.folderId === 'drafts') {
      return html`<button
        data-testid="reader-edit-draft"
        @click=${() => void this.editDraft(parsed)}
      >
        ${icons.draft} ${msg('Edit draft', { id: 'reader.editDraft' })}
      </button>`;
    }
    const buttons: [ResponseMode, string, keyof typeof icons][] = [
      ['reply', msg('Reply', { id: 'reader.reply' }), 'reply'],
      ['reply-all', msg('Reply all', { id: 'reader.replyAll' }), 'replyAll'],
      ['forward', msg('Forward', { id: 'reader.forward' }), 'forward'],
      [
        'forward-attached',
        msg('Forward as attachment', { id: 'reader.forwardAttached' }),
        'forward',
      ],
    ];
    return html`${buttons.map(
        ([mode, label, icon]) =>
          html`<button data-testid="reader-${mode}" @click=${() => void this.respond(parsed, mode)}>
            ${icons[icon]} ${label}
          </button>`,
      )}<button
        data-testid="reader-reply-template"
        @click=${() => void this.startFromTemplate(parsed)}
      >
        ${icons.template} ${msg('Reply with template', { id: 'reader.replyTemplate' })}
      </button>`;
  }

  private renderTools(parsed: ParsedMessage | null) {
    return html`<div class="tools">
      ${
        this.readOnly || this.embedded
          ? nothing
          : html`<button
              class="back"
              @click=${() => this.dispatchEvent(new BzMessageOpenEvent(null))}
            >
              ${icons.back} ${msg('Back to the list', { id: 'reader.back' })}
            </button>`
      }
      ${parsed && !this.readOnly && this.compose ? this.renderResponses(parsed) : nothing}
      ${
        parsed
          ? html`<button @click=${() => void this.print(parsed)}>
              ${icons.print} ${msg('Print', { id: 'reader.print' })}
            </button>`
          : nothing
      }
      ${
        this.messageId && !this.readOnly
          ? html`<button @click=${this.downloadEml}>
              ${msg('Download .eml', { id: 'reader.downloadEml' })}
            </button>`
          : nothing
      }
    </div>`;
  }

  private renderUnparseable(row: MessageRow | null, m: UnparseableMessage) {
    return html`<div class="top">
        ${this.renderTools(null)}
        <h2 class="subject" data-testid="subject"><bdi>${row?.subject ?? ''}</bdi></h2>
        <p class="note" role="alert">${warningText('unparseable')} (<bdi>${m.error}</bdi>)</p>
      </div>
      <pre class="raw" data-testid="raw-source">${m.rawText}</pre>`;
  }

  private renderParsed(row: MessageRow | null, p: ParsedMessage) {
    const s = p.summary;
    const sender = s.from[0]?.address ?? '';
    const shown = this.rendered?.key === p ? this.rendered : null;
    const mail = shown?.mail ?? { frames: [], blockedRemote: 0 };
    const allow = shown?.allow ?? false;
    return html`<div class="top">
        ${this.renderTools(p)}
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
        ${this.renderReceiptRequest(p, row)} ${this.pgp.renderStatus()}
        ${
          !allow && mail.blockedRemote > 0
            ? html`<div class="banner" data-testid="remote-content-banner" role="status">
                <span
                  >${msg('Remote images and content were blocked to protect your privacy.', { id: 'remote.blocked' })}</span
                >
                <button data-testid="load-remote-content" @click=${() => (this.showRemote = true)}>
                  ${msg('Show images for this message', { id: 'remote.showOnce' })}
                </button>
                ${
                  sender
                    ? html`<button @click=${() => this.trustSender(sender)}>
                        ${msg('Always for this sender', { id: 'remote.trust' })}
                      </button>`
                    : nothing
                }
              </div>`
            : nothing
        }
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
            @bz-attachment-deleted=${() => this.messageId && void this.load(this.messageId)}
          ></bz-attachment-list>`,
      )}`;
  }

  override render() {
    const l = this.loaded;
    if (!l) {
      return html`<p class="placeholder">
        ${this.loading ? msg('Loading…', { id: 'common.loading' }) : msg('Select a message to read it.', { id: 'reader.empty' })}
      </p>`;
    }
    return html`<article
      data-testid="message-view"
      aria-label=${msg('Message', { id: 'reader.label' })}
      aria-busy=${this.loading ? 'true' : 'false'}
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
