// Builds every fixture once and reads it back as a recipient would: postal-mime (what Buzón
// itself uses) and Python's email package with the strict policy.
import PostalMime, { type Address, type Email, type Mailbox } from 'postal-mime';
import { buildMessage, type OutgoingMessage } from '../../../src/mail/mime/index.js';
import { inspectWithPython, type PyMessage } from './python-strict.js';

export interface ReadBack {
  raw: Record<string, Uint8Array>;
  postal: Record<string, Email>;
  py: Record<string, PyMessage>;
}

/** Builds and parses every message of `fixtures` (call it from beforeAll). */
export async function readBack(fixtures: Record<string, OutgoingMessage>): Promise<ReadBack> {
  const names = Object.keys(fixtures);
  const out: ReadBack = { raw: {}, postal: {}, py: {} };
  for (const name of names) out.raw[name] = buildMessage(fixtures[name]);
  for (const name of names) out.postal[name] = await PostalMime.parse(out.raw[name]);
  const inspected = inspectWithPython(names.map((n) => out.raw[n]));
  names.forEach((n, i) => (out.py[n] = inspected[i]));
  return out;
}

/**
 * Line breaks as LF and trailing ones dropped: a single-part body ends with the message's
 * final CRLF, and postal-mime keeps the CRLF that RFC 2046 gives to the next boundary.
 */
export const norm = (s: string | undefined): string =>
  (s ?? '').replace(/\r\n|\r|\n/g, '\n').replace(/\n+$/, '');

export const mailboxes = (list: Address[] | Address | undefined): [string, string][] =>
  (Array.isArray(list) ? list : list ? [list] : []).map((a) => [a.name, (a as Mailbox).address]);

export const bytesOfContent = (content: ArrayBuffer | Uint8Array | string): Uint8Array =>
  typeof content === 'string' ? new TextEncoder().encode(content) : new Uint8Array(content);

export const fromBase64 = (b64: string | undefined): Uint8Array =>
  Uint8Array.from(atob(b64 ?? ''), (c) => c.charCodeAt(0));

/** The header section as its physical lines. */
export function headerLines(bytes: Uint8Array): string[] {
  const text = new TextDecoder().decode(bytes);
  return text.slice(0, text.indexOf('\r\n\r\n')).split('\r\n');
}

/** The physical lines of one header field (its first line and the folded continuations). */
export function fieldLines(bytes: Uint8Array, name: string): string[] {
  const lines = headerLines(bytes);
  const start = lines.findIndex((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (start < 0) return [];
  const out = [lines[start]];
  for (let i = start + 1; i < lines.length && /^[ \t]/.test(lines[i]); i++) out.push(lines[i]);
  return out;
}
