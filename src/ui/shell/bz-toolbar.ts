import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import type { LocaleSetting, SearchRequest } from '../../state/types.js';
import { OnlineController } from '../controllers/online-controller.js';
import { BzComposeEvent } from '../events/bz-compose.js';
import { BzImportFilesEvent } from '../events/bz-import-files.js';
import { BzOpenToolEvent } from '../events/bz-open-tool.js';
import type { BzTool } from '../events/bz-open-tool.js';
import { BzLocaleChangeEvent } from '../events/bz-locale-change.js';
import { icons } from '../shared/icons.js';
import { baseStyles } from '../shared/styles.js';
import '../account/bz-account-menu.js';
// The search box is defined by the app's lazily loaded search parts (start-up budget).
import type { BzSearchBox } from '../search/bz-search-box.js';

/**
 * The app's toolbar: New message (SEND-1), Import (a file picker for .eml and .zip), the
 * archive viewer, Documents, Contacts, the search box (SEARCH-1…4), the account menu,
 * Settings, Help, and the interface language.
 *
 * @fires bz-compose - New message was asked for
 * @fires bz-import-files - files picked for import
 * @fires bz-open-tool - a tool (dialog or view) was asked for
 * @fires bz-locale-change - the user picked another language
 */
@customElement('bz-toolbar')
@localized()
export class BzToolbar extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: flex;
        align-items: center;
        gap: 0.4rem;
        padding: 0.4rem 0.7rem;
        background: var(--bz-bar-bg);
        border-bottom: 1px solid var(--bz-border);
        flex-wrap: wrap;
      }
      h1 {
        font-size: 1.1rem;
        margin: 0 0.6rem 0 0;
        display: flex;
        align-items: center;
        gap: 0.4rem;
      }
      h1 img {
        width: 24px;
        height: 24px;
      }
      .spacer {
        flex: 1;
      }
      .offline {
        font-size: 0.85em;
        padding: 0.1rem 0.5rem;
        border-radius: 999px;
        background: var(--bz-warning-bg);
        border: 1px solid var(--bz-warning);
      }
      /* Below this the bar would wrap: the tools keep their icons (and names for readers). */
      @media (max-width: 1360px) {
        .tool .label {
          display: none;
        }
      }
      @media (max-width: 640px) {
        .label,
        .language {
          display: none;
        }
        .brand {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip-path: inset(50%);
        }
      }
    `,
  ];

  @property() locale: LocaleSetting = 'auto';
  /** The folder shown, for the search box's "This folder" scope. */
  @property({ attribute: false }) folderId: string | null = null;
  /** The search shown in the list, or null. */
  @property({ attribute: false }) searchRequest: SearchRequest | null = null;

  @query('input[type=file]') private input!: HTMLInputElement;
  @query('bz-search-box') private searchBox?: BzSearchBox;
  private readonly online = new OnlineController(this);

  /** Focuses the search box (the "/" shortcut); false when there is none. */
  focusSearch(): boolean {
    if (!this.searchBox?.search) return false;
    this.searchBox.focusBox();
    return true;
  }

  private onFiles(): void {
    const files = Array.from(this.input.files ?? []);
    this.input.value = '';
    if (files.length) this.dispatchEvent(new BzImportFilesEvent(files));
  }

  private tool(tool: BzTool) {
    return () => this.dispatchEvent(new BzOpenToolEvent(tool));
  }

  private button(tool: BzTool, icon: keyof typeof icons, label: string) {
    return html`<button class="tool" @click=${this.tool(tool)} aria-label=${label} title=${label}>
      ${icons[icon]}<span class="label" aria-hidden="true">${label}</span>
    </button>`;
  }

  override render() {
    const importLabel = msg('Import', { id: 'toolbar.import' });
    const composeLabel = msg('New message', { id: 'toolbar.compose' });
    return html`<h1><img src="/icons/icon.svg" alt="" /><span class="brand">Buzón</span></h1>
      <button
        class="primary"
        data-testid="compose-button"
        @click=${() => this.dispatchEvent(new BzComposeEvent())}
        aria-label=${composeLabel}
        title=${composeLabel}
      >
        ${icons.draft}<span class="label" aria-hidden="true">${composeLabel}</span>
      </button>
      <button
        @click=${() => this.input.click()}
        aria-label=${importLabel}
        title=${msg('Import .eml or .zip files', { id: 'toolbar.importTitle' })}
      >
        ${icons.upload}<span class="label" aria-hidden="true">${importLabel}</span>
      </button>
      <input
        class="visually-hidden"
        type="file"
        multiple
        accept=".eml,.zip,message/rfc822"
        data-testid="import-input"
        aria-label=${msg('Files to import', { id: 'toolbar.importInput' })}
        tabindex="-1"
        @change=${this.onFiles}
      />
      ${this.button('archive-viewer', 'archive', msg('Archive viewer', { id: 'toolbar.archiveViewer' }))}
      ${this.button('documents', 'documents', msg('Documents', { id: 'toolbar.documents' }))}
      ${this.button('contacts', 'contacts', msg('Contacts', { id: 'contacts.tool' }))}
      <span class="spacer"></span>
      <bz-search-box .folderId=${this.folderId} .request=${this.searchRequest}></bz-search-box>
      ${this.online.online ? nothing : html`<span class="offline" role="status">${msg('Offline', { id: 'toolbar.offline' })}</span>`}
      <bz-account-menu></bz-account-menu>
      <label class="language">
        <span class="visually-hidden">${msg('Language', { id: 'settings.language' })}</span>
        <select
          title=${msg('Language', { id: 'settings.language' })}
          @change=${(e: Event) => this.dispatchEvent(new BzLocaleChangeEvent((e.target as HTMLSelectElement).value as LocaleSetting))}
        >
          <option value="auto" ?selected=${this.locale === 'auto'}>
            ${msg('Automatic', { id: 'settings.localeAuto' })}
          </option>
          <option value="en" lang="en" ?selected=${this.locale === 'en'}>English</option>
          <option value="es" lang="es" ?selected=${this.locale === 'es'}>Español</option>
        </select>
      </label>
      ${this.button('settings', 'settings', msg('Settings', { id: 'toolbar.settings' }))}
      ${this.button('help', 'help', msg('Keyboard shortcuts', { id: 'toolbar.help' }))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-toolbar': BzToolbar;
  }
}
