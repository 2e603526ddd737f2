// vCard for contacts (CONTACTS-6) and the user's own card (SEND-14). Writes RFC 6350 vCard 4.0;
// reads 4.0, 3.0 (Apple, Google) and, best effort, 2.1 (Outlook), several cards per file.
// ical.js does the escaping and value parsing; this module splits files into cards (so one
// broken card costs only itself), bounds the work for hostile files, and folds lines to
// RFC 6350 §3.2 (ical.js lets a continuation line reach 76 octets). Loaded lazily by the app.
import { CRLF, foldLine } from './vcard-fold.js';
import ICAL from 'ical.js';
import type { Contact, ContactImport, ImportedContact, PersonalData } from './model.js';
import { blankContact, displayName, isEmptyContact, normaliseBirthday } from './model.js';

export type VcardImport = ContactImport;

/** Apple's export of a large book with photos is tens of MB; past this a file is not a book. */
export const MAX_VCARD_INPUT_CHARS = 32 * 1024 * 1024;
/** Twice the 10,000-contact book the issue benchmarks: room for real books, a bound for floods. */
export const MAX_VCARDS = 20_000;
/** A card without its photo is a few hundred bytes; one this big is an attack, not a person. */
export const MAX_VCARD_CHARS = 64 * 1024;
/** The charsets vCard 2.1 exports use; another label would be a guess, so UTF-8 is assumed. */
const QP_CHARSETS = new Set(['utf-8', 'us-ascii', 'iso-8859-1', 'iso-8859-15', 'windows-1252']);
/** Binary properties the address book does not keep; dropped before parsing to save the work. */
const BINARY_PROPERTIES = new Set(['PHOTO', 'LOGO', 'SOUND', 'KEY']);

type Params = Record<string, string | string[]>;
type JProp = [string, Params, string, ...unknown[]];

const TEL_TYPE = {
  mobile: 'cell',
  home: 'home',
  work: 'work',
  fax: 'fax',
  other: 'voice',
} as const;

/** TYPE for a label; 'other' has no RFC 6350 TYPE value, so it goes without one. */
function typed(label: string): Params {
  return label === 'other' ? {} : { type: label };
}

/** `extra` brings what only a full contact has: the id (UID), notes (NOTE), tags (CATEGORIES). */
function cardProperties(p: PersonalData, extra: Partial<Contact>): JProp[] {
  const props: JProp[] = [['version', {}, 'text', '4.0']];
  // A UID lets another address book match a re-import; ids are ours, not URIs, hence text.
  if (extra.id) props.push(['uid', {}, 'text', extra.id]);
  props.push(['fn', {}, 'text', displayName(p)]);
  props.push(['n', {}, 'text', [p.lastName, p.firstName, '', '', '']]);
  if (p.organization) props.push(['org', {}, 'text', [p.organization]]);
  if (p.title) props.push(['title', {}, 'text', p.title]);
  for (const e of p.emails) props.push(['email', typed(e.label), 'text', e.address]);
  // Numbers stay as typed (text, not a tel: URI) so fax and SMS digits reach the peer intact.
  for (const t of p.phones) props.push(['tel', { type: TEL_TYPE[t.kind] }, 'text', t.number]);
  for (const a of p.addresses) {
    const value = ['', '', a.street, a.locality, a.region, a.postalCode, a.country];
    props.push(['adr', typed(a.kind), 'text', value]);
  }
  const birthday = p.birthday === null ? null : normaliseBirthday(p.birthday);
  if (birthday) props.push(['bday', {}, 'date-and-or-time', birthday]);
  for (const url of p.urls) props.push(['url', {}, 'uri', url]);
  if (extra.notes) props.push(['note', {}, 'text', extra.notes]);
  if (extra.tags && extra.tags.length > 0) props.push(['categories', {}, 'text', ...extra.tags]);
  if (Number.isFinite(p.updatedAt) && p.updatedAt > 0) {
    const rev = new Date(p.updatedAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
    props.push(['rev', {}, 'timestamp', rev]);
  }
  return props;
}

function writeCard(props: JProp[]): string {
  const text = ICAL.stringify.component(['vcard', props, []], ICAL.design.getDesignSet('vcard'));
  // Undo ical.js's folding (its values never hold a raw CRLF) and fold to the RFC's width.
  const lines = text.split(`${CRLF} `).join('').split(CRLF);
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** CONTACTS-6: the address book as one vCard 4.0 file, notes and tags included. */
export function contactsToVcard(contacts: Contact[]): string {
  return contacts.map((c) => writeCard(cardProperties(c, c))).join('');
}

/** SEND-14: the user's own card: every field but comments and tags (no NOTE, no CATEGORIES). */
export function personalVcard(p: PersonalData): string {
  return writeCard(cardProperties(p, {}));
}

/** Reading. Splits a content line at the first ':' outside double quotes: [name;params, value]. */
function splitLine(line: string): [string, string] | null {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ':' && !quoted) return [line.slice(0, i), line.slice(i + 1)];
  }
  return null;
}

