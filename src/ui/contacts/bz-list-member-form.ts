import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import type { Contact, MemberChannel } from '../../contacts/model.js';
import { displayName, isFaxAddress, isSmsAddress, phoneRecipient } from '../../contacts/model.js';
import { BzListMemberEvent } from '../events/bz-list-member.js';
import { baseStyles } from '../shared/styles.js';
import { channelText } from './contact-text.js';
import { contactsStyles } from './contacts-styles.js';

/** Enough to catch a typo (no @, a space); the server has the last word on delivery. */
const EMAIL_SHAPE = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** One way to reach a contact: a channel and the address or number it uses. */
interface Reach {
  via: MemberChannel;
  value: string;
}

/** E-mail for each address; SMS for each number that can take one; fax for fax numbers. */
export function reachesOf(c: Contact): Reach[] {
  const out: Reach[] = c.emails.map((e) => ({ via: 'email' as const, value: e.address }));
  for (const p of c.phones) {
    if (p.kind === 'fax') {
      if (phoneRecipient(p.number, 'fax')) out.push({ via: 'fax', value: p.number });
    } else if (phoneRecipient(p.number, 'sms')) out.push({ via: 'sms', value: p.number });
  }
  return out;
}

/** A typed member is valid as `number@SMS`, `number@FAX` or an e-mail address. */
export function typedAddressOk(address: string): boolean {
  if (/@sms$/i.test(address)) return isSmsAddress(address);
  if (/@fax$/i.test(address)) return isFaxAddress(address);
  return EMAIL_SHAPE.test(address);
}

/**
 * CONTACTS-4: adds a member to a list — a contact through the e-mail address, SMS number or
 * fax number the user picks, or a typed address or `number@SMS` / `number@FAX`.
 *
 * @fires bz-list-member - a member was chosen
 */
@customElement('bz-list-member-form')
@localized()
export class BzListMemberForm extends LitElement {
  static override styles = [baseStyles, contactsStyles];

  @property({ attribute: false }) contacts: Contact[] = [];
  @state() private contactId = '';
  @state() private reach = 0;
  @state() private error = '';

  private reachable(): Contact[] {
    return this.contacts.filter((c) => reachesOf(c).length > 0);
  }

  private addContact(e: Event): void {
    e.preventDefault();
    const contact = this.reachable().find((c) => c.id === this.contactId) ?? this.reachable()[0];
    const r = contact ? reachesOf(contact)[this.reach] : undefined;
    if (!contact || !r) return;
    this.dispatchEvent(
      new BzListMemberEvent({ kind: 'contact', contactId: contact.id, via: r.via, value: r.value }),
    );
  }

  private addTyped(e: SubmitEvent): void {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    // `number@sms` is written as the gateway expects it: `number@SMS`.
    const address = String(data.get('address') ?? '')
      .trim()
      .replace(/@(sms|fax)$/i, (m) => m.toUpperCase());
    if (!typedAddressOk(address)) {
      this.error = msg('Give an e-mail address, or a number as 32475123456@SMS or 322123456@FAX.', {
        id: 'contacts.badMember',
      });
      return;
    }
    this.error = '';
    form.reset();
    this.dispatchEvent(new BzListMemberEvent({ kind: 'address', address, name }));
  }

  override render() {
    const people = this.reachable();
    const chosen = people.find((c) => c.id === this.contactId) ?? people[0];
    const reaches = chosen ? reachesOf(chosen) : [];
    return html`<fieldset>
      <legend>${msg('Add a member', { id: 'contacts.addMember' })}</legend>
      <form class="bar" @submit=${this.addContact}>
        <select
          class="grow"
          data-testid="member-contact"
          aria-label=${msg('Contact', { id: 'contacts.contact' })}
          ?disabled=${people.length === 0}
          @change=${(e: Event) => {
            this.contactId = (e.target as HTMLSelectElement).value;
            this.reach = 0;
          }}
        >
          ${people.map((c) => html`<option value=${c.id} ?selected=${c.id === chosen?.id}>${displayName(c)}</option>`)}
        </select>
        <select
          data-testid="member-channel"
          aria-label=${msg('Address or number', { id: 'contacts.reach' })}
          ?disabled=${reaches.length === 0}
          @change=${(e: Event) => (this.reach = Number((e.target as HTMLSelectElement).value))}
        >
          ${reaches.map((r, i) => html`<option value=${i} ?selected=${i === this.reach}>${channelText(r.via)} · ${r.value}</option>`)}
        </select>
        <button type="submit" data-testid="member-add-contact" ?disabled=${reaches.length === 0}>
          ${msg('Add', { id: 'contacts.add' })}
        </button>
      </form>
      <form class="bar" @submit=${this.addTyped}>
        <input
          name="name"
          data-testid="member-name"
          aria-label=${msg('Name (optional)', { id: 'contacts.memberName' })}
          placeholder=${msg('Name (optional)', { id: 'contacts.memberName' })}
        />
        <input
          name="address"
          class="grow"
          data-testid="member-address"
          required
          aria-label=${msg('E-mail address, or number@SMS / number@FAX', { id: 'contacts.memberAddress' })}
          placeholder="ana@example.org · 32475123456@SMS · 322123456@FAX"
        />
        <button type="submit" data-testid="member-add-typed">
          ${msg('Add', { id: 'contacts.add' })}
        </button>
      </form>
      <p class="error" role="alert">${this.error}</p>
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-list-member-form': BzListMemberForm;
  }
}
