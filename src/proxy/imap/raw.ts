// Raw IMAP commands through imapflow, for what it has no helper for: Dovecot's X-GUID
// (STATUS and FETCH), PREVIEW (RFC 8970) and MYRIGHTS (RFC 4314). imapflow's `exec` is
// internal and untyped, so this narrow view names only what is used. The one rule
// (ADR 0008): a successful command's response must be released with `next()`, or the
// connection's reader stays parked and the next command hangs. NO and BAD reject.
import type { ImapFlow } from 'imapflow';
import { encodePath, normalizePath } from 'imapflow/lib/tools.js';
import { assertNoCrLf } from '../security/crlf.js';

/** One parsed token as imapflow's parser hands it over; lists are nested arrays. */
export interface ImapToken {
  type: string;
  value?: unknown;
  section?: unknown;
}

export type ImapValue = ImapToken | ImapValue[] | null;

/**
 * A mailbox name on the wire: namespace prefix and modified UTF-7 (RFC 3501 § 5.1.3) as
 * imapflow's own commands send it, never CR/LF. A raw UTF-8 name would reach a different
 * (or no) mailbox: "España" must travel as "Espa&APE-a".
 */
export function imapMailbox(client: ImapFlow, path: string): ImapToken {
  assertNoCrLf(path, 'mailbox name');
  return { type: 'STRING', value: encodePath(client, normalizePath(client, path)) };
}

export interface UntaggedResponse {
  command: string;
  attributes: ImapValue[];
}

type UntaggedHandler = (untagged: UntaggedResponse) => void | Promise<void>;

interface RawExec {
  exec(
    command: string,
    attributes: ImapValue[],
    options?: { untagged?: Record<string, UntaggedHandler> },
  ): Promise<{ next: () => void }>;
}

/**
 * An IMAP string argument: imapflow quotes it or sends a literal, so any name is safe on
 * the wire; CR/LF/NUL are refused anyway (ADR 0009: never on a protocol line).
 */
export function imapString(value: string, field: string): ImapToken {
  assertNoCrLf(value, field);
  return { type: 'STRING', value };
}

/** An atom we write ourselves (command items, never user input). */
export const imapAtom = (value: string): ImapToken => ({ type: 'ATOM', value });

/** A UID set such as `1:5,9`; built by uidSet() from numbers only. */
export const imapSequence = (value: string): ImapToken => ({ type: 'SEQUENCE', value });

/**
 * Runs one command and hands every untagged response named in `collect` (upper case,
 * e.g. 'FETCH', 'STATUS', 'MYRIGHTS') to `onUntagged`. FETCH responses are named by
 * their sequence number, so imapflow routes them under 'FETCH'.
 */
export async function execRaw(
  client: ImapFlow,
  command: string,
  args: ImapValue[],
  collect: readonly string[],
  onUntagged: (name: string, response: UntaggedResponse) => void,
): Promise<void> {
  const untagged: Record<string, UntaggedHandler> = {};
  for (const name of collect) untagged[name] = (response) => onUntagged(name, response);
  const raw = client as unknown as RawExec;
  const response = await raw.exec(command, args, { untagged });
  response.next();
}

/** The text of an atom or string token, or null. */
export function tokenText(value: ImapValue | undefined): string | null {
  if (value === null || value === undefined || Array.isArray(value)) return null;
  if (typeof value.value === 'string') return value.value;
  if (Buffer.isBuffer(value.value)) return value.value.toString('utf8');
  return null;
}

/** `STATUS`/`FETCH` item lists alternate name and value: as a map of upper-case names. */
export function pairs(list: ImapValue | undefined): Map<string, ImapValue> {
  const out = new Map<string, ImapValue>();
  if (!Array.isArray(list)) return out;
  for (let i = 0; i + 1 < list.length; i += 2) {
    const name = tokenText(list[i]);
    if (name !== null) out.set(name.toUpperCase(), list[i + 1] ?? null);
  }
  return out;
}

/** A compact UID set (`1:3,7`) for ascending or unsorted positive integers. */
export function uidSet(uids: readonly number[]): string {
  const sorted = [...new Set(uids)].filter((u) => Number.isSafeInteger(u) && u > 0);
  sorted.sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0];
  let prev = start;
  for (const uid of sorted.slice(1)) {
    if (prev !== undefined && uid === prev + 1) {
      prev = uid;
      continue;
    }
    if (start !== undefined) parts.push(start === prev ? `${start}` : `${start}:${prev}`);
    start = uid;
    prev = uid;
  }
  if (start !== undefined) parts.push(start === prev ? `${start}` : `${start}:${prev}`);
  return parts.join(',');
}
