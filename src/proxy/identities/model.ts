// The user's sender identities (SEND-7, SEND-16) as the proxy keeps them: one private
// METADATA entry on the user's own IMAP server (like the POP3 and IMAP account lists,
// ADR 0014/0016), so every device sees the same names, reply-to and signatures. The
// address the user signed in with is always an identity; others may only be its
// plus-addresses — the SMTP server is the final judge of what else it lets one send as.
import type { EmailAddress } from '../../protocol/jmap-mail.js';

/** More than anyone keeps; bounds the entry a hostile client could grow. */
export const MAX_IDENTITIES = 50;
/** A display name: RFC 5322 allows long ones, nobody needs this many characters. */
export const MAX_NAME_CHARS = 256;
/** A plain signature: a few lines, with room for a legal disclaimer. */
export const MAX_TEXT_SIGNATURE_CHARS = 10_000;
/** A rich signature with small inline images as data: URLs. */
export const MAX_HTML_SIGNATURE_CHARS = 200_000;
/** Reply-To / Bcc addresses per identity. */
export const MAX_ADDRESSES = 10;

export interface StoredIdentity {
  id: string;
  name: string;
  email: string;
  replyTo: EmailAddress[] | null;
  bcc: EmailAddress[] | null;
  textSignature: string;
  htmlSignature: string;
}

export interface StoredIdentities {
  /** The identity new messages start from; null: the sign-in address. */
  defaultId: string | null;
  list: StoredIdentity[];
}

export const NO_IDENTITIES: StoredIdentities = { defaultId: null, list: [] };

/** `local@domain`: one line, no spaces, no angle brackets. */
const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;
/** Any line break or other control character: nothing a header may carry. */
const CONTROL = /\p{Cc}/u;

export function isAddress(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 254 && ADDRESS.test(value);
}

/** A header-safe single-line text of at most `max` characters, or null. */
export function lineText(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.length <= max && !CONTROL.test(value) ? value : null;
}

/** A signature: any text (line breaks allowed) up to `max`, no NUL. */
export function signatureText(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.length <= max && !value.includes('\u0000')
    ? value
    : null;
}

/** An RFC 8621 address list (null allowed), checked; undefined when invalid. */
export function addressList(value: unknown): EmailAddress[] | null | undefined {
  if (value === null) return null;
  if (!Array.isArray(value) || value.length > MAX_ADDRESSES) return undefined;
  const out: EmailAddress[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) return undefined;
    const { name, email } = item as Record<string, unknown>;
    const shown = name === null || name === undefined ? null : lineText(name, MAX_NAME_CHARS);
    if (!isAddress(email) || (name !== null && name !== undefined && shown === null))
      return undefined;
    out.push({ name: shown, email });
  }
  return out;
}

/** `ana+news@x.org` → `ana@x.org`; case folded. */
export function canonicalAddress(address: string): string {
  const lower = address.toLowerCase();
  const at = lower.lastIndexOf('@');
  const local = lower.slice(0, at);
  const plus = local.indexOf('+');
  return `${plus > 0 ? local.slice(0, plus) : local}${lower.slice(at)}`;
}

function parseOne(value: unknown): StoredIdentity | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const name = lineText(v['name'], MAX_NAME_CHARS);
  const replyTo = addressList(v['replyTo'] ?? null);
  const bcc = addressList(v['bcc'] ?? null);
  const text = signatureText(v['textSignature'] ?? '', MAX_TEXT_SIGNATURE_CHARS);
  const htmlSig = signatureText(v['htmlSignature'] ?? '', MAX_HTML_SIGNATURE_CHARS);
  if (typeof v['id'] !== 'string' || !isAddress(v['email']) || name === null) return null;
  if (replyTo === undefined || bcc === undefined || text === null || htmlSig === null) return null;
  return {
    id: v['id'],
    name,
    email: v['email'],
    replyTo,
    bcc,
    textSignature: text,
    htmlSignature: htmlSig,
  };
}

/** The stored entry, read leniently: what does not check out is left out, never thrown. */
export function parseIdentities(bytes: Buffer | null): StoredIdentities {
  if (!bytes) return NO_IDENTITIES;
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch {
    return NO_IDENTITIES;
  }
  if (typeof data !== 'object' || data === null) return NO_IDENTITIES;
  const d = data as Record<string, unknown>;
  const list = Array.isArray(d['list'])
    ? d['list'].flatMap((x) => parseOne(x) ?? []).slice(0, MAX_IDENTITIES)
    : [];
  const defaultId = typeof d['defaultId'] === 'string' ? d['defaultId'] : null;
  return { defaultId, list };
}

export function serializeIdentities(stored: StoredIdentities): Buffer {
  return Buffer.from(JSON.stringify({ v: 1, ...stored }), 'utf8');
}
