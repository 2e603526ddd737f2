import { LitElement, css, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg } from '@lit/localize';
import { tagServiceContext } from '../../state/context.js';
import type { Tag, TagServiceLoader } from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { BzTagRequestEvent } from '../events/bz-tag-request.js';
import { baseStyles } from '../shared/styles.js';
import '../comments/bz-comment-box.js';
import { chipStyles, tagChip } from './tag-chip.js';

/**
 * The reader's tags (TAG-1, chips with a Tag… button) and private comment (COMMENT-1), under
 * the headers.
 *
 * @fires bz-tag-request - the user asked to change this message's tags
 */
@customElement('bz-message-marks')
@localized()
export class BzMessageMarks extends LitElement {
  static override styles = [
    baseStyles,
    chipStyles,
    css`
      :host {
        display: block;
      }
      .tags {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem;
        align-items: center;
      }
      .tags button {
        font-size: 0.8em;
      }
    `,
  ];

  @consume({ context: tagServiceContext }) tagLoader?: TagServiceLoader;
  @property({ attribute: false }) emailId = '';
  private readonly tags = new SubscribeController<Tag[]>(this);

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('emailId')) return;
    const id = this.emailId;
    this.tags.setSource(undefined);
    if (!id) return;
    void this.tagLoader?.().then(
      (s) => id === this.emailId && this.tags.setSource(s.observeMessageTags(id)),
    );
  }

  override render() {
    if (!this.emailId) return nothing;
    return html`<div
        class="tags"
        data-testid="reader-tags"
        aria-label=${msg('Tags', { id: 'tags.heading' })}
      >
        ${(this.tags.value ?? []).map(tagChip)}
        ${
          this.tagLoader
            ? html`<button
                @click=${() => this.dispatchEvent(new BzTagRequestEvent([this.emailId]))}
              >
                ${msg('Tag…', { id: 'tags.action' })}
              </button>`
            : nothing
        }
      </div>
      <bz-comment-box .emailId=${this.emailId}></bz-comment-box>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-message-marks': BzMessageMarks;
  }
}
