// Checks for Email/import (RFC 8621 §4.8): the arguments, each EmailImport object, and
// whether a blob's bytes are a message at all. Pure; the IMAP work is in email-import.ts.
import type { SetError } from '../../protocol/jmap-methods.js';
import { isJsonObject } from '../../protocol/json-pointer.js';
import { isKeyword, keywordToImapFlag } from '../../protocol/keywords.js';
import { MAX_MAILBOXES_PER_EMAIL, MAX_OBJECTS_IN_SET } from '../../protocol/limits.js';
import { isId, isUtcDate } from '../../protocol/primitives.js';
import type { Args } from './args.js';
import { invalidArguments, MethodError } from './errors.js';
import { setError } from './set-args.js';

/** The EmailImport properties of RFC 8621 §4.8; anything else is invalidProperties. */
const IMPORT_PROPERTIES = new Set(['blobId', 'mailboxIds', 'keywords', 'receivedAt']);

export interface ImportRequest {
  ifInState: string | null;
  emails: Record<string, unknown>;
}

export function parseImportArgs(args: Args): ImportRequest {
  const { ifInState, emails } = args;
  if (ifInState !== undefined && ifInState !== null && typeof ifInState !== 'string')
    throw invalidArguments('"ifInState" must be a string or null');
  if (!isJsonObject(emails)) throw invalidArguments('"emails" must be an object');
  if (Object.keys(emails).length > MAX_OBJECTS_IN_SET)
    throw new MethodError('requestTooLarge', `at most ${MAX_OBJECTS_IN_SET} emails per import`);
  return { ifInState: ifInState ?? null, emails };
}

/** One checked EmailImport: where it goes, with which IMAP flags and INTERNALDATE. */
export interface PlannedImport {
  blobId: string;
  mailboxId: string;
  flags: string[];
  receivedAt: Date | null;
}

export type ImportPlan = { ok: true; plan: PlannedImport } | { ok: false; error: SetError };

const refuse = (description: string, properties: string[]): ImportPlan => ({
  ok: false,
  error: setError('invalidProperties', description, properties),
});

/**
 * Checks one EmailImport against the selectable folders `known`. `mailboxIds` must name
 * exactly one (maxMailboxesPerEmail = 1: an IMAP message lives in one folder); two or
 * more are tooManyMailboxes, as for Email/set (RFC 8621 §4.6), with the property listed.
 */
export function planImport(item: unknown, known: ReadonlySet<string>): ImportPlan {
  if (!isJsonObject(item)) return refuse('an EmailImport must be an object', []);
  const unknown = Object.keys(item).filter((k) => !IMPORT_PROPERTIES.has(k));
  if (unknown.length > 0) return refuse(`unknown properties: ${unknown.join(', ')}`, unknown);
  const { blobId, mailboxIds, keywords, receivedAt } = item;
  if (!isId(blobId)) return refuse('"blobId" must be an Id', ['blobId']);

  if (!isJsonObject(mailboxIds) || !Object.values(mailboxIds).every((v) => v === true))
    return refuse('"mailboxIds" must map mailbox ids to true', ['mailboxIds']);
  const targets = Object.keys(mailboxIds);
  if (targets.length === 0) return refuse('"mailboxIds" must name a mailbox', ['mailboxIds']);
  if (targets.length > MAX_MAILBOXES_PER_EMAIL) {
    return {
      ok: false,
      error: setError(
        'tooManyMailboxes',
        `an email is in exactly ${MAX_MAILBOXES_PER_EMAIL} mailbox here`,
        ['mailboxIds'],
      ),
    };
  }
  const mailboxId = targets[0] as string;
  if (!known.has(mailboxId)) return refuse('no such mailbox', ['mailboxIds']);

  const flags: string[] = [];
  if (keywords !== undefined && keywords !== null) {
    if (!isJsonObject(keywords)) return refuse('"keywords" must be an object', ['keywords']);
    for (const [keyword, value] of Object.entries(keywords)) {
      const flag = isKeyword(keyword) && value === true ? keywordToImapFlag(keyword) : null;
      if (flag === null) return refuse(`invalid keyword ${JSON.stringify(keyword)}`, ['keywords']);
      if (!flags.includes(flag)) flags.push(flag);
    }
  }

  let date: Date | null = null;
  if (receivedAt !== undefined && receivedAt !== null) {
    if (!isUtcDate(receivedAt)) return refuse('"receivedAt" must be a UTCDate', ['receivedAt']);
    date = new Date(receivedAt);
  }
  return { ok: true, plan: { blobId, mailboxId, flags, receivedAt: date } };
}

/** An RFC 5322 header field's first line: a field name (printable, no colon), then `:`. */
const FIELD_LINE = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;

/**
 * Why `bytes` are not a message, or null when they are one as far as IMAP cares: a header
 * block (field lines and folded continuations) up to the first empty line or the end, and
 * no NUL anywhere (an IMAP literal cannot carry NUL, RFC 3501 CHAR8; nor can RFC 5322).
 */
export function messageProblem(bytes: Buffer): string | null {
  if (bytes.length === 0) return 'the blob is empty';
  if (bytes.includes(0)) return 'the blob contains NUL bytes, which no message may hold';
  const end = headerEnd(bytes);
  const lines = bytes.subarray(0, end).toString('latin1').split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  if (!FIELD_LINE.test(lines[0] ?? '')) return 'the blob does not start with a header field';
  for (const line of lines.slice(1)) {
    if (!FIELD_LINE.test(line) && !/^[ \t]/.test(line))
      return 'the header block holds a line that is neither a field nor a continuation';
  }
  return null;
}

/** Length of the header block with its last line break, or the whole length without one. */
function headerEnd(bytes: Buffer): number {
  const crlf = bytes.indexOf('\r\n\r\n');
  const lf = bytes.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return crlf + 2;
  return lf >= 0 ? lf + 1 : bytes.length;
}
