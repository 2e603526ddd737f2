import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type {
  ContactEmail,
  ContactPhone,
  ImportedContact,
  PersonalData,
  PhoneKind,
} from '../../contacts/model.js';
import { blankContact, isEmptyContact } from '../../contacts/model.js';
import type { ContactService } from '../../state/contact-types.js';
import type { NoticeService } from '../../state/types.js';
import { need, reportError } from '../shared/errors.js';
import { baseStyles } from '../shared/styles.js';
import { PHONE_KINDS, phoneKindText } from './contact-text.js';
import { contactsStyles } from './contacts-styles.js';

/** A contact as the editor holds it: a new one has no id yet. */
export type EditableContact = ImportedContact & { id?: string };

/** The text fields edited in place, each with its test id. */
type TextKey = 'firstName' | 'lastName' | 'organization' | 'title';

/** Enough to catch a typo (no @, a space); the server has the last word on delivery. */
const EMAIL_SHAPE = /^[^\s@<>]+@[^\s@<>]+$/;

/**
 * Adds or edits one contact (CONTACTS-3, CONTACTS-4's members come from here): first and
 * last name, organization, job title, e-mail addresses, phone numbers with their kind, notes.
 * Other fields a card may carry (postal addresses, birthday…) are kept as they were.
 * SEND-14: `editMyCard` edits the user's own card the same way, without notes (never sent).
 */
@customElement('bz-contact-editor')
@localized()
export class BzContactEditor extends LitElement {
  static override styles = [
    baseStyles,
    contactsStyles,
    css`
      dialog {
        width: min(34rem, calc(100vw - 2rem));
      }
      .row {
        display: flex;
        gap: 0.3rem;
        align-items: center;
      }
      .row input {
        flex: 1;
        min-width: 0;
      }
      .notes {
        margin-top: 0.6rem;
      }
      .names {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 0.5rem;
      }
    `,
  ];

  @property({ attribute: false }) service?: ContactService;
  @property({ attribute: false }) notices?: NoticeService;
  @state() private draft: EditableContact | null = null;
  @state() private error = '';
  /** SEND-14: the user's own card is being edited (no notes; saved with setMyCard). */
  @state() private mine = false;
  @query('dialog') private dialog!: HTMLDialogElement;
  private resolve: ((id: string | null) => void) | undefined;

  /** SEND-14: opens the form on the user's own card; resolves 'saved', or null if cancelled. */
  editMyCard(card: PersonalData | null): Promise<string | null> {
    // setMyCard keeps only the personal fields: the blank notes and tags never reach it.
    return this.open({ ...blankContact(), ...card }, true);
  }

  /** Opens the form on `contact`; resolves the saved contact's id, or null if cancelled. */
  edit(contact: EditableContact): Promise<string | null> {
    return this.open(contact, false);
  }

  private async open(contact: EditableContact, mine: boolean): Promise<string | null> {
    this.resolve?.(null);
    this.mine = mine;
    this.draft = {
      ...contact,
      emails: contact.emails.map((e) => ({ ...e })),
      phones: contact.phones.map((p) => ({ ...p })),
    };
    this.error = '';
    await this.updateComplete;
    this.dialog.showModal();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  private finish(id: string | null): void {
    const resolve = this.resolve;
    this.resolve = undefined;
    if (this.dialog.open) this.dialog.close();
    resolve?.(id);
  }

  private change(patch: Partial<EditableContact>): void {
    if (this.draft) this.draft = { ...this.draft, ...patch };
  }

  private setEmail(i: number, patch: Partial<ContactEmail>): void {
    const emails = [...(this.draft?.emails ?? [])];
    const old = emails[i];
    if (old) emails[i] = { ...old, ...patch };
    this.change({ emails });
  }

  private setPhone(i: number, patch: Partial<ContactPhone>): void {
    const phones = [...(this.draft?.phones ?? [])];
    const old = phones[i];
    if (old) phones[i] = { ...old, ...patch };
    this.change({ phones });
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const d = this.draft;
    if (!d) return;
    const clean: EditableContact = {
      ...d,
      firstName: d.firstName.trim(),
      lastName: d.lastName.trim(),
      organization: d.organization.trim(),
      title: d.title.trim(),
      emails: d.emails.map((m) => ({ ...m, address: m.address.trim() })).filter((m) => m.address),
      phones: d.phones.map((p) => ({ ...p, number: p.number.trim() })).filter((p) => p.number),
    };
    const bad = clean.emails.find((m) => !EMAIL_SHAPE.test(m.address));
    if (bad) {
      this.error = msg(str`This is not an e-mail address: ${bad.address}`, {
        id: 'contacts.badEmail',
      });
      return;
    }
    if (isEmptyContact(clean)) {
      this.error = msg('Give a name, an e-mail address or a phone number.', {
        id: 'contacts.emptyCard',
      });
      return;
    }
    try {
      const service = need(this.service);
      if (this.mine) {
        await service.setMyCard({ ...clean, updatedAt: 0 });
        this.finish('saved');
      } else this.finish(await service.putContact(clean));
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not save the contact', { id: 'contacts.saveError' }),
        err,
      );
    }
  }

