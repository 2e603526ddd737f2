import { LitElement, css, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg } from '@lit/localize';
import { commentServiceContext, noticeServiceContext } from '../../state/context.js';
import type { CommentServiceLoader, MessageComment, NoticeService } from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { reportError } from '../shared/errors.js';
import { baseStyles } from '../shared/styles.js';

/** Matches the service's MAX_COMMENT_LENGTH: the field stops the user where the store would cut. */
const MAX_COMMENT_LENGTH = 2000;

/**
 * COMMENT-1 in the reader: the message's private comment (text only) with Edit and Remove,
 * or "Add comment"; editing happens in place. A message with nothing to be found by on other
 * devices (no Message-ID, no bytes) says so instead.
 */
@customElement('bz-comment-box')
@localized()
export class BzCommentBox extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        margin: 0.4rem 0;
      }
      .note {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        padding: 0.4rem 0.6rem;
        border-inline-start: 3px solid var(--bz-accent);
        background: var(--bz-hover);
        margin: 0 0 0.3rem;
      }
      textarea {
        width: 100%;
        min-height: 4rem;
        box-sizing: border-box;
      }
      .row {
        display: flex;
        gap: 0.4rem;
        flex-wrap: wrap;
      }
      .muted {
        color: var(--bz-muted);
        font-size: 0.85em;
      }
    `,
  ];

  @consume({ context: commentServiceContext }) loader?: CommentServiceLoader;
  @consume({ context: noticeServiceContext }) notices?: NoticeService;
  @property({ attribute: false }) emailId = '';

  @state() private editing = false;
  @state() private possible = true;
  @query('textarea') private field?: HTMLTextAreaElement;
  private readonly comment = new SubscribeController<MessageComment | null>(this);

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('emailId')) return;
    const id = this.emailId;
    this.editing = false;
    this.possible = true;
    this.comment.setSource(undefined);
    if (!id || !this.loader) return;
    void this.loader().then(async (s) => {
      if (id !== this.emailId) return;
      this.comment.setSource(s.observeComment(id));
      this.possible = await s.canComment(id).catch(() => false);
    });
  }

  private async save(text: string): Promise<void> {
    if (!this.loader) return;
    try {
      const s = await this.loader();
      if (text.trim()) await s.setComment(this.emailId, text);
      else await s.removeComment(this.emailId);
      this.editing = false;
    } catch (err) {
      reportError(this.notices, msg('Could not save the comment', { id: 'comment.error' }), err);
    }
  }

  private async edit(): Promise<void> {
    this.editing = true;
    await this.updateComplete;
    this.field?.focus();
  }

  private renderEditor(current: string) {
    return html`<label class="muted" for="c"
        >${msg('Private comment (only you see it)', { id: 'comment.label' })}</label
      >
      <textarea
        id="c"
        data-testid="comment-field"
        maxlength=${MAX_COMMENT_LENGTH}
        .value=${current}
      ></textarea>
      <div class="row">
        <button class="primary" @click=${() => void this.save(this.field?.value ?? '')}>
          ${msg('Save comment', { id: 'comment.save' })}
        </button>
        <button @click=${() => (this.editing = false)}>
          ${msg('Cancel', { id: 'common.cancel' })}
        </button>
      </div>`;
  }

  override render() {
    if (!this.emailId || !this.loader) return nothing;
    const c = this.comment.value ?? null;
    if (this.editing) return this.renderEditor(c?.text ?? '');
    if (!this.possible && !c) {
      return html`<p class="muted" data-testid="comment-unavailable">
        ${msg('This message has no Message-ID, so it cannot carry a comment.', { id: 'comment.unavailable' })}
      </p>`;
    }
    if (!c) {
      return html`<button data-testid="comment-add" @click=${() => void this.edit()}>
        ${msg('Add comment', { id: 'comment.add' })}
      </button>`;
    }
    return html`<p class="note" data-testid="comment-text">${c.text}</p>
      <div class="row">
        <button @click=${() => void this.edit()}>
          ${msg('Edit comment', { id: 'comment.edit' })}
        </button>
        <button @click=${() => void this.save('')}>
          ${msg('Remove comment', { id: 'comment.remove' })}
        </button>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-comment-box': BzCommentBox;
  }
}
