import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { searchServiceContext } from '../../state/context.js';
import type { IndexingStatus, SearchService } from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { formatCount } from '../shared/format.js';
import { baseStyles } from '../shared/styles.js';

/**
 * The search index being built (newest mail first), a line under the folders: "Indexing
 * mail for search: 1,234 of 10,000" with Pause/Resume, and the error that stopped it.
 * Nothing shows once every message is indexed.
 */
@customElement('bz-indexing-status')
@localized()
export class BzIndexingStatus extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        font-size: 0.85em;
        color: var(--bz-muted);
      }
      p {
        margin: 0;
        padding: 0.2rem 0.75rem;
        display: flex;
        align-items: center;
        gap: 0.4rem;
        flex-wrap: wrap;
        font-variant-numeric: tabular-nums;
      }
      .error {
        color: var(--bz-danger);
      }
    `,
  ];

  @consume({ context: searchServiceContext, subscribe: true }) search?: SearchService;

  private readonly status = new SubscribeController<IndexingStatus>(this);

  override connectedCallback(): void {
    super.connectedCallback();
    this.status.setSource(this.search?.observeIndexing());
  }

  override render() {
    const st = this.status.value;
    if (!st || (!st.error && st.indexed >= st.total)) return nothing;
    const done = formatCount(st.indexed);
    const total = formatCount(st.total);
    return html`<p role="status" data-testid="indexing-status">
        <span
          >${msg(str`Indexing mail for search: ${done} of ${total}`, { id: 'search.indexing' })}</span
        >
        ${
          st.running
            ? html`<button @click=${() => this.search?.pauseIndexing()}>
                ${msg('Pause', { id: 'search.pause' })}
              </button>`
            : html`<button @click=${() => this.search?.resumeIndexing()}>
                ${msg('Resume', { id: 'search.resume' })}
              </button>`
        }
      </p>
      ${st.error ? html`<p class="error" role="alert"><bdi>${st.error}</bdi></p>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-indexing-status': BzIndexingStatus;
  }
}
