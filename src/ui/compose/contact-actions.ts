import { html } from 'lit';
import type { TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { ContactServiceLoader } from '../../state/contact-types.js';
import type { DraftAttachment } from '../../state/types.js';
import { icons } from '../shared/icons.js';
import { formatAddresses } from './recipients.js';
import type { RecipientField } from './recipients.js';

/** CONTACTS-2: the address-book button beside a recipient field. */
export function addressBookButton(
  name: RecipientField,
  label: string,
  pick: () => void,
): TemplateResult {
  const title = msg(str`Choose ${label} recipients from the address book`, {
    id: 'compose.pickRecipients',
  });
  return html`<button
    type="button"
    data-testid="compose-pick-${name}"
    aria-label=${title}
    title=${title}
    @click=${pick}
  >
    ${icons.contacts}
  </button>`;
}

/**
 * CONTACTS-2: the address-book picker for a field (loaded on use); resolves the field's
 * text with the chosen recipients added after what was typed, or null when none were.
 */
export async function pickIntoField(
  host: ShadowRoot,
  name: RecipientField,
  typed: string,
): Promise<string | null> {
  const { pickAddresses } = await import('../contacts/bz-address-picker.js');
  const picked = await pickAddresses(host, name);
  if (!picked || picked.addresses.length === 0) return null;
  const before = typed.trim().replace(/[,;]\s*$/, '');
  const added = formatAddresses(picked.addresses);
  return before ? `${before}, ${added}` : added;
}

/** SEND-14: the user's own card as a vCard attachment, or null when My card is empty. */
export async function myCardAttachment(
  contacts: ContactServiceLoader,
): Promise<DraftAttachment | null> {
  const card = await (await contacts()).myVcard();
  if (!card) return null;
  return {
    filename: card.filename,
    type: 'text/vcard',
    bytes: new TextEncoder().encode(card.text),
  };
}
