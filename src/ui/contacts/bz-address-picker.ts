import { LitElement, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import type { Contact, ContactList } from '../../contacts/model.js';
import { filterRows, pickRows } from '../../contacts/pick-rows.js';
import type { PickMode, PickRow } from '../../contacts/pick-rows.js';
import { foldKey } from '../../contacts/suggest.js';
import { contactServiceContext } from '../../state/context.js';
import type { ContactService, ContactServiceLoader } from '../../state/contact-types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { need } from '../shared/errors.js';
import { baseStyles } from '../shared/styles.js';
import { channelText, sharedListBadges } from './contact-text.js';
import { refreshSharedLists } from './shared-refresh.js';
import { addressPickerStyles, contactsStyles } from './contacts-styles.js';

export type RecipientField = 'to' | 'cc' | 'bcc';
export interface PickedAddress {
  name: string;
  address: string;
}
export interface PickedRecipients {
  addresses: PickedAddress[];
}

/** Rows drawn at once, as in the Contacts tool: the search box narrows a large book. */
const MAX_SHOWN = 200;

const why = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * CONTACTS-2: the address-book picker for To, Cc and Bcc. A modal dialog with a search box
 * (accents and case aside), the contacts with a checkbox per e-mail address — or, switched to
 * phone numbers, per mobile (as `number@SMS`) and fax number (as `number@FAX`) — and the
 * contact lists (a ticked list adds its members). Names and addresses are text only. Ticks
 * survive searching and switching. Self-contained: the composer imports it on first use,
 * puts it in its shadow root (the contact service comes through `contactServiceContext`)
 * and calls `pick()`; `pickAddresses()` does all three.
 */
@customElement('bz-address-picker')
@localized()
export class BzAddressPicker extends LitElement {
  static override styles = [baseStyles, contactsStyles, addressPickerStyles];

  @consume({ context: contactServiceContext, subscribe: true }) loader?: ContactServiceLoader;
  @state() private field: RecipientField = 'to';
  @state() private mode: PickMode = 'email';
  @state() private search = '';
  /** Ticked addresses by lower-case address, in the order they were ticked. */
  @state() private chosen = new Map<string, PickedAddress>();
  @state() private chosenLists = new Set<string>();
  @state() private error = '';
  @state() private busy = false;
  @query('dialog') private dialog!: HTMLDialogElement;
  private service: ContactService | undefined;
  private readonly contacts = new SubscribeController<Contact[]>(this);
  private readonly lists = new SubscribeController<ContactList[]>(this);
  /** The rows of the last contacts and mode drawn: rebuilt only when either changes. */
  private rows: { from: Contact[]; mode: PickMode; rows: PickRow[] } | undefined;
  private resolve: ((picked: PickedRecipients | null) => void) | undefined;

  /** Opens the picker for `field`; resolves the chosen recipients, or null on Cancel. */
  async pick(field: RecipientField): Promise<PickedRecipients | null> {
    if (this.resolve) this.finish(null);
    this.field = field;
    this.mode = 'email';
    this.search = '';
    this.error = '';
    this.chosen = new Map();
    this.chosenLists = new Set();
    const result = new Promise<PickedRecipients | null>((resolve) => (this.resolve = resolve));
    await this.updateComplete;
    this.dialog.showModal();
    try {
      this.service ??= await need(this.loader, 'contact service')();
      this.contacts.setSource(this.service.observeContacts());
      this.lists.setSource(this.service.observeLists());
      // CONTACTS-5: shared lists as the server has them now (the kept copies meanwhile).
      void refreshSharedLists(this.service);
    } catch (err) {
      this.error = msg(str`Could not open the contacts: ${why(err)}`, {
        id: 'contacts.pickOpenError',
      });
    }
    return result;
  }

  private finish(picked: PickedRecipients | null): void {
    const resolve = this.resolve;
    this.resolve = undefined;
    if (this.dialog.open) this.dialog.close();
    resolve?.(picked);
  }

  /** OK: the ticked addresses, then each ticked list's members; each address once. */
  private async accept(): Promise<void> {
    const picked = new Map(this.chosen);
    this.busy = true;
    try {
      for (const list of (this.lists.value ?? []).filter((l) => this.chosenLists.has(l.id))) {
        const { recipients } = await need(this.service).recipientsOf(list.id);
        for (const r of recipients) {
          const key = r.address.toLowerCase();
          if (!picked.has(key)) picked.set(key, { name: r.name, address: r.address });
        }
      }
      this.finish({ addresses: [...picked.values()] });
    } catch (err) {
      this.error = msg(str`Could not read the list: ${why(err)}`, { id: 'contacts.pickListError' });
    } finally {
      this.busy = false;
    }
  }

  private toggle(row: PickRow, on: boolean): void {
    if (!row.address) return;
    const chosen = new Map(this.chosen);
    const key = row.address.toLowerCase();
    if (on) chosen.set(key, { name: row.name, address: row.address });
    else chosen.delete(key);
    this.chosen = chosen;
  }

  private toggleList(id: string, on: boolean): void {
    const lists = new Set(this.chosenLists);
    if (on) lists.add(id);
    else lists.delete(id);
    this.chosenLists = lists;
  }

  private currentRows(): PickRow[] {
    const from = this.contacts.value ?? [];
    if (this.rows?.from !== from || this.rows.mode !== this.mode)
      this.rows = { from, mode: this.mode, rows: pickRows(from, this.mode) };
    return this.rows.rows;
  }

  private fieldName(): string {
    switch (this.field) {
      case 'to':
        return msg('To', { id: 'compose.to' });
      case 'cc':
        return msg('Cc', { id: 'compose.cc' });
      case 'bcc':
        return msg('Bcc', { id: 'compose.bcc' });
    }
  }

  private renderRow(row: PickRow) {
    const channel = row.via === 'email' ? '' : `${channelText(row.via)} · `;
    return html`<li data-testid="pick-row">
      <label>
        <input
          type="checkbox"
          data-testid="pick-address"
          .checked=${row.address !== null && this.chosen.has(row.address.toLowerCase())}
          ?disabled=${row.address === null}
          @change=${(e: Event) => this.toggle(row, (e.target as HTMLInputElement).checked)}
        />
        <span class="who">
          <bdi class="name" data-testid="pick-name">${row.name}</bdi>
          <span class="address"
            >${channel}<bdi data-testid="pick-shown">${row.shown}</bdi>${
              row.address === null
                ? html` —
                  ${msg('an SMS needs the number with its country code (+…)', { id: 'contacts.pickNeedsCountry' })}`
                : nothing
            }</span
          >
        </span>
      </label>
    </li>`;
  }

  private renderLists() {
    const q = foldKey(this.search.trim());
    const lists = (this.lists.value ?? []).filter((l) => !q || foldKey(l.name).includes(q));
    if (lists.length === 0) return nothing;
    return html`<h3 id="lists-h">${msg('Lists', { id: 'contacts.lists' })}</h3>
      <ul class="rows" aria-labelledby="lists-h">
        ${lists.map(
          (l) =>
            html`<li data-testid="pick-list-row">
              <label>
                <input
                  type="checkbox"
                  data-testid="pick-list"
                  .checked=${this.chosenLists.has(l.id)}
                  @change=${(e: Event) => this.toggleList(l.id, (e.target as HTMLInputElement).checked)}
                />
                <span class="who">
                  <bdi class="name" data-testid="pick-list-name">${l.name}</bdi>
                  <span class="address"
                    >${[msg(str`Members: ${l.members.length}`, { id: 'contacts.memberCount' }), ...sharedListBadges(l)].join(' · ')}</span
                  >
                </span>
              </label>
            </li>`,
        )}
      </ul>`;
  }

  private renderContacts() {
    if (this.contacts.value === undefined && !this.error)
      return html`<p class="muted">${msg('Loading…', { id: 'common.loading' })}</p>`;
    const found = filterRows(this.currentRows(), this.search);
    const shown = found.slice(0, MAX_SHOWN);
    const heading =
      this.mode === 'email'
        ? msg('E-mail addresses', { id: 'contacts.emails' })
        : msg('Phone numbers', { id: 'contacts.phones' });
    return html`<h3 id="rows-h">${heading}</h3>
      ${
        shown.length === 0
          ? html`<p class="muted" data-testid="pick-none">
              ${msg('No contact matches.', { id: 'contacts.noMatch' })}
            </p>`
          : html`<ul class="rows" aria-labelledby="rows-h">
              ${shown.map((r) => this.renderRow(r))}
            </ul>`
      }
      ${
        found.length > shown.length
          ? html`<p class="muted">
              ${msg(str`Showing ${shown.length} of ${found.length}: search to narrow.`, { id: 'contacts.more' })}
            </p>`
          : nothing
      }`;
  }

  private renderMode(mode: PickMode, label: string) {
    return html`<label>
      <input
        type="radio"
        name="mode"
        data-testid="pick-mode-${mode}"
        .checked=${this.mode === mode}
        @change=${() => (this.mode = mode)}
      />
      ${label}
    </label>`;
  }

  override render() {
    const count = this.chosen.size + this.chosenLists.size;
    return html`<dialog
      aria-labelledby="pick-h"
      data-testid="address-picker"
      @close=${() => {
        // Escape or a close from elsewhere; a close queued before a re-open is ignored.
        if (!this.dialog.open) this.finish(null);
      }}
    >
      <h2 id="pick-h">
        ${msg(str`Choose recipients: ${this.fieldName()}`, { id: 'contacts.pickTitle' })}
      </h2>
      <input
        type="search"
        data-testid="pick-search"
        aria-label=${msg('Search contacts', { id: 'contacts.search' })}
        placeholder=${msg('Search contacts', { id: 'contacts.search' })}
        .value=${this.search}
        @input=${(e: Event) => (this.search = (e.target as HTMLInputElement).value)}
      />
      <fieldset class="mode">
        <legend class="visually-hidden">${msg('Show', { id: 'contacts.pickShow' })}</legend>
        ${this.renderMode('email', msg('E-mail addresses', { id: 'contacts.emails' }))}
        ${this.renderMode('phone', msg('Phone numbers', { id: 'contacts.phones' }))}
      </fieldset>
      ${this.renderLists()} ${this.renderContacts()}
      <p class="error" role="alert">${this.error}</p>
      <div class="dialog-actions">
        <span class="muted" data-testid="pick-count"
          >${msg(str`Chosen: ${count}`, { id: 'contacts.pickCount' })}</span
        >
        <button data-testid="pick-cancel" @click=${() => this.finish(null)}>
          ${msg('Cancel', { id: 'common.cancel' })}
        </button>
        <button
          class="primary"
          data-testid="pick-ok"
          ?disabled=${this.busy}
          @click=${() => void this.accept()}
        >
          ${msg('OK', { id: 'common.ok' })}
        </button>
      </div>
    </dialog>`;
  }
}

/**
 * Puts a picker in `host` (the composer's shadow root, inside the app's context providers),
 * asks for recipients for `field`, and takes the picker away again.
 */
export async function pickAddresses(
  host: ShadowRoot | HTMLElement,
  field: RecipientField,
): Promise<PickedRecipients | null> {
  const picker = document.createElement('bz-address-picker');
  host.append(picker);
  try {
    return await picker.pick(field);
  } finally {
    picker.remove();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-address-picker': BzAddressPicker;
  }
}
