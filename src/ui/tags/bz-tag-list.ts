import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { noticeServiceContext, tagServiceContext } from '../../state/context.js';
import type { NoticeService, Tag, TagServiceLoader } from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { BzSearchEvent } from '../events/bz-search.js';
import { MESSAGE_IDS_TYPE, hasType } from '../shared/drag.js';
import { reportError } from '../shared/errors.js';
import { baseStyles, sidebarGroupStyles } from '../shared/styles.js';
import { safeColor, tagQuery } from './tag-chip.js';

/**
 * The "Tags" group under the folder tree (TAG-1): each tag with its colour and name. A click
 * shows every message with the tag (a `tag:` search everywhere); dropping list rows on a
 * tag tags them.
 *
 * @fires bz-search - a tag was opened
 */
@customElement('bz-tag-list')
@localized()
export class BzTagList extends LitElement {
  static override styles = [
    baseStyles,
    sidebarGroupStyles,
    css`
      li.drop {
        outline: 2px dashed var(--bz-accent);
        border-radius: 6px;
      }
      button {
        width: 100%;
        justify-content: flex-start;
        gap: 0.45rem;
        border: none;
        background: none;
        text-align: start;
      }
      bdi {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .swatch {
        flex: none;
        width: 0.75rem;
        height: 0.75rem;
        border-radius: 50%;
      }
    `,
  ];

  @consume({ context: tagServiceContext }) tagLoader?: TagServiceLoader;
  @consume({ context: noticeServiceContext }) notices?: NoticeService;

  private readonly tags = new SubscribeController<Tag[]>(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.tagLoader?.().then((s) => this.tags.setSource(s.observeTags()));
  }

  private onDragOver(e: DragEvent): void {
    if (!hasType(e, MESSAGE_IDS_TYPE)) return;
    e.preventDefault();
    (e.currentTarget as HTMLElement).classList.add('drop');
  }

  private async onDrop(e: DragEvent, tag: Tag): Promise<void> {
    (e.currentTarget as HTMLElement).classList.remove('drop');
    const data = e.dataTransfer?.getData(MESSAGE_IDS_TYPE);
    if (!data || !this.tagLoader) return;
    e.preventDefault();
    try {
      const ids = JSON.parse(data) as string[];
      await (await this.tagLoader()).setTag(ids, tag.keyword, true);
    } catch (err) {
      reportError(this.notices, msg('Could not tag the messages', { id: 'tags.error' }), err);
    }
  }

  override render() {
    const list = this.tags.value ?? [];
    if (list.length === 0) return nothing;
    return html`<h2 id="tags-heading">${msg('Tags', { id: 'tags.heading' })}</h2>
      <ul aria-labelledby="tags-heading">
        ${list.map(
          (t) =>
            html`<li
              @dragover=${this.onDragOver}
              @dragleave=${(e: DragEvent) => (e.currentTarget as HTMLElement).classList.remove('drop')}
              @drop=${(e: DragEvent) => void this.onDrop(e, t)}
            >
              <button
                data-testid="tag-item"
                data-keyword=${t.keyword}
                title=${msg(str`All messages tagged ${t.name}`, { id: 'tags.open' })}
                @click=${() => this.dispatchEvent(new BzSearchEvent({ text: tagQuery(t), folderId: null }))}
              >
                <span class="swatch" style="background:${safeColor(t.color)}"></span
                ><bdi>${t.name}</bdi>
              </button>
            </li>`,
        )}
      </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-tag-list': BzTagList;
  }
}
