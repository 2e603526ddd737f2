import { LitElement, css, html, nothing } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { noticeServiceContext, tagServiceContext } from '../../state/context.js';
import type { NoticeService, Tag, TagServiceLoader } from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { reportError } from '../shared/errors.js';
import { baseStyles } from '../shared/styles.js';
import '../shared/bz-confirm-dialog.js';
import type { BzConfirmDialog } from '../shared/bz-confirm-dialog.js';

/**
 * TAG-1 in Settings: each tag with its colour (change it to recolour; names are fixed) and
 * Delete, which first says how many messages carry the tag and then removes it from them.
 */
@customElement('bz-tags-section')
@localized()
export class BzTagsSection extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        margin-top: 1rem;
      }
      h3 {
        margin: 0 0 0.4rem;
        font-size: 1rem;
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      li {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        padding: 0.15rem 0;
      }
      bdi {
        flex: 1;
        overflow: hidden;
        text-overflow: ellipsis;
      }
    `,
  ];

  @consume({ context: tagServiceContext }) loader?: TagServiceLoader;
  @consume({ context: noticeServiceContext }) notices?: NoticeService;
  @query('bz-confirm-dialog') private confirm!: BzConfirmDialog;
  private readonly tags = new SubscribeController<Tag[]>(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loader?.().then((s) => this.tags.setSource(s.observeTags()));
  }

  private async recolor(t: Tag, color: string): Promise<void> {
    try {
      await (await this.need()).recolorTag(t.keyword, color);
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not change the colour', { id: 'tags.recolorError' }),
        err,
      );
    }
  }

  private async deleteTag(t: Tag): Promise<void> {
    try {
      const s = await this.need();
      const n = await s.countTagged(t.keyword);
      const question =
        n === 0
          ? msg(str`Delete the tag "${t.name}"? No message carries it.`, { id: 'tags.deleteNone' })
          : msg(str`Delete the tag "${t.name}"? It will be removed from ${n} messages.`, {
              id: 'tags.deleteMany',
            });
      if (!(await this.confirm.ask(question, msg('Delete tag', { id: 'tags.delete' })))) return;
      await s.deleteTag(t.keyword);
    } catch (err) {
      reportError(this.notices, msg('Could not delete the tag', { id: 'tags.deleteError' }), err);
    }
  }

  private need() {
    if (!this.loader) throw new Error('Tags are not available.');
    return this.loader();
  }

  override render() {
    if (!this.loader) return nothing;
    return html`<section aria-labelledby="tags-h">
      <h3 id="tags-h">${msg('Tags', { id: 'tags.heading' })}</h3>
      <ul>
        ${(this.tags.value ?? []).map(
          (t) =>
            html`<li data-testid="tag-setting" data-keyword=${t.keyword}>
              <input
                type="color"
                aria-label=${msg(str`Colour of ${t.name}`, { id: 'tags.colorOf' })}
                .value=${t.color}
                @change=${(e: Event) => void this.recolor(t, (e.target as HTMLInputElement).value)}
              />
              <bdi>${t.name}</bdi>
              <button
                class="danger"
                aria-label=${msg(str`Delete the tag ${t.name}`, { id: 'tags.deleteLabel' })}
                @click=${() => void this.deleteTag(t)}
              >
                ${msg('Delete', { id: 'common.delete' })}
              </button>
            </li>`,
        )}
      </ul>
      <bz-confirm-dialog></bz-confirm-dialog>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-tags-section': BzTagsSection;
  }
}