  private renderEmails(d: EditableContact) {
    const label = msg('E-mail address', { id: 'contacts.email' });
    return html`<fieldset>
      <legend>${msg('E-mail addresses', { id: 'contacts.emails' })}</legend>
      ${d.emails.map(
        (m, i) =>
          html`<div class="row">
            <input
              type="email"
              aria-label=${label}
              data-testid="contact-email"
              .value=${m.address}
              @input=${(e: Event) => this.setEmail(i, { address: (e.target as HTMLInputElement).value })}
            />
            <button
              type="button"
              class="danger"
              @click=${() => this.change({ emails: d.emails.filter((_, j) => j !== i) })}
            >
              ${msg('Remove', { id: 'contacts.remove' })}
            </button>
          </div>`,
      )}
      <div>
        <button
          type="button"
          data-testid="contact-add-email"
          @click=${() => this.change({ emails: [...d.emails, { address: '', label: 'home' }] })}
        >
          ${msg('Add an address', { id: 'contacts.addEmail' })}
        </button>
      </div>
    </fieldset>`;
  }

  private renderPhones(d: EditableContact) {
    const label = msg('Phone number', { id: 'contacts.phone' });
    const kindLabel = msg('Kind of number', { id: 'contacts.phoneKind' });
    return html`<fieldset>
      <legend>${msg('Phone numbers', { id: 'contacts.phones' })}</legend>
      ${d.phones.map(
        (p, i) =>
          html`<div class="row">
            <input
              type="tel"
              aria-label=${label}
              data-testid="contact-phone"
              .value=${p.number}
              @input=${(e: Event) => this.setPhone(i, { number: (e.target as HTMLInputElement).value })}
            />
            <select
              aria-label=${kindLabel}
              data-testid="contact-phone-kind"
              @change=${(e: Event) => this.setPhone(i, { kind: (e.target as HTMLSelectElement).value as PhoneKind })}
            >
              ${PHONE_KINDS.map((k) => html`<option value=${k} ?selected=${p.kind === k}>${phoneKindText(k)}</option>`)}
            </select>
            <button
              type="button"
              class="danger"
              @click=${() => this.change({ phones: d.phones.filter((_, j) => j !== i) })}
            >
              ${msg('Remove', { id: 'contacts.remove' })}
            </button>
          </div>`,
      )}
      <div>
        <button
          type="button"
          data-testid="contact-add-phone"
          @click=${() => this.change({ phones: [...d.phones, { number: '', kind: 'mobile' }] })}
        >
          ${msg('Add a number', { id: 'contacts.addPhone' })}
        </button>
      </div>
    </fieldset>`;
  }

  private textField(d: EditableContact, key: TextKey, label: string, testId: string) {
    return html`<label class="field"
      >${label}
      <input
        data-testid=${testId}
        .value=${d[key]}
        @input=${(e: Event) => this.change({ [key]: (e.target as HTMLInputElement).value })}
      />
    </label>`;
  }

  private renderNotes(d: EditableContact) {
    // SEND-14: the user's own card has no notes: comments are never part of a sent card.
    if (this.mine) return nothing;
    return html`<label class="field notes"
      >${msg('Notes', { id: 'contacts.notes' })}
      <textarea
        rows="3"
        data-testid="contact-notes"
        .value=${d.notes}
        @input=${(e: Event) => this.change({ notes: (e.target as HTMLTextAreaElement).value })}
      ></textarea>
    </label>`;
  }

  override render() {
    const d = this.draft;
    const heading = this.mine
      ? msg('My card', { id: 'contacts.myCard' })
      : d?.id
        ? msg('Edit contact', { id: 'contacts.editTitle' })
        : msg('New contact', { id: 'contacts.newTitle' });
    return html`<dialog aria-labelledby="h" @close=${() => this.finish(null)}>
      <h2 id="h">${heading}</h2>
      ${
        d
          ? html`<form @submit=${this.save}>
              <div class="names">
                ${this.textField(d, 'firstName', msg('First name', { id: 'contacts.firstName' }), 'contact-first')}
                ${this.textField(d, 'lastName', msg('Last name', { id: 'contacts.lastName' }), 'contact-last')}
                ${this.textField(d, 'organization', msg('Organization', { id: 'contacts.organization' }), 'contact-org')}
                ${this.textField(d, 'title', msg('Job title', { id: 'contacts.jobTitle' }), 'contact-title')}
              </div>
              ${this.renderEmails(d)} ${this.renderPhones(d)} ${this.renderNotes(d)}
              <p class="error" role="alert">${this.error}</p>
              <div class="dialog-actions">
                <button type="button" @click=${() => this.finish(null)}>
                  ${msg('Cancel', { id: 'common.cancel' })}
                </button>
                <button type="submit" class="primary" data-testid="contact-save">
                  ${msg('Save', { id: 'contacts.save' })}
                </button>
              </div>
            </form>`
          : ''
      }
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-contact-editor': BzContactEditor;
  }
}
