// A contact list as a vCard 4.0 file (RFC 6350), the stored form of a list kept on the
// server (CONTACTS-5, ADR 0034): a group card (KIND:group, FN = the list's name, one
// MEMBER:urn:uuid:… per member, in order) followed by one card per member (UID, FN, and
// EMAIL — or TEL;TYPE=cell for `number@SMS`, TEL;TYPE=fax for `number@FAX`). Pure: no DOM,
// no Node APIs, so the proxy (which writes it) and the app can both use it. The format is
// small and fixed, so this is a careful codec of its own rather than ical.js: escaping
// (§3.4), folding at 75 octets never inside a UTF-8 sequence (§3.2), and no CR/LF ever
// written inside a value.
import { CRLF, foldLine } from './vcard-fold.js';
import type { SharedListMember } from '../protocol/jmap-lists.js';
import { MAX_LIST_MEMBERS, MAX_MEMBER_NAME_LENGTH } from '../protocol/jmap-lists.js';

/** A list as the vCard holds it; `uid` is a UUID (written as `urn:uuid:<uid>`). */
export interface GroupCard {
  uid: string;
  name: string;
  members: SharedListMember[];
}

export class GroupVcardError extends Error {
  override name = 'GroupVcardError';
}

/**
 * A 2000-member list is ~400 KB as written (about 200 bytes a member); four times the
 * most a valid list needs bounds the work on a hostile file.
 */
export const MAX_GROUP_VCARD_CHARS = MAX_LIST_MEMBERS * 800;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex -- control characters are what it removes
const CONTROLS = /[\u0000-\u001f\u007f]+/g;
const SMS = /^(\d{7,15})@sms$/i;
const FAX = /^(\d{7,15})@fax$/i;

/**
 * §3.4 text escaping: backslash and comma. A semicolon MAY be escaped in a property that is
 * not compound (FN, EMAIL); it is left as is, because readers such as ical.js keep the
 * backslash of `\;` there. A value never holds a line break.
 */
function escapeText(value: string): string {
  if (CONTROL.test(value)) throw new GroupVcardError('a value holds a control character');
  return value.replace(/[\\,]/g, (c) => `\\${c}`);
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\,;nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

function card(lines: readonly string[]): string {
  return ['BEGIN:VCARD', 'VERSION:4.0', ...lines, 'END:VCARD'].map(foldLine).join(CRLF) + CRLF;
}

/** The member's address as a property line: EMAIL, or TEL with the digits as typed. */
function addressLine(address: string): string {
  const sms = SMS.exec(address);
  if (sms) return `TEL;TYPE=cell:${sms[1]}`;
  const fax = FAX.exec(address);
  if (fax) return `TEL;TYPE=fax:${fax[1]}`;
  return `EMAIL:${escapeText(address)}`;
}

/**
 * The list as a vCard 4.0 file. `newUid` mints the members' UUIDs (crypto.randomUUID in
 * use; a test may pass a counter). Throws GroupVcardError on a value no card may hold.
 */
export function groupToVcard(
  group: GroupCard,
  newUid: () => string = () => crypto.randomUUID(),
): string {
  if (!UUID.test(group.uid)) throw new GroupVcardError('the list UID is not a UUID');
  const uids = group.members.map(() => newUid());
  if (uids.some((u) => !UUID.test(u))) throw new GroupVcardError('a member UID is not a UUID');
  const head = card([
    'KIND:group',
    `UID:urn:uuid:${group.uid}`,
    `FN:${escapeText(group.name)}`,
    ...uids.map((u) => `MEMBER:urn:uuid:${u}`),
  ]);
  const members = group.members.map((m, i) =>
    card([
      `UID:urn:uuid:${uids[i] ?? ''}`,
      // FN is required (§6.2.1); a member without a name is written with its address.
      `FN:${escapeText(m.name === '' ? m.address : m.name)}`,
      addressLine(m.address),
    ]),
  );
  return head + members.join('');
}

interface Prop {
  name: string;
  params: Map<string, string[]>;
  value: string;
}

/** Splits a content line at the first ':' outside double quotes into name, params, value. */
function parseLine(line: string): Prop | null {
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon < 0) return null;
  const [rawName = '', ...rawParams] = line.slice(0, colon).split(';');
  const params = new Map<string, string[]>();
  for (const p of rawParams) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const key = p.slice(0, eq).toUpperCase();
    const values = p
      .slice(eq + 1)
      .replace(/"/g, '')
      .split(',')
      .map((v) => v.toLowerCase());
    params.set(key, [...(params.get(key) ?? []), ...values]);
  }
  // A group prefix (`item1.EMAIL`) names nothing this format uses.
  const name = rawName.slice(rawName.lastIndexOf('.') + 1).toUpperCase();
  return { name, params, value: line.slice(colon + 1) };
}

