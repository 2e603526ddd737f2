import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { contactFromCorrespondent } from '../../contacts/correspondent.js';
import type { Contact } from '../../contacts/model.js';
import { displayName } from '../../contacts/model.js';
import { foldKey } from '../../contacts/suggest.js';
import type { MailAddress } from '../../mail/types.js';
import { contactServiceContext, noticeServiceContext } from '../../state/context.js';
import type { ContactService, ContactServiceLoader } from '../../state/contact-types.js';
import type { NoticeService } from '../../state/types.js';
import { need, reportError } from '../shared/errors.js';
import { baseStyles } from '../shared/styles.js';
import './bz-contact-editor.js';
import type { BzContactEditor } from './bz-contact-editor.js';
import { contactsStyles } from './contacts-styles.js';

/** Contacts offered at once in "Add to a contact"; the search box narrows a large book. */
const MAX_OFFERED = 50;

/**
 * CONTACTS-3: a correspondent from a message (name and address, or an SMS/fax number) —
 * "Save in contacts" opens a new contact prefilled with them; "Add to a contact" adds the
 * address to a contact the user picks.
 */
@customElement('bz-contact-from-mail')
@localized()
export class BzContactFromMail extends LitElement {
  static override styles = [
    baseStyles,
    contactsStyles,
    css`
      dialog {
        width: min(32rem, calc(100vw - 2rem));
      }
    `,
  ];

  @consume({ context: contactServiceContext, subscribe: true }) loader?: ContactServiceLoader;
  @consume({ context: noticeServiceContext }) notices?: NoticeService;
  @state() private who: MailAddress | null = null;
  @state() private service: ContactService | undefined;
  @state() private holders: Contact[] = [];
  @state() private all: Contact[] = [];
  @state() private picking = false;
  @state() private search = '';
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('bz-contact-editor') private editor!: BzContactEditor;

  async show(who: MailAddress): Promise<void> {
    this.who = who;
    this.picking = false;
    this.search = '';
    this.holders = [];
    try {
      this.service ??= await need(this.loader)();
      const [holders, all] = await Promise.all([
        this.service.findByAddress(who.address),
        this.service.listContacts(),
      ]);
      this.holders = holders;
      this.all = all.sort((a, b) => displayName(a).localeCompare(displayName(b)));
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not open the contacts', { id: 'contacts.openError' }),
        err,
      );
      return;
    }
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
  }

  private async saveNew(): Promise<void> {
    if (!this.who) return;
    this.dialog.close();
    const id = await this.editor.edit(contactFromCorrespondent(this.who));
    if (id) this.notices?.notify('info', msg('Saved in contacts.', { id: 'contacts.saved' }));
  }

  private async addTo(c: Contact): Promise<void> {
    const who = this.who;
    if (!who) return;
    try {
      await need(this.service).addToContact(c.id, who);
      this.dialog.close();
      this.notices?.notify(
        'info',
        msg(str`Added to ${displayName(c)}.`, { id: 'contacts.addedTo' }),
      );
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not save the contact', { id: 'contacts.saveError' }),
        err,
      );
    }
  }

  private renderPicker() {
    const q = foldKey(this.search.trim());
    const found = this.all.filter(
      (c) =>
        !q || foldKey(`${displayName(c)} ${c.emails.map((e) => e.address).join(' ')}`).includes(q),
    );
    return html`<input
        type="search"
        data-testid="pick-contact-search"
        .value=${this.search}
        aria-label=${msg('Search contacts', { id: 'contacts.search' })}
        placeholder=${msg('Search contacts', { id: 'contacts.search' })}
        @input=${(e: Event) => (this.search = (e.target as HTMLInputElement).value)}
      />
      <ul class="rows" aria-label=${msg('Contacts', { id: 'contacts.tool' })}>
        ${found.slice(0, MAX_OFFERED).map(
          (c) =>
            html`<li>
              <span class="who"
                ><bdi class="name">${displayName(c)}</bdi>
                <bdi class="address"
                  >${c.emails[0]?.address ?? c.phones[0]?.number ?? ''}</bdi
                ></span
              >
              <button
                data-testid="pick-contact"
                aria-label=${msg(str`Add to ${displayName(c)}`, { id: 'contacts.addToOne' })}
                @click=${() => void this.addTo(c)}
              >
                ${msg('Add here', { id: 'contacts.addHere' })}
              </button>
            </li>`,
        )}
      </ul>
      ${found.length === 0 ? html`<p class="muted">${msg('No contact matches.', { id: 'contacts.noMatch' })}</p>` : nothing}`;
  }

  override render() {
    const who = this.who;
    return html`<dialog aria-labelledby="h" data-testid="contact-from-mail">
        <h2 id="h">${msg('Keep this correspondent', { id: 'contacts.fromMailTitle' })}</h2>
        ${
          who
            ? html`<p>
                ${who.name && who.name !== who.address ? html`<bdi class="name">${who.name}</bdi> ` : nothing}&lt;<bdi>${who.address}</bdi>&gt;
              </p>`
            : nothing
        }
        ${
          this.holders.length
            ? html`<p class="muted" role="status">
                ${msg(str`Already in your contacts: ${this.holders.map(displayName).join(', ')}`, { id: 'contacts.already' })}
              </p>`
            : nothing
        }
        <div class="bar">
          <button
            class="primary"
            data-testid="save-in-contacts"
            @click=${() => void this.saveNew()}
          >
            ${msg('Save in contacts', { id: 'contacts.saveIn' })}
          </button>
          <button
            data-testid="add-to-contact"
            aria-expanded=${this.picking ? 'true' : 'false'}
            ?disabled=${this.all.length === 0}
            @click=${() => (this.picking = !this.picking)}
          >
            ${msg('Add to a contact', { id: 'contacts.addTo' })}
          </button>
        </div>
        ${this.picking ? this.renderPicker() : nothing}
        <div class="dialog-actions">
          <button @click=${() => this.dialog.close()}>
            ${msg('Close', { id: 'common.close' })}
          </button>
        </div>
      </dialog>
      <bz-contact-editor .service=${this.service} .notices=${this.notices}></bz-contact-editor>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-contact-from-mail': BzContactFromMail;
  }
}
