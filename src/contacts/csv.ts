// Contacts as CSV (CONTACTS-6) and a list as CSV (CONTACTS-4), RFC 4180 through papaparse.
// Buzón writes Google Contacts' column names (so Google, and Buzón, read the file back) and
// reads Google's exports (current "… - Label" and older "… - Type" layouts) and Outlook's.
// Columns read (header names, case-insensitive):
//   names    First Name | Given Name, Middle Name | Additional Name, Last Name | Family Name,
//            Name (only when no parts), Organization Name | Organization 1 - Name | Company,
//            Organization Title | Organization 1 - Title | Job Title  (Outlook "Title" is Mr./Ms.)
//   dates    Birthday: YYYY-MM-DD, --MM-DD, or Outlook's M/D/YYYY ("0/0/00" = none)
//   text     Notes; Labels | Group Membership (" ::: " separated, "* myContacts" dropped);
//            Categories (Outlook, ";" separated)
//   Google   E-mail N - Label|Type|Value, Phone N - Label|Type|Value, Website N - Value,
//            Address N - Label|Type|Street|Extended Address|PO Box|City|Region|Postal Code|Country
//            (a cell may hold several values joined by " ::: ")
//   Outlook  E-mail Address, E-mail 2 Address, E-mail 3 Address; Mobile Phone, Home Phone(2),
//            Business Phone(2), Company Main Phone, Other/Primary/Car Phone, Pager,
//            Business/Home/Other Fax; Home|Business|Other Street(2,3)|City|State|Postal Code|
//            Country/Region|PO Box; Web Page, Personal Web Page
// Input is text: decoding (Outlook may write Windows-1252) is the caller's. Loaded lazily.
import Papa from 'papaparse';
import type { Contact, ContactImport, ContactList, ImportedContact, PhoneKind } from './model.js';
import { blankContact, isEmptyContact, normaliseBirthday, resolveMember } from './model.js';