/** Unfolded content lines, grouped per card; text outside BEGIN/END is ignored. */
function cardsOf(text: string): Prop[][] {
  const lines: string[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const last = lines.length - 1;
    if (last >= 0 && (raw.startsWith(' ') || raw.startsWith('\t'))) {
      lines[last] += raw.slice(1);
    } else lines.push(raw);
  }
  const cards: Prop[][] = [];
  let current: Prop[] | null = null;
  for (const line of lines) {
    const upper = line.trim().toUpperCase();
    if (upper === 'BEGIN:VCARD') current = [];
    else if (upper === 'END:VCARD') {
      if (current) cards.push(current);
      current = null;
    } else if (current) {
      const prop = parseLine(line);
      if (prop) current.push(prop);
    }
  }
  return cards;
}

const first = (props: Prop[], name: string): Prop | undefined => props.find((p) => p.name === name);

const uidOf = (value: string): string =>
  value
    .trim()
    .replace(/^urn:uuid:/i, '')
    .toLowerCase();

/** A name as a header's display name may carry it: one line, bounded. */
function cleanName(value: string): string {
  const oneLine = unescapeText(value).replace(CONTROLS, ' ');
  return oneLine.trim().slice(0, MAX_MEMBER_NAME_LENGTH);
}

/** The member's address from its card, or null when it has none this format knows. */
function memberAddress(props: Prop[]): string | null {
  const email = first(props, 'EMAIL');
  if (email) return unescapeText(email.value).trim();
  for (const tel of props.filter((p) => p.name === 'TEL')) {
    const types = tel.params.get('TYPE') ?? [];
    const digits = tel.value.replace(/^tel:/i, '').replace(/[^\d]/g, '');
    if (types.includes('fax')) return `${digits}@FAX`;
    if (types.includes('cell')) return `${digits}@SMS`;
  }
  return null;
}

/**
 * Reads a list written by groupToVcard (or another client's RFC 6350 group): the first
 * KIND:group card and the cards its MEMBERs name, in MEMBER order. A member whose card is
 * missing or has no usable address is left out (the caller validates what is left). Throws
 * GroupVcardError when there is no group card at all or the file is too large.
 */
export function vcardToGroup(text: string): GroupCard {
  if (text.length > MAX_GROUP_VCARD_CHARS) throw new GroupVcardError('the file is too large');
  const cards = cardsOf(text);
  const group = cards.find((c) => first(c, 'KIND')?.value.trim().toLowerCase() === 'group');
  if (!group) throw new GroupVcardError('no group card');
  const byUid = new Map<string, Prop[]>();
  for (const c of cards) {
    const uid = first(c, 'UID');
    if (c !== group && uid) byUid.set(uidOf(uid.value), c);
  }
  const members: SharedListMember[] = [];
  for (const ref of group.filter((p) => p.name === 'MEMBER')) {
    if (members.length >= MAX_LIST_MEMBERS) break;
    // RFC 6350 also allows `mailto:` members without a card of their own.
    const mailto = /^mailto:(.+)$/i.exec(ref.value.trim());
    if (mailto?.[1]) {
      members.push({ name: '', address: decodeURIComponentSafe(mailto[1]) });
      continue;
    }
    const props = byUid.get(uidOf(ref.value));
    const address = props ? memberAddress(props) : null;
    if (!props || address === null) continue;
    const fn = cleanName(first(props, 'FN')?.value ?? '');
    members.push({ name: fn === address ? '' : fn, address });
  }
  return {
    uid: uidOf(first(group, 'UID')?.value ?? ''),
    name: cleanName(first(group, 'FN')?.value ?? ''),
    members,
  };
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
