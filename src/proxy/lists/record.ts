// The one message a list's folder holds (ADR 0034): a minimal storage record around the
// list's vCard 4.0 file (contacts/group-vcard.ts). ASCII headers only, the vCard in base64
// so 8-bit names are safe on any server, and a marker header so the message is recognised
// as a list (and nothing else in the folder is taken for one).
import { randomUUID } from 'node:crypto';
import type { GroupCard } from '../../contacts/group-vcard.js';
import { groupToVcard, vcardToGroup, GroupVcardError } from '../../contacts/group-vcard.js';

/** The marker header and its value; a message without it is not a list. */
export const LIST_HEADER = 'X-Buzon-List';
const SUBJECT = 'Buzon contact list';
/** RFC 2045 §6.8: base64 lines of at most 76 characters. */
const BASE64_LINE = 76;
/** An address we may put in From: (RFC 5322 requires one); else a placeholder that says so. */
const ADDRESS = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+$/;

export class ListRecordError extends Error {
  override name = 'ListRecordError';
}

/** The message bytes for `group`, from `owner` (their login, when it is an address). */
export function buildRecord(group: GroupCard, owner: string, now = new Date()): Buffer {
  const vcard = Buffer.from(groupToVcard(group), 'utf8').toString('base64');
  const lines = vcard.match(new RegExp(`.{1,${BASE64_LINE}}`, 'g')) ?? [];
  const from = ADDRESS.test(owner) ? owner : 'contact-list@buzon.invalid';
  const head = [
    `From: <${from}>`,
    `Date: ${now.toUTCString().replace('GMT', '+0000')}`,
    `Subject: ${SUBJECT}`,
    `Message-ID: <${randomUUID()}@buzon.invalid>`,
    `${LIST_HEADER}: 1`,
    'MIME-Version: 1.0',
    'Content-Type: text/vcard; charset=utf-8',
    'Content-Disposition: attachment; filename="list.vcf"',
    'Content-Transfer-Encoding: base64',
  ];
  return Buffer.from([...head, '', ...lines, ''].join('\r\n'), 'ascii');
}

/** Unfolded headers, names lower-cased (the first of each). */
function headersOf(block: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!out.has(name)) out.set(name, line.slice(colon + 1).trim());
  }
  return out;
}

function decodeQuotedPrintable(body: string): Buffer {
  const bytes: number[] = [];
  const text = body.replace(/=\r?\n/g, '');
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}

/** The list a stored message holds; ListRecordError when it is not one. */
export function parseRecord(source: Buffer): GroupCard {
  const raw = source.toString('latin1');
  const split = /\r?\n\r?\n/.exec(raw);
  if (!split) throw new ListRecordError('the message has no body');
  const headers = headersOf(raw.slice(0, split.index));
  if (headers.get(LIST_HEADER.toLowerCase()) !== '1') throw new ListRecordError('not a list');
  const body = raw.slice(split.index + split[0].length);
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const bytes =
    encoding === 'base64'
      ? Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(body)
        : Buffer.from(body, 'latin1');
  try {
    return vcardToGroup(bytes.toString('utf8'));
  } catch (err) {
    if (err instanceof GroupVcardError) throw new ListRecordError(err.message);
    throw err;
  }
}
