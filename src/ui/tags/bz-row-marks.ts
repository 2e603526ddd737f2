import { LitElement, css, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { commentServiceContext, tagServiceContext } from '../../state/context.js';
import type {
  CommentServiceLoader,
  MessageComment,
  Tag,
  TagServiceLoader,
} from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { chipStyles, tagChip } from './tag-chip.js';
import { icons } from '../shared/icons.js';

/** A list row's tags (TAG-1) and comment icon (COMMENT-1), each following its message live. */
@customElement('bz-row-marks')
@localized()
export class BzRowMarks extends LitElement {
  static override styles = [
    chipStyles,
    css`
      :host {
        display: inline-flex;
        gap: 0.25rem;
        align-items: center;
        min-width: 0;
      }
      .comment {
        display: inline-flex;
        color: var(--bz-muted, currentColor);
      }
      .comment .icon {
        width: 14px;
        height: 14px;
      }
    `,
  ];

  @consume({ context: tagServiceContext }) tagLoader?: TagServiceLoader;
  @consume({ context: commentServiceContext }) commentLoader?: CommentServiceLoader;
  @property({ attribute: false }) emailId = '';

  private readonly tags = new SubscribeController<Tag[]>(this);
  private readonly comment = new SubscribeController<MessageComment | null>(this);

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('emailId')) return;
    const id = this.emailId;
    this.tags.setSource(undefined);
    this.comment.setSource(undefined);
    if (!id) return;
    // A row scrolled away meanwhile must not get another message's marks.
    void this.tagLoader?.().then(
      (s) => id === this.emailId && this.tags.setSource(s.observeMessageTags(id)),
    );
    void this.commentLoader?.().then(
      (s) => id === this.emailId && this.comment.setSource(s.observeComment(id)),
    );
  }

  override render() {
    const c = this.comment.value;
    return html`${
      c
        ? html`<span
            class="comment"
            role="img"
            data-testid="comment-mark"
            aria-label=${msg(str`Comment: ${c.text}`, { id: 'comment.rowLabel' })}
            title=${c.text}
            >${icons.comment}</span
          >`
        : nothing
    }${(this.tags.value ?? []).map(tagChip)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-row-marks': BzRowMarks;
  }
}
