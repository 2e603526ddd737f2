import { LitElement, css, html } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { noticeServiceContext, searchServiceContext } from '../../state/context.js';
import type { NoticeService, SavedSearch, SearchService } from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { BzSearchEvent } from '../events/bz-search.js';
import { reportError } from '../shared/errors.js';
import { baseStyles, sidebarGroupStyles } from '../shared/styles.js';
import '../shared/bz-confirm-dialog.js';
import type { BzConfirmDialog } from '../shared/bz-confirm-dialog.js';

/**
 * Saved searches as smart folders (SEARCH-4, beyond), a group under the folder tree:
 * each by its name; a click runs it, × removes it after a confirmation. Nothing shows
 * while there are none, or without a search service.
 *
 * @fires bz-search - a saved search was opened
 */
@customElement('bz-saved-searches')
@localized()
export class BzSavedSearches extends LitElement {
  static override styles = [
    baseStyles,
    sidebarGroupStyles,
    css`
      li {
        display: flex;
        align-items: center;
      }
      .open {
        flex: 1;
        min-width: 0;
        justify-content: flex-start;
        border: none;
        background: none;
        text-align: start;
      }
      .open bdi {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .remove {
        border: none;
        background: none;
        color: var(--bz-muted);
      }
    `,
  ];

  @consume({ context: searchServiceContext, subscribe: true }) search?: SearchService;
  @consume({ context: noticeServiceContext }) notices?: NoticeService;

  @query('bz-confirm-dialog') private confirm!: BzConfirmDialog;
  private readonly saved = new SubscribeController<SavedSearch[]>(this);

  override connectedCallback(): void {
    super.connectedCallback();
    this.saved.setSource(this.search?.observeSaved());
  }

  private async removeSaved(s: SavedSearch): Promise<void> {
    const ok = await this.confirm.ask(
      msg(str`Remove the saved search “${s.name}”? The messages stay where they are.`, {
        id: 'search.removeConfirm',
      }),
      msg('Remove', { id: 'search.remove' }),
    );
    if (!ok) return;
    try {
      await this.search?.removeSavedSearch(s.id);
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not remove the search', { id: 'search.removeError' }),
        err,
      );
    }
  }

  override render() {
    const list = this.saved.value ?? [];
    if (!this.search || list.length === 0) return html`<bz-confirm-dialog></bz-confirm-dialog>`;
    return html`<h2 id="saved-heading">${msg('Saved searches', { id: 'search.saved' })}</h2>
      <ul aria-labelledby="saved-heading">
        ${list.map(
          (s) =>
            html`<li data-testid="saved-search">
              <button
                class="open"
                title=${s.request.text}
                @click=${() => this.dispatchEvent(new BzSearchEvent(s.request))}
              >
                <bdi>${s.name}</bdi>
              </button>
              <button
                class="remove icon-only"
                aria-label=${msg(str`Remove ${s.name}`, { id: 'search.removeNamed' })}
                title=${msg(str`Remove ${s.name}`, { id: 'search.removeNamed' })}
                @click=${() => void this.removeSaved(s)}
              >
                ×
              </button>
            </li>`,
        )}
      </ul>
      <bz-confirm-dialog></bz-confirm-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-saved-searches': BzSavedSearches;
  }
}
