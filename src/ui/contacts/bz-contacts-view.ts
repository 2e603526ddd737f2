import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import type { Contact, ContactList, PersonalData } from '../../contacts/model.js';
import { blankContact, displayName } from '../../contacts/model.js';
import { foldKey } from '../../contacts/suggest.js';
import { contactServiceContext, noticeServiceContext } from '../../state/context.js';
import type { ContactService, ContactServiceLoader } from '../../state/contact-types.js';
import type { NoticeService } from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { reportError } from '../shared/errors.js';
import { baseStyles } from '../shared/styles.js';
import '../shared/bz-confirm-dialog.js';
import type { BzConfirmDialog } from '../shared/bz-confirm-dialog.js';
import './bz-contact-editor.js';
import type { BzContactEditor } from './bz-contact-editor.js';
import './bz-contact-lists.js';
import './bz-contacts-transfer.js';
import { contactsStyles } from './contacts-styles.js';
import { refreshSharedLists } from './shared-refresh.js';

/**
 * Rows drawn at once: a 10,000-card book would take seconds to lay out, and nobody scrolls
 * that far — the search box narrows it instead.
 */
const MAX_SHOWN = 200;

/** What a contact is found by in the search box, folded (accents and case aside). */
function searchText(c: Contact): string {
  return foldKey(
    [
      displayName(c),
      c.firstName,
      c.lastName,
      c.organization,
      ...c.emails.map((e) => e.address),
      ...c.phones.map((p) => p.number),
    ].join('\n'),
  );
}

/**
 * The address book (CONTACTS-3, -4, -6): search, add, edit and delete contacts; lists in
 * their own tab; import and export. Opened from the toolbar, loaded on first use.
 *
 * @fires bz-compose - "Write to this list" (from the Lists tab)
 */
@customElement('bz-contacts-view')
@localized()
export class BzContactsView extends LitElement {
  static override styles = [
    baseStyles,
    contactsStyles,
    css`
      dialog {
        width: min(46rem, calc(100vw - 2rem));
        max-width: min(46rem, calc(100vw - 2rem));
      }
      [role='tablist'] {
        display: flex;
        gap: 0.3rem;
        border-bottom: 1px solid var(--bz-border);
        margin-bottom: 0.6rem;
      }
      [role='tab'][aria-selected='true'] {
        background: var(--bz-accent);
        color: var(--bz-on-accent);
      }
      ul.rows {
        max-height: 50vh;
        overflow: auto;
      }
      ul.mine {
        margin-bottom: 0.6rem;
      }
    `,
  ];

  @consume({ context: contactServiceContext, subscribe: true }) loader?: ContactServiceLoader;
  @consume({ context: noticeServiceContext }) notices?: NoticeService;
  @state() private service: ContactService | undefined;
  @state() private tab: 'contacts' | 'lists' = 'contacts';
  /** CONTACTS-5: the account's server keeps shared lists. */
  @state() private sharing = false;
  @state() private search = '';
  /** SEND-14: the user's own card; null when never filled in, undefined until read. */
  @state() private myCard: PersonalData | null | undefined;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('bz-contact-editor') private editor!: BzContactEditor;
  @query('bz-confirm-dialog') private confirm!: BzConfirmDialog;
  private readonly contacts = new SubscribeController<Contact[]>(this);
  private readonly lists = new SubscribeController<ContactList[]>(this);
  /** Folded search text per contact object: rebuilt only for contacts that changed. */
  private folded = new WeakMap<Contact, string>();

  /** Opens the tool (on the Contacts tab); the service loads the first time. */
  async show(): Promise<void> {
    this.dialog.showModal();
    const service = await this.ready();
    // CONTACTS-5: the server's lists as they are now.
    if (service) this.sharing = await refreshSharedLists(service, this.notices);
  }