/** A Google export of 10,000 contacts is a few MB; more is not an address book. */
export const MAX_CSV_INPUT_CHARS = 16 * 1024 * 1024;
/** Same bound as for vCard: twice the 10,000-contact book the issue benchmarks. */
export const MAX_CSV_ROWS = 20_000;
/** Google joins several values of one label in one cell with this separator. */
const MULTI = ' ::: ';
const CRLF = '\r\n';

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab/CR before one) as a formula, so an
 * exported name like `=HYPERLINK(...)` could act when the user opens the file (OWASP "CSV
 * injection"). Such cells get a leading apostrophe, which makes them text. A pure phone number
 * ("+34 600 11 22 33") is left alone: without letters it cannot call a function, and the
 * apostrophe would corrupt it for every program that is not a spreadsheet.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PHONE_SHAPED = /^\+[\d ()./-]+$/;

function guard(value: string): string {
  return FORMULA_START.test(value) && !PHONE_SHAPED.test(value) ? `'${value}` : value;
}

/** Undoes `guard` on import, so Buzón → CSV → Buzón keeps `-Ana-` as typed. */
function unguard(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value.trim();
}

function toCsv(header: string[], rows: string[][]): string {
  const data = rows.map((row) => row.map(guard));
  return Papa.unparse({ fields: header, data }, { newline: CRLF, escapeFormulae: false }) + CRLF;
}

const EMAIL_LABEL = { home: 'Home', work: 'Work', other: 'Other' } as const;
const PHONE_LABEL = { mobile: 'Mobile', home: 'Home', work: 'Work', fax: 'Fax', other: 'Other' };
const ADDRESS_PARTS = ['Street', 'City', 'Region', 'Postal Code', 'Country'] as const;

const REPEATED = ['emails', 'phones', 'addresses', 'urls'] as const;

/** CONTACTS-6: the address book as CSV, in Google Contacts' layout, one row per contact. */
export function contactsToCsv(contacts: Contact[]): string {
  // As many numbered columns as the contact with the most values needs, at least one.
  const [emails, phones, addresses, urls] = REPEATED.map((k) =>
    Math.max(1, ...contacts.map((c) => c[k].length)),
  );
  const numbered = (n: number, name: string, parts: readonly string[]): string[] =>
    Array.from({ length: n }, (_, i) => parts.map((p) => `${name} ${i + 1} - ${p}`)).flat();
  const header = [
    ...'First Name,Last Name,Organization Name,Organization Title,Birthday,Notes,Labels'.split(','),
    ...numbered(emails, 'E-mail', ['Label', 'Value']),
    ...numbered(phones, 'Phone', ['Label', 'Value']),
    ...numbered(addresses, 'Address', ['Label', ...ADDRESS_PARTS]),
    ...numbered(urls, 'Website', ['Label', 'Value']),
  ];
  const pad = <T>(items: T[], n: number, cells: (item: T | undefined) => string[]): string[] =>
    Array.from({ length: n }, (_, i) => cells(items[i])).flat();
  const rows = contacts.map((c) => [
    c.firstName,
    c.lastName,
    c.organization,
    c.title,
    c.birthday ?? '',
    c.notes,
    c.tags.join(MULTI),
    ...pad(c.emails, emails, (e) => (e ? [EMAIL_LABEL[e.label], e.address] : ['', ''])),
    ...pad(c.phones, phones, (p) => (p ? [PHONE_LABEL[p.kind], p.number] : ['', ''])),
    ...pad(c.addresses, addresses, (a) =>
      a
        ? [EMAIL_LABEL[a.kind], a.street, a.locality, a.region, a.postalCode, a.country]
        : ['', '', '', '', '', ''],
    ),
    ...pad(c.urls, urls, (u) => (u ? ['', u] : ['', ''])),
  ]);
  return toCsv(header, rows);
}

/** CONTACTS-4: a list as CSV, one row per member; members that no longer resolve are left out. */
export function listToCsv(list: ContactList, contacts: Contact[]): string {
  const byId = new Map(contacts.map((c) => [c.id, c]));
  const rows = list.members.flatMap((m) => {
    const r = resolveMember(m, byId);
    return r ? [[r.name, r.address, r.number, r.via]] : [];
  });
  return toCsv(['Name', 'Address', 'Phone', 'Kind'], rows);
}

// ---- reading ----

/** Header aliases per field, `|`-separated, lower case (see the table at the top). */
const SIMPLE = {
  first: 'first name|given name',
  middle: 'middle name|additional name',
  last: 'last name|family name',
  full: 'name',
  org: 'organization name|organization 1 - name|company',
  title: 'organization title|organization 1 - title|job title',
  birthday: 'birthday',
  notes: 'notes',
  labels: 'labels|group membership',
  categories: 'categories',
  url: 'web page|personal web page',
} as const;
const OUTLOOK_PHONES = {
  mobile: 'mobile phone',
  home: 'home phone|home phone 2',
  work: 'business phone|business phone 2|company main phone',
  other: 'other phone|primary phone|car phone|pager',
  fax: 'business fax|home fax|other fax',
} as const;
const ADDRESS_PARTS_READ = {
  label: 'label|type',
  street: 'street',
  extra: 'street 2|street 3|extended address|po box',
  locality: 'city',
  region: 'region|state',
  postalCode: 'postal code',
  country: 'country|country/region',
} as const;

type Simple = keyof typeof SIMPLE;
type AddressPart = keyof typeof ADDRESS_PARTS_READ;
type Column =
  | { field: Simple }
  | { field: 'email' | 'phone'; slot: string; part: 'label' | 'value'; fixed?: string }
  | { field: 'address'; slot: string; part: AddressPart; fixed?: string };

/** The field whose aliases include `header`, if any. */
function lookup<K extends string>(table: Record<K, string>, header: string): K | undefined {
  return (Object.keys(table) as K[]).find((k) => table[k].split('|').includes(header));
}

function column(raw: string): Column | null {
  const h = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  const simple = lookup(SIMPLE, h);
  if (simple) return { field: simple };
  const google = /^(e-mail|phone|address|website) (\d+) - (.+)$/.exec(h);
  if (google) {
    const [, kind, slot = '', part = ''] = google;
    if (kind === 'website') return part === 'value' ? { field: 'url' } : null;
    if (kind === 'address') {
      const p = lookup(ADDRESS_PARTS_READ, part);
      return p ? { field: 'address', slot, part: p } : null;
    }
    const p = part === 'value' ? 'value' : part === 'label' || part === 'type' ? 'label' : null;
    return p ? { field: kind === 'phone' ? 'phone' : 'email', slot, part: p } : null;
  }
  if (/^e-mail( \d)? address$/.test(h))
    return { field: 'email', slot: h, part: 'value', fixed: 'other' };
  const phone = lookup(OUTLOOK_PHONES, h);
  if (phone) return { field: 'phone', slot: h, part: 'value', fixed: phone };
  const [, group = '', rest = ''] = /^(home|business|other) (.+)$/.exec(h) ?? [];
  const p = lookup(ADDRESS_PARTS_READ, rest);
  const fixed = group === 'business' ? 'work' : group;
  if (p && p !== 'label') return { field: 'address', slot: group, part: p, fixed };
  return null;
}

function place(label: string): 'home' | 'work' | 'other' {
  const l = label.toLowerCase();
  if (l.includes('home')) return 'home';
  return /work|business/.test(l) ? 'work' : 'other';
}

function phoneKind(label: string): PhoneKind {
  const l = label.toLowerCase();
  return l.includes('fax') ? 'fax' : /mobile|cell/.test(l) ? 'mobile' : place(l);
}

/** Outlook writes US month/day/year; "0/0/00" means no birthday. */
function birthday(value: string): string | null {
  const [, month = '', day = '', year] = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value) ?? [];
  if (year === undefined) return normaliseBirthday(value);
  return normaliseBirthday(`${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`);
}

