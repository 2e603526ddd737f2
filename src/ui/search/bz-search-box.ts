import { LitElement, css, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg } from '@lit/localize';
import { searchServiceContext } from '../../state/context.js';
import type { SearchRequest, SearchService } from '../../state/types.js';
import { BzSearchEvent } from '../events/bz-search.js';
import { BzSearchAdvancedEvent } from '../events/bz-search-advanced.js';
import { BzSearchClearEvent } from '../events/bz-search-clear.js';
import { baseStyles } from '../shared/styles.js';

/** SEARCH-4: recent searches offered under the box; more would push the list off screen. */
export const RECENT_SHOWN = 8;

/**
 * The search box in the toolbar (SEARCH-1, 2, 4): the query text, the scope (this folder
 * or everywhere), the advanced form and, on focus, the last searches to reopen. Enter
 * searches, Esc or the clear button leaves search mode. Renders nothing without a
 * search service. Kept small: it is part of the start-up bundle.
 *
 * @fires bz-search - a search was asked for
 * @fires bz-search-clear - the user left search mode
 * @fires bz-search-advanced - the advanced form was asked for
 */
@customElement('bz-search-box')
@localized()
export class BzSearchBox extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        position: relative;
        display: flex;
        align-items: center;
        gap: 0.25rem;
      }
      input {
        width: 14rem;
        max-width: 40vw;
      }
      ul {
        position: absolute;
        top: 100%;
        inset-inline-start: 0;
        z-index: 10;
        margin: 0.2rem 0 0;
        padding: 0.25rem;
        list-style: none;
        min-width: 18rem;
        background: var(--bz-bg);
        border: 1px solid var(--bz-border);
        border-radius: 6px;
        box-shadow: 0 4px 12px rgb(0 0 0 / 0.2);
      }
      ul button {
        width: 100%;
        justify-content: flex-start;
        border: none;
        text-align: start;
      }
      .scope {
        color: var(--bz-muted);
        font-size: 0.85em;
      }
    `,
  ];

  @consume({ context: searchServiceContext, subscribe: true }) search?: SearchService;

  /** The folder shown, searched when the scope is "This folder". */
  @property({ attribute: false }) folderId: string | null = null;
  /** The search shown in the list, or null outside search mode: the box shows its text. */
  @property({ attribute: false }) request: SearchRequest | null = null;

  @state() private everywhere = false;
  /** The last searches while offered under the box; null when hidden. */
  @state() private recent: SearchRequest[] | null = null;
  @query('input') private input?: HTMLInputElement;

  /** Moves focus to the box (the "/" shortcut). */
  focusBox(): void {
    this.input?.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('request') && this.request) this.everywhere = this.request.folderId === null;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('request') && this.input) this.input.value = this.request?.text ?? '';
  }

  private requestFor(text: string): SearchRequest {
    return { text, folderId: this.everywhere ? null : this.folderId };
  }

  private run(): void {
    const text = this.input?.value.trim() ?? '';
    this.recent = null;
    if (text) this.dispatchEvent(new BzSearchEvent(this.requestFor(text)));
    else this.clear();
  }

  private clear(): void {
    if (this.input) this.input.value = '';
    this.recent = null;
    this.dispatchEvent(new BzSearchClearEvent());
  }

  private async offerRecent(): Promise<void> {
    const list = (await this.search?.recent().catch(() => [])) ?? [];
    // Only while the user has not started typing something else.
    if (this.matches(':focus-within')) this.recent = list.slice(0, RECENT_SHOWN);
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Enter') this.run();
    else if (e.key === 'Escape' && this.recent?.length) this.recent = null;
    else if (e.key === 'Escape') this.clear();
    else if (e.key === 'ArrowDown' && this.recent?.length)
      this.renderRoot.querySelector<HTMLElement>('ul button')?.focus();
    else return;
    e.preventDefault();
  }

  private onRecentKeydown(e: KeyboardEvent): void {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    this.recent = null;
    this.focusBox();
  }

  private onFocusOut(e: FocusEvent): void {
    const to = e.relatedTarget;
    if (!(to instanceof Node) || !this.renderRoot.contains(to)) this.recent = null;
  }

  private onScope(e: Event): void {
    this.everywhere = (e.target as HTMLSelectElement).value === 'everywhere';
    // SEARCH-2: switching the scope of a shown search runs it again in the new scope.
    if (this.request) this.dispatchEvent(new BzSearchEvent(this.requestFor(this.request.text)));
  }

  private renderRecent() {
    if (!this.recent?.length) return nothing;
    const everywhere = msg('everywhere', { id: 'search.recentEverywhere' });
    return html`<ul
      aria-label=${msg('Recent searches', { id: 'search.recent' })}
      @keydown=${this.onRecentKeydown}
    >
      ${this.recent.map(
        (r) =>
          html`<li>
            <button
              data-testid="recent-search"
              @click=${() => {
                this.recent = null;
                this.dispatchEvent(new BzSearchEvent(r));
              }}
            >
              <bdi>${r.text}</bdi
              >${r.folderId === null ? html` <span class="scope">· ${everywhere}</span>` : nothing}
            </button>
          </li>`,
      )}
    </ul>`;
  }

  override render() {
    if (!this.search) return nothing;
    const label = msg('Search mail', { id: 'search.box' });
    return html`<div role="search" @focusout=${this.onFocusOut}>
        <input
          type="search"
          data-testid="search-input"
          aria-label=${label}
          placeholder=${label}
          autocomplete="off"
          enterkeyhint="search"
          @focus=${() => void this.offerRecent()}
          @input=${() => (this.recent = null)}
          @keydown=${this.onKeydown}
        />
        ${this.renderRecent()}
      </div>
      <select
        aria-label=${msg('Search in', { id: 'search.scope' })}
        title=${msg('Search in', { id: 'search.scope' })}
        @change=${this.onScope}
      >
        <option value="folder" ?selected=${!this.everywhere}>
          ${msg('This folder', { id: 'search.scopeFolder' })}
        </option>
        <option value="everywhere" ?selected=${this.everywhere}>
          ${msg('Everywhere', { id: 'search.scopeEverywhere' })}
        </option>
      </select>
      <button
        title=${msg('Advanced search', { id: 'search.advanced' })}
        @click=${() => this.dispatchEvent(new BzSearchAdvancedEvent(this.requestFor(this.input?.value.trim() ?? '')))}
      >
        ${msg('Advanced…', { id: 'search.advancedShort' })}
      </button>
      ${
        this.request
          ? html`<button
              data-testid="search-clear"
              aria-label=${msg('Leave search', { id: 'search.clear' })}
              title=${msg('Leave search', { id: 'search.clear' })}
              @click=${this.clear}
            >
              ×
            </button>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-search-box': BzSearchBox;
  }
}