  /** The ContactService, loaded once; its live lists feed both tabs. */
  async ready(): Promise<ContactService | undefined> {
    if (this.service) return this.service;
    try {
      const service = await this.loader?.();
      if (!service || this.service) return this.service;
      this.service = service;
      this.contacts.setSource(service.observeContacts());
      this.lists.setSource(service.observeLists());
      this.myCard = await service.getMyCard();
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not open the contacts', { id: 'contacts.openError' }),
        err,
      );
    }
    return this.service;
  }

  private visibleContacts(): Contact[] {
    const all = this.contacts.value ?? [];
    const q = foldKey(this.search.trim());
    if (!q) return all;
    return all.filter((c) => {
      let text = this.folded.get(c);
      if (text === undefined) {
        text = searchText(c);
        this.folded.set(c, text);
      }
      return text.includes(q);
    });
  }

  private async removeContact(c: Contact): Promise<void> {
    const ok = await this.confirm.ask(
      msg(str`Delete the contact "${displayName(c)}"? The lists it is in lose it too.`, {
        id: 'contacts.deleteConfirm',
      }),
      msg('Delete', { id: 'common.delete' }),
    );
    if (!ok || !this.service) return;
    try {
      await this.service.deleteContact(c.id);
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not delete the contact', { id: 'contacts.deleteError' }),
        err,
      );
    }
  }

  private renderContact(c: Contact) {
    const name = displayName(c);
    const first = c.emails[0]?.address ?? c.phones[0]?.number ?? '';
    return html`<li data-testid="contact-row">
      <span class="who">
        <bdi class="name" data-testid="contact-name">${name}</bdi>
        ${first && first !== name ? html`<bdi class="address" data-testid="contact-address">${first}</bdi>` : nothing}
      </span>
      <span class="actions">
        <button
          aria-label=${msg(str`Edit ${name}`, { id: 'contacts.editOne' })}
          @click=${() => void this.editor.edit(c)}
        >
          ${msg('Edit', { id: 'contacts.edit' })}
        </button>
        <button
          class="danger"
          aria-label=${msg(str`Delete ${name}`, { id: 'contacts.deleteOne' })}
          @click=${() => void this.removeContact(c)}
        >
          ${msg('Delete', { id: 'common.delete' })}
        </button>
      </span>
    </li>`;
  }

  /** SEND-14: edits the user's own card in the contact editor, then shows it again. */
  private async editMyCard(): Promise<void> {
    const saved = await this.editor.editMyCard(this.myCard ?? null);
    if (!saved || !this.service) return;
    try {
      this.myCard = await this.service.getMyCard();
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not open the contacts', { id: 'contacts.openError' }),
        err,
      );
    }
  }

  private renderMyCard() {
    if (this.myCard === undefined) return nothing;
    const name = this.myCard ? displayName(this.myCard) : '';
    return html`<ul class="rows mine" aria-label=${msg('My card', { id: 'contacts.myCard' })}>
      <li data-testid="my-card">
        <span class="who">
          <span class="name">${msg('My card', { id: 'contacts.myCard' })}</span>
          <bdi class="address" data-testid="my-card-name"
            >${name || msg('Your own details, to attach to a message as a vCard.', { id: 'contacts.myCardHint' })}</bdi
          >
        </span>
        <span class="actions">
          <button data-testid="my-card-edit" @click=${() => void this.editMyCard()}>
            ${msg('Edit my card', { id: 'contacts.myCardEdit' })}
          </button>
        </span>
      </li>
    </ul>`;
  }

  private renderContactsTab() {
    const all = this.contacts.value;
    const found = this.visibleContacts();
    const shown = found.slice(0, MAX_SHOWN);
    return html`<div role="tabpanel" id="panel-contacts" aria-labelledby="tab-contacts">
      ${this.renderMyCard()}
      <div class="bar">
        <input
          class="grow"
          type="search"
          data-testid="contacts-search"
          aria-label=${msg('Search contacts', { id: 'contacts.search' })}
          placeholder=${msg('Search contacts', { id: 'contacts.search' })}
          .value=${this.search}
          @input=${(e: Event) => (this.search = (e.target as HTMLInputElement).value)}
        />
        <button
          class="primary"
          data-testid="contact-new"
          @click=${() => void this.editor.edit(blankContact())}
        >
          ${msg('New contact', { id: 'contacts.newTitle' })}
        </button>
      </div>
      ${
        all === undefined
          ? html`<p class="muted">${msg('Loading…', { id: 'common.loading' })}</p>`
          : all.length === 0
            ? html`<p class="muted">${msg('No contacts yet.', { id: 'contacts.empty' })}</p>`
            : found.length === 0
              ? html`<p class="muted">${msg('No contact matches.', { id: 'contacts.noMatch' })}</p>`
              : html`<ul class="rows" aria-label=${msg('Contacts', { id: 'contacts.tool' })}>
                  ${shown.map((c) => this.renderContact(c))}
                </ul>`
      }
      ${
        found.length > shown.length
          ? html`<p class="muted">
              ${msg(str`Showing ${shown.length} of ${found.length}: search to narrow.`, { id: 'contacts.more' })}
            </p>`
          : nothing
      }
      <bz-contacts-transfer
        .service=${this.service}
        .notices=${this.notices}
      ></bz-contacts-transfer>
    </div>`;
  }

  private tabButton(tab: 'contacts' | 'lists', label: string) {
    return html`<button
      role="tab"
      id="tab-${tab}"
      aria-controls="panel-${tab}"
      aria-selected=${this.tab === tab ? 'true' : 'false'}
      @click=${() => (this.tab = tab)}
    >
      ${label}
    </button>`;
  }

  override render() {
    return html`<dialog aria-labelledby="h" data-testid="contacts-tool">
        <h2 id="h">${msg('Contacts', { id: 'contacts.tool' })}</h2>
        <div role="tablist">
          ${this.tabButton('contacts', msg('Contacts', { id: 'contacts.tool' }))}
          ${this.tabButton('lists', msg('Lists', { id: 'contacts.lists' }))}
        </div>
        ${
          this.tab === 'contacts'
            ? this.renderContactsTab()
            : html`<bz-contact-lists
                role="tabpanel"
                id="panel-lists"
                aria-labelledby="tab-lists"
                .service=${this.service}
                .notices=${this.notices}
                .contacts=${this.contacts.value ?? []}
                .lists=${this.lists.value ?? []}
                .sharing=${this.sharing}
                @bz-compose=${() => this.dialog.close()}
              ></bz-contact-lists>`
        }
        <div class="dialog-actions">
          <button @click=${() => this.dialog.close()}>
            ${msg('Close', { id: 'common.close' })}
          </button>
        </div>
      </dialog>
      <bz-contact-editor .service=${this.service} .notices=${this.notices}></bz-contact-editor>
      <bz-confirm-dialog></bz-confirm-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-contacts-view': BzContactsView;
  }
}
