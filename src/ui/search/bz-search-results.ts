import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { noticeServiceContext, searchServiceContext } from '../../state/context.js';
import type {
  NoticeService,
  SearchRequest,
  SearchResult,
  SearchService,
} from '../../state/types.js';
import { need, reportError } from '../shared/errors.js';
import { formatCount } from '../shared/format.js';
import { baseStyles } from '../shared/styles.js';
import '../shared/bz-prompt-dialog.js';
import type { BzPromptDialog } from '../shared/bz-prompt-dialog.js';
import { MAX_SHOWN_RESULTS } from './search-mode-controller.js';

/**
 * The header of the list pane in search mode (SEARCH-4, SEARCH-6): how many messages were
 * found for what, the "more than 200" notice, the parser's warnings, how many messages
 * are not indexed yet, the empty state, and "Save as smart folder". The found rows are
 * the message list's, below it. Loaded on the first search.
 */
@customElement('bz-search-results')
@localized()
export class BzSearchResults extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        padding: 0.4rem 0.6rem;
        border-bottom: 1px solid var(--bz-border);
      }
      .head {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
      h2 {
        font-size: 1rem;
        margin: 0 auto 0 0;
        min-width: 0;
        overflow-wrap: anywhere;
      }
      p {
        margin: 0.3rem 0 0;
        font-size: 0.9em;
      }
      .note {
        color: var(--bz-muted);
      }
      .empty {
        text-align: center;
        color: var(--bz-muted);
        padding: 1.5rem 1rem;
      }
      ul {
        margin: 0.3rem 0 0;
        padding-inline-start: 1.2rem;
        font-size: 0.9em;
        color: var(--bz-warning);
      }
    `,
  ];

  @consume({ context: searchServiceContext, subscribe: true }) search?: SearchService;
  @consume({ context: noticeServiceContext }) notices?: NoticeService;

  @property({ attribute: false }) request: SearchRequest | null = null;
  /** null while the search runs. */
  @property({ attribute: false }) result: SearchResult | null = null;
  @property({ attribute: false }) error: unknown = null;

  @query('bz-prompt-dialog') private prompt!: BzPromptDialog;

  private async save(): Promise<void> {
    const request = this.request;
    if (!request) return;
    const name = await this.prompt.ask(
      msg('Save as smart folder', { id: 'search.saveTitle' }),
      msg('Name', { id: 'search.saveName' }),
      request.text,
    );
    if (!name) return;
    try {
      await need(this.search).saveSearch(name, request);
    } catch (err) {
      reportError(this.notices, msg('Could not save the search', { id: 'search.saveError' }), err);
    }
  }

  private renderSummary(r: SearchResult, text: string) {
    const n = formatCount(r.ids.length);
    const shown =
      r.ids.length === 1
        ? msg(str`1 result for “${text}”`, { id: 'search.resultOne' })
        : msg(str`${n} results for “${text}”`, { id: 'search.results' });
    return html`<h2 data-testid="search-summary" aria-live="polite"><bdi>${shown}</bdi></h2>`;
  }

  private renderNotes(r: SearchResult) {
    const pending = formatCount(r.pending);
    const max = MAX_SHOWN_RESULTS;
    return html`${
      r.capped
        ? html`<p class="note" data-testid="search-capped">
            ${msg(str`More than ${max} found: refine the search`, { id: 'search.capped' })}
          </p>`
        : nothing
    }
    ${
      r.warnings.length
        ? html`<ul
            data-testid="search-warnings"
            aria-label=${msg('Not understood', { id: 'search.warnings' })}
          >
            ${r.warnings.map((w) => html`<li><bdi>${w}</bdi></li>`)}
          </ul>`
        : nothing
    }
    ${
      r.pending > 0
        ? html`<p class="note" data-testid="search-pending">
            ${msg(str`${pending} messages are not indexed yet`, { id: 'search.pending' })}
          </p>`
        : nothing
    }
    ${
      r.ids.length === 0
        ? html`<p class="empty" data-testid="search-empty">
            ${msg('No messages match this search.', { id: 'search.empty' })}
          </p>`
        : nothing
    }`;
  }

  override render() {
    const request = this.request;
    if (!request) return nothing;
    const r = this.result;
    let body;
    if (this.error)
      body = html`<div class="head">
        <h2 role="alert">${msg('The search failed.', { id: 'search.error' })}</h2>
      </div>`;
    else if (!r)
      body = html`<div class="head">
        <h2 role="status">${msg('Searching…', { id: 'search.running' })}</h2>
      </div>`;
    else
      body = html`<div class="head">
          ${this.renderSummary(r, request.text)}
          <button @click=${this.save}>
            ${msg('Save as smart folder', { id: 'search.saveTitle' })}
          </button>
        </div>
        ${this.renderNotes(r)}`;
    return html`${body}<bz-prompt-dialog></bz-prompt-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-search-results': BzSearchResults;
  }
}
