import type { DraftInput, MailAddress } from '../../state/types.js';

/** RFC 5322 `specials` (and the quote itself): a display name holding one must be quoted. */
const SPECIALS = /[()<>[\]:;@\\,."]/;

/**
 * One address as a user would type it, so that `parseRecipients` reads it back the same:
 * `Ana Pérez <ana@x.org>`, `"Pérez, Ana" <ana@x.org>`, or the bare address.
 */
export function formatAddress(a: MailAddress): string {
  const name = a.name.trim();
  if (!name) return a.address;
  const shown = SPECIALS.test(name) ? `"${name.replace(/["\\]/g, (c) => `\\${c}`)}"` : name;
  return `${shown} <${a.address}>`;
}

/** A field's text for a list of addresses (an undone draft going back into the form). */
export function formatAddresses(list: readonly MailAddress[]): string {
  return list.map(formatAddress).join(', ');
}

/** The composer's editable text, field by field. */
export interface ComposerFields {
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  text: string;
}

export const EMPTY_FIELDS: ComposerFields = { to: '', cc: '', bcc: '', subject: '', text: '' };

export function fieldsFromDraft(d: DraftInput): ComposerFields {
  return {
    to: formatAddresses(d.to),
    cc: formatAddresses(d.cc),
    bcc: formatAddresses(d.bcc),
    subject: d.subject,
    text: d.text,
  };
}

/** Whether the user typed anything worth asking about before throwing it away. */
export function hasContent(f: ComposerFields): boolean {
  return Object.values(f).some((v) => v.trim() !== '');
}

export type RecipientField = 'to' | 'cc' | 'bcc';
export const RECIPIENT_FIELDS: readonly RecipientField[] = ['to', 'cc', 'bcc'];