function propertyName(line: string): string {
  const name = line.split(/[;:]/, 1)[0] ?? '';
  return name.slice(name.lastIndexOf('.') + 1).toUpperCase();
}

function decodeQuotedPrintable(value: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const hex = value.slice(i + 1, i + 3);
    if (value[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push((value.codePointAt(i) ?? 0) & 0xff);
    }
  }
  const decoder = new TextDecoder(QP_CHARSETS.has(charset.toLowerCase()) ? charset : 'utf-8');
  return decoder.decode(new Uint8Array(bytes)).replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * vCard 2.1 habits that ical.js refuses: bare parameters (`TEL;CELL:`, also seen in 3.0 files)
 * become TYPE=, and QUOTED-PRINTABLE values are decoded with their CHARSET.
 */
function normaliseLine(line: string): string {
  const split = splitLine(line);
  // A line with no value separator is left for ical.js to refuse, which skips the card.
  if (!split) return line;
  const [head, value] = split;
  const [name = '', ...params] = head.split(';');
  let qp = false;
  let charset = 'utf-8';
  const kept: string[] = [];
  for (const param of params) {
    const [key = '', val = ''] = param.split('=', 2);
    if (!param.includes('=')) kept.push(`TYPE=${param}`);
    else if (key.toUpperCase() === 'ENCODING' && val.toUpperCase() === 'QUOTED-PRINTABLE')
      qp = true;
    else if (key.toUpperCase() === 'CHARSET') charset = val;
    else kept.push(param);
  }
  return [name, ...kept].join(';') + ':' + (qp ? decodeQuotedPrintable(value, charset) : value);
}

/** Unfolds (RFC 6350 §3.2, and 2.1's quoted-printable soft breaks) into logical lines. */
function logicalLines(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const last = lines.length - 1;
    const previous = lines[last];
    if (previous !== undefined && (raw.startsWith(' ') || raw.startsWith('\t'))) {
      lines[last] = previous + raw.slice(1);
    } else if (
      previous?.endsWith('=') &&
      /QUOTED-PRINTABLE/i.test(splitLine(previous)?.[0] ?? '')
    ) {
      lines[last] = previous.slice(0, -1) + raw;
    } else {
      lines.push(raw);
    }
  }
  return lines;
}

function text(value: unknown): string {
  if (Array.isArray(value)) return value.map(text).filter(Boolean).join(' ');
  return typeof value === 'string' ? value.trim() : '';
}

/** `count` components of a structured value (N, ADR, ORG); ical.js gives a string for one. */
function parts(value: unknown, count: number): string[] {
  const all = Array.isArray(value) ? value.map(text) : [text(value)];
  return Array.from({ length: Math.max(count, all.length) }, (_, i) => all[i] ?? '');
}

function types(params: Params): string[] {
  const type = params['type'];
  const list = Array.isArray(type) ? type : type === undefined ? [] : [type];
  return list.flatMap((t) => t.toLowerCase().split(','));
}

function phoneKind(t: string[]): keyof typeof TEL_TYPE {
  if (t.includes('fax')) return 'fax';
  if (t.includes('cell') || t.includes('mobile') || t.includes('iphone')) return 'mobile';
  return t.includes('home') ? 'home' : t.includes('work') ? 'work' : 'other';
}

