import { html, nothing } from 'lit';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { BzComposeEvent } from '../ui/events/bz-compose.js';
import type { BzTool } from '../ui/events/bz-open-tool.js';
import type { BzSaveContactEvent } from '../ui/events/bz-save-contact.js';
import type { SearchRequest } from '../state/types.js';

type LazyTool = BzTool | 'archive' | 'contact-from-mail' | 'advanced-search' | 'tag';

interface ToolHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/**
 * Rarely used screens (archive viewer, documents, settings, help, archive dialog, sign-in,
 * contacts, "keep in contacts" and the advanced search form) are loaded with dynamic import() the first time they are
 * asked for, keeping the first download small (target ≤ 100 KB gzip). Each is rendered only
 * once loaded.
 */
export class ToolLoader implements ReactiveController {
  private readonly loaded = new Set<LazyTool>();

  /**
   * `onCompose`: a tool asked for the composer (CONTACTS-4 "Write to this list"). A message
   * correspondent's "keep in contacts" (CONTACTS-3, `bz-save-contact`) is caught on the host.
   */
  constructor(
    private readonly host: ToolHost,
    private readonly onCompose?: (e: BzComposeEvent) => void,
  ) {
    host.addController(this);
  }

  private readonly onSaveContact = (e: BzSaveContactEvent) =>
    void this.saveContact(e.correspondent);

  hostConnected(): void {
    this.host.addEventListener('bz-save-contact', this.onSaveContact);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('bz-save-contact', this.onSaveContact);
  }

  private async load(tool: LazyTool): Promise<void> {
    if (this.loaded.has(tool)) return;
    switch (tool) {
      case 'archive-viewer':
        await import('../ui/archive/bz-archive-viewer.js');
        break;
      case 'documents':
        await import('../ui/documents/bz-documents-view.js');
        break;
      case 'settings':
        await import('../ui/settings/bz-settings-dialog.js');
        break;
      case 'help':
        await import('../ui/shell/bz-help-dialog.js');
        break;
      case 'archive':
        await import('../ui/archive/bz-archive-dialog.js');
        break;
      case 'sign-in':
      case 'sign-in-again':
        await import('../ui/account/bz-sign-in-dialog.js');
        break;
      case 'contacts':
        await import('../ui/contacts/bz-contacts-view.js');
        break;
      case 'contact-from-mail':
        await import('../ui/contacts/bz-contact-from-mail.js');
        break;
      case 'advanced-search':
        await import('../ui/search/bz-advanced-search.js');
        break;
      case 'tag':
        await import('../ui/tags/bz-tag-dialog.js');
        break;
    }
    this.loaded.add(tool);
    this.host.requestUpdate();
    await this.host.updateComplete;
  }

  private element<K extends keyof HTMLElementTagNameMap>(tag: K): HTMLElementTagNameMap[K] {
    const el = this.host.renderRoot.querySelector(tag);
    if (!el) throw new Error(`${tag} is not rendered`);
    return el;
  }

  async open(tool: BzTool): Promise<void> {
    await this.load(tool);
    if (tool === 'archive-viewer') await this.element('bz-archive-viewer').show();
    else if (tool === 'documents') this.element('bz-documents-view').show();
    else if (tool === 'settings') this.element('bz-settings-dialog').show();
    else if (tool === 'sign-in') await this.element('bz-sign-in-dialog').show();
    else if (tool === 'sign-in-again')
      await this.element('bz-sign-in-dialog').show({ again: true });
    else if (tool === 'contacts') await this.element('bz-contacts-view').show();
    else this.element('bz-help-dialog').show();
  }

  /** CONTACTS-3: "Save in contacts" / "Add to a contact" for a message's correspondent. */
  async saveContact(correspondent: { name: string; address: string }): Promise<void> {
    await this.load('contact-from-mail');
    await this.element('bz-contact-from-mail').show(correspondent);
  }

  /** SEARCH-3: the advanced search form, filled from the box's text; it fires bz-search. */
  async advancedSearch(request: SearchRequest): Promise<void> {
    await this.load('advanced-search');
    await this.element('bz-advanced-search').show(request);
  }

  /** TAG-1: the tag dialog for these messages (the list's selection or the open message). */
  async tagMessages(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.load('tag');
    await this.element('bz-tag-dialog').open(ids);
  }

  async archive(folderId: string, selectedIds: readonly string[]): Promise<void> {
    await this.load('archive');
    await this.element('bz-archive-dialog').open(folderId, selectedIds);
  }

  async openArchive(file: Blob, name: string): Promise<void> {
    await this.load('archive-viewer');
    await this.element('bz-archive-viewer').show(file, name);
  }

  render() {
    const has = (t: LazyTool) => this.loaded.has(t);
    return html`${has('archive-viewer') ? html`<bz-archive-viewer></bz-archive-viewer>` : nothing}
    ${
      has('documents')
        ? html`<bz-documents-view
            @bz-open-archive=${(e: { file: Blob; name: string }) => void this.openArchive(e.file, e.name)}
          ></bz-documents-view>`
        : nothing
    }
    ${has('settings') ? html`<bz-settings-dialog></bz-settings-dialog>` : nothing}
    ${has('help') ? html`<bz-help-dialog></bz-help-dialog>` : nothing}
    ${
      has('contacts')
        ? html`<bz-contacts-view
            @bz-compose=${(e: BzComposeEvent) => this.onCompose?.(e)}
          ></bz-contacts-view>`
        : nothing
    }
    ${has('contact-from-mail') ? html`<bz-contact-from-mail></bz-contact-from-mail>` : nothing}
    ${has('advanced-search') ? html`<bz-advanced-search></bz-advanced-search>` : nothing}
    ${has('tag') ? html`<bz-tag-dialog></bz-tag-dialog>` : nothing}
    ${has('sign-in') || has('sign-in-again') ? html`<bz-sign-in-dialog></bz-sign-in-dialog>` : nothing}
    ${
      has('archive')
        ? html`<bz-archive-dialog
            @bz-open-tool=${(e: { tool: BzTool }) => void this.open(e.tool)}
          ></bz-archive-dialog>`
        : nothing
    }`;
  }
}
