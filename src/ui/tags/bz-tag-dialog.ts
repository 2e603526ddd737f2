import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { noticeServiceContext, tagServiceContext } from '../../state/context.js';
import type { NoticeService, Tag, TagService, TagServiceLoader } from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { reportError } from '../shared/errors.js';
import { baseStyles } from '../shared/styles.js';
import { chipStyles, safeColor } from './tag-chip.js';

/** The colour a new tag starts with: a calm blue, distinct from Thunderbird's five labels. */
const NEW_TAG_COLOR = '#3366cc';

/**
 * TAG-1: sets and clears tags on the selected messages — one checkbox per tag (mixed when only
 * some carry it), applied at once — and creates a tag (name and colour) that the messages get.
 */
@customElement('bz-tag-dialog')
@localized()
export class BzTagDialog extends LitElement {
  static override styles = [
    baseStyles,
    chipStyles,
    css`
      ul {
        list-style: none;
        padding: 0;
        margin: 0.5rem 0;
        max-height: 18rem;
        overflow: auto;
      }
      li label {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        padding: 0.2rem 0;
      }
      fieldset {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: end;
      }
    `,
  ];

  @consume({ context: tagServiceContext }) loader?: TagServiceLoader;
  @consume({ context: noticeServiceContext }) notices?: NoticeService;

  @state() private ids: readonly string[] = [];
  /** Keyword → how many of the selected messages carry it. */
  @state() private counts = new Map<string, number>();
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('#new-name') private nameField!: HTMLInputElement;
  @query('#new-color') private colorField!: HTMLInputElement;
  private service: TagService | null = null;
  private readonly tags = new SubscribeController<Tag[]>(this);

  async open(ids: readonly string[]): Promise<void> {
    if (!this.loader) return;
    this.service = await this.loader();
    this.tags.setSource(this.service.observeTags());
    this.ids = ids;
    await this.recount();
    await this.updateComplete;
    this.dialog.showModal();
  }

  private async recount(): Promise<void> {
    if (!this.service) return;
    const byId = await this.service.tagsOf([...this.ids]);
    const counts = new Map<string, number>();
    for (const list of Object.values(byId))
      for (const k of list) counts.set(k, (counts.get(k) ?? 0) + 1);
    this.counts = counts;
  }

  private async toggle(tag: Tag, on: boolean): Promise<void> {
    try {
      await this.service?.setTag([...this.ids], tag.keyword, on);
      await this.recount();
    } catch (err) {
      reportError(this.notices, msg('Could not tag the messages', { id: 'tags.error' }), err);
    }
  }

  private async create(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.service) return;
    try {
      const tag = await this.service.createTag(this.nameField.value, this.colorField.value);
      await this.service.setTag([...this.ids], tag.keyword, true);
      this.nameField.value = '';
      await this.recount();
    } catch (err) {
      reportError(this.notices, msg('Could not create the tag', { id: 'tags.createError' }), err);
    }
  }

  private renderTag(t: Tag) {
    const n = this.counts.get(t.keyword) ?? 0;
    const all = n > 0 && n === this.ids.length;
    return html`<li>
      <label>
        <input
          type="checkbox"
          data-keyword=${t.keyword}
          .checked=${all}
          .indeterminate=${n > 0 && !all}
          @change=${(e: Event) => void this.toggle(t, (e.target as HTMLInputElement).checked)}
        />
        <span class="swatch" style="background:${safeColor(t.color)}"></span>
        <bdi>${t.name}</bdi>
      </label>
    </li>`;
  }

  override render() {
    const n = this.ids.length;
    return html`<dialog aria-labelledby="tag-h">
      <h2 id="tag-h">
        ${n === 1 ? msg('Tag the message', { id: 'tags.dialogOne' }) : msg(str`Tag ${n} messages`, { id: 'tags.dialogMany' })}
      </h2>
      <ul aria-label=${msg('Tags', { id: 'tags.heading' })}>
        ${(this.tags.value ?? []).map((t) => this.renderTag(t))}
      </ul>
      <form @submit=${this.create}>
        <fieldset>
          <legend>${msg('New tag', { id: 'tags.new' })}</legend>
          <label
            >${msg('Name', { id: 'tags.name' })} <input id="new-name" required maxlength="64"
          /></label>
          <label
            >${msg('Colour', { id: 'tags.color' })}
            <input id="new-color" type="color" value=${NEW_TAG_COLOR}
          /></label>
          <button type="submit">${msg('Create and apply', { id: 'tags.create' })}</button>
        </fieldset>
      </form>
      <div class="dialog-actions">
        <button @click=${() => this.dialog.close()}>${msg('Close', { id: 'common.close' })}</button>
      </div>
      ${this.tags.error ? html`<p role="alert">${msg('The tags could not be loaded.', { id: 'tags.loadError' })}</p>` : nothing}
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-tag-dialog': BzTagDialog;
  }
}