function place(t: string[]): 'home' | 'work' | 'other' {
  return t.includes('home') ? 'home' : t.includes('work') ? 'work' : 'other';
}

function toContact(props: JProp[]): ImportedContact {
  const c = blankContact();
  let fn = '';
  const notes: string[] = [];
  for (const [name, params, , ...values] of props) {
    const first = values[0];
    if (name === 'fn') fn = text(first);
    else if (name === 'n') [c.lastName, c.firstName] = parts(first, 2);
    else if (name === 'org') c.organization = parts(first, 1).filter(Boolean).join(', ');
    else if (name === 'title') c.title = text(first);
    else if (name === 'email' && text(first)) {
      c.emails.push({ address: text(first), label: place(types(params)) });
    } else if (name === 'tel' && text(first)) {
      const number = text(first).replace(/^tel:/i, '');
      c.phones.push({ number, kind: phoneKind(types(params)) });
    } else if (name === 'adr') {
      const [box, ext, street, locality, region, postalCode, country] = parts(first, 7);
      const where = { locality, region, postalCode, country };
      const lines = [street, ext, box].filter(Boolean).join('\n');
      if (lines || Object.values(where).some(Boolean)) {
        c.addresses.push({ street: lines, ...where, kind: place(types(params)) });
      }
    } else if (name === 'bday') c.birthday = normaliseBirthday(text(first));
    // Google writes `https\://…` and ical.js leaves URI values escaped: undo text escaping.
    else if (name === 'url' && text(first)) c.urls.push(text(first).replace(/\\([\\:;,])/g, '$1'));
    else if (name === 'note' && text(first)) notes.push(text(first));
    else if (name === 'categories')
      c.tags.push(...values.map(text).filter((t) => t !== '' && !c.tags.includes(t)));
  }
  // A card with FN but no usable N (allowed in 4.0) keeps the formatted name as the first name.
  if (!c.firstName && !c.lastName && fn && fn !== c.organization) c.firstName = fn;
  c.notes = notes.join('\n\n');
  return c;
}

function parseCard(lines: string[]): ImportedContact {
  const body = lines.map(normaliseLine).join(CRLF);
  const parsed: unknown = ICAL.parse(`BEGIN:VCARD${CRLF}${body}${CRLF}END:VCARD${CRLF}`);
  // One card in, one jCard out: ['vcard', properties, components].
  const props = (parsed as unknown[])[1];
  return toContact(Array.isArray(props) ? (props as JProp[]) : []);
}

/** CONTACTS-6: reads every card it can; a broken card is skipped with its reason. */
export function vcardToContacts(input: string): VcardImport {
  const result: VcardImport = { contacts: [], skipped: [] };
  if (input.length > MAX_VCARD_INPUT_CHARS) {
    result.skipped.push({ index: 0, reason: 'input-too-large' });
    return result;
  }
  let card: string[] | null = null;
  let size = 0;
  let index = -1;
  const finish = (lines: string[]): void => {
    try {
      const contact = parseCard(lines);
      if (isEmptyContact(contact)) result.skipped.push({ index, reason: 'empty' });
      else result.contacts.push(contact);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      result.skipped.push({ index, reason: 'malformed', detail });
    }
  };
  for (const line of logicalLines(input.replace(/^\uFEFF/, ''))) {
    const trimmed = line.trim().toUpperCase();
    if (trimmed === 'BEGIN:VCARD') {
      if (card)
        result.skipped.push({ index, reason: 'malformed', detail: 'card has no END:VCARD' });
      if (++index >= MAX_VCARDS) {
        result.skipped.push({ index, reason: 'too-many-records' });
        return result;
      }
      card = [];
      size = 0;
    } else if (trimmed === 'END:VCARD' && card) {
      if (size > MAX_VCARD_CHARS) result.skipped.push({ index, reason: 'record-too-large' });
      else finish(card);
      card = null;
    } else if (card && line.trim() !== '' && !BINARY_PROPERTIES.has(propertyName(line))) {
      size += line.length;
      if (size <= MAX_VCARD_CHARS) card.push(line);
    }
  }
  if (card) result.skipped.push({ index, reason: 'malformed', detail: 'card has no END:VCARD' });
  return result;
}
