// CONTACTS-2: the rows of the address-book picker. Pure: one row per e-mail address, or per
// phone number that can take a message (a mobile as SMS, a fax number as fax), each with the
// folded text the search box matches, so the element only renders and ticks.
import type { Contact } from './model.js';
import { displayName, phoneRecipient } from './model.js';
import { foldKey } from './suggest.js';

/** What the picker lists: e-mail addresses, or phone numbers as SMS / fax recipients. */
export type PickMode = 'email' | 'phone';

export interface PickRow {
  /** Unique among the rows of one mode: the contact and the address or number. */
  key: string;
  contactId: string;
  name: string;
  /** What is sent to (`ana@example.org`, `32475123456@SMS`); null when it cannot be one. */
  address: string | null;
  /** As shown: the address, or the number as the user typed it. */
  shown: string;
  via: 'email' | 'sms' | 'fax';
  /** Folded name, organization and address or number, for the search box. */
  search: string;
}

function searchable(c: Contact, name: string, shown: string, address: string | null): string {
  return foldKey([name, c.firstName, c.lastName, c.organization, shown, address ?? ''].join('\n'));
}

/**
 * The rows for `contacts` (already sorted by name) in `mode`. Only mobile numbers are SMS
 * recipients (a landline cannot take a text) and only fax numbers are fax recipients; a
 * mobile without its country code gets a row with a null address, so the user sees why it
 * cannot be chosen rather than missing it.
 */
export function pickRows(contacts: readonly Contact[], mode: PickMode): PickRow[] {
  const rows: PickRow[] = [];
  for (const c of contacts) {
    const name = displayName(c);
    if (mode === 'email') {
      for (const e of c.emails) {
        const address = e.address.trim();
        if (!address) continue;
        const search = searchable(c, name, address, address);
        rows.push({
          key: `${c.id}\n${address}`,
          contactId: c.id,
          name,
          address,
          shown: address,
          via: 'email',
          search,
        });
      }
      continue;
    }
    for (const p of c.phones) {
      if (p.kind !== 'mobile' && p.kind !== 'fax') continue;
      const via = p.kind === 'fax' ? 'fax' : 'sms';
      const address = phoneRecipient(p.number, via);
      const search = searchable(c, name, p.number, address);
      rows.push({
        key: `${c.id}\n${via}\n${p.number}`,
        contactId: c.id,
        name,
        address,
        shown: p.number,
        via,
        search,
      });
    }
  }
  return rows;
}

/** The rows whose folded text holds what was typed (accents and case aside); all for ''. */
export function filterRows<T extends { search: string }>(rows: readonly T[], typed: string): T[] {
  const q = foldKey(typed.trim());
  return q ? rows.filter((r) => r.search.includes(q)) : [...rows];
}