function splitMulti(value: string): string[] {
  return value
    .split(MULTI)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

const PLACE_PARTS = ['locality', 'region', 'postalCode', 'country'] as const;
const SCALAR = {
  first: 'firstName',
  last: 'lastName',
  org: 'organization',
  title: 'title',
  notes: 'notes',
} as const;

function toContact(columns: (Column | null)[], row: string[]): ImportedContact {
  const c = blankContact();
  let middle = '';
  let full = '';
  const slots = new Map<string, Map<string, string>>();
  columns.forEach((col, i) => {
    const value = unguard(row[i] ?? '');
    if (!col || value === '') return;
    if (col.field === 'email' || col.field === 'phone' || col.field === 'address') {
      const key = `${col.field}:${col.slot}`;
      const slot = slots.get(key) ?? new Map<string, string>([['label', col.fixed ?? '']]);
      slots.set(key, slot);
      const previous = slot.get(col.part);
      slot.set(col.part, col.part === 'extra' && previous ? `${previous}\n${value}` : value);
      return;
    }
    if (col.field === 'url') c.urls.push(...splitMulti(value));
    else if (col.field === 'labels')
      c.tags.push(...splitMulti(value).filter((t) => !t.startsWith('* ')));
    else if (col.field === 'categories') c.tags.push(...value.split(';').map((t) => t.trim()));
    else if (col.field === 'birthday') c.birthday = birthday(value);
    else if (col.field === 'middle') middle = value;
    else if (col.field === 'full') full = value;
    else {
      // Google's old layout repeats Organization 1 - …; the first value of a field wins.
      const key = SCALAR[col.field];
      c[key] ||= value;
    }
  });
  if (middle) c.firstName = `${c.firstName} ${middle}`.trim();
  if (!c.firstName && !c.lastName) c.firstName = full;
  for (const [key, slot] of slots) {
    const label = slot.get('label') ?? '';
    if (key.startsWith('email:')) {
      for (const address of splitMulti(slot.get('value') ?? ''))
        c.emails.push({ address, label: place(label) });
    } else if (key.startsWith('phone:')) {
      for (const number of splitMulti(slot.get('value') ?? ''))
        c.phones.push({ number, kind: phoneKind(label) });
    } else {
      const pick = (part: AddressPart): string => slot.get(part) ?? '';
      const street = [pick('street'), pick('extra')].filter(Boolean).join('\n');
      const [locality, region, postalCode, country] = PLACE_PARTS.map(pick);
      if ([street, locality, region, postalCode, country].some(Boolean)) {
        c.addresses.push({ street, locality, region, postalCode, country, kind: place(label) });
      }
    }
  }
  c.tags = [...new Set(c.tags)].filter(Boolean);
  return c;
}

/** CONTACTS-6: reads Google, Outlook and Buzón CSV exports; bad rows are skipped with why. */
export function csvToContacts(input: string): ContactImport {
  const result: ContactImport = { contacts: [], skipped: [] };
  if (input.length > MAX_CSV_INPUT_CHARS) {
    result.skipped.push({ index: 0, reason: 'input-too-large' });
    return result;
  }
  // One row past the cap is read only to know that the file had more.
  // Blank lines stay (papaparse numbers errors by all rows); Spanish Excel writes ';'.
  const parsed = Papa.parse<string[]>(input.replace(/^\uFEFF/, ''), {
    delimitersToGuess: [',', ';', '\t'],
    preview: MAX_CSV_ROWS + 2,
  });
  const [header = [], ...rows] = parsed.data;
  const columns = header.map(column);
  if (!columns.some((col) => col !== null)) {
    result.skipped.push({ index: 0, reason: 'unrecognised-header' });
    return result;
  }
  const broken = new Map(parsed.errors.map((e) => [(e.row ?? 0) - 1, e.message]));
  for (const [index, row] of rows.entries()) {
    if (row.every((cell) => cell.trim() === '')) continue;
    if (index >= MAX_CSV_ROWS) {
      result.skipped.push({ index, reason: 'too-many-records' });
      break;
    }
    const error = broken.get(index);
    const contact = error === undefined ? toContact(columns, row) : null;
    if (!contact) result.skipped.push({ index, reason: 'malformed', detail: error });
    else if (isEmptyContact(contact)) result.skipped.push({ index, reason: 'empty' });
    else result.contacts.push(contact);
  }
  return result;
}
