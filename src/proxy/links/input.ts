// SEND-15 upload input: the file's name (X-Buzon-Filename) and its recipients
// (X-Buzon-Recipients). Both travel in headers because the body is the file itself.
// Header values are bytes, so both are percent-encoded UTF-8: the name as an RFC 8187
// ext-value (`UTF-8''informe%20a%C3%B1o.pdf`) or bare percent-encoding, the recipients
// as `encodeURIComponent(JSON.stringify([...addresses]))` (plain ASCII JSON needs no
// encoding). Headers rather than the query keep addresses out of access logs.
import type { IncomingMessage } from 'node:http';
import { HttpError } from '../http/errors.js';
import { assertNoCrLf } from '../security/crlf.js';
import { isEnvelopeAddress } from '../smtp/envelope.js';
import { MAX_LINK_RECIPIENTS } from './limits.js';

export const FILENAME_HEADER = 'x-buzon-filename';
export const RECIPIENTS_HEADER = 'x-buzon-recipients';

/** 255 octets: the name limit of the file systems a recipient saves to. */
const MAX_FILENAME_OCTETS = 255;
/** C0 and C1 controls, DEL and the Unicode line separators: nothing a file name needs. */
function hasControl(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029)
      return true;
  }
  return false;
}
/** RFC 8187 ext-value: charset, optional language, value. */
const EXT_VALUE = /^UTF-8'[A-Za-z0-9-]*'(.*)$/i;

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? undefined : value;
}

function percentDecode(value: string, what: string): string {
  // Raw bytes outside ASCII arrive as Latin-1 guesses: one encoding only, percent-encoded UTF-8.
  if (/[^\x20-\x7e]/.test(value))
    throw new HttpError(400, 'invalidArguments', `Percent-encode ${what} as UTF-8.`);
  try {
    return decodeURIComponent(value);
  } catch {
    throw new HttpError(400, 'invalidArguments', `${what} is not valid percent-encoded UTF-8.`);
  }
}

/** The file's name; 400 when missing, malformed, or holding line breaks or controls. */
export function filenameOf(req: IncomingMessage): string {
  const raw = header(req, FILENAME_HEADER);
  if (raw === undefined || raw.trim() === '')
    throw new HttpError(400, 'invalidArguments', 'Name the file in the X-Buzon-Filename header.');
  const ext = EXT_VALUE.exec(raw.trim());
  const name = percentDecode(ext ? (ext[1] ?? '') : raw.trim(), 'X-Buzon-Filename');
  // The name reaches a Content-Disposition header and the notice's Subject.
  assertNoCrLf(name, 'The file name');
  if (hasControl(name))
    throw new HttpError(400, 'invalidArguments', 'The file name holds control characters.');
  if (name.trim() === '' || name === '.' || name === '..')
    throw new HttpError(400, 'invalidArguments', 'The file name is empty.');
  if (Buffer.byteLength(name, 'utf8') > MAX_FILENAME_OCTETS) {
    throw new HttpError(
      400,
      'invalidArguments',
      `The file name is longer than ${MAX_FILENAME_OCTETS} bytes.`,
    );
  }
  return name;
}

/** The recipients' addresses, deduplicated (case-insensitive), in the order given. */
export function recipientsOf(req: IncomingMessage): string[] {
  const raw = header(req, RECIPIENTS_HEADER);
  if (raw === undefined || raw.trim() === '') {
    throw new HttpError(
      400,
      'invalidArguments',
      'List the recipients in the X-Buzon-Recipients header (a JSON array).',
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(percentDecode(raw, 'X-Buzon-Recipients'));
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new HttpError(400, 'invalidArguments', 'X-Buzon-Recipients is not a JSON array.');
  }
  if (!Array.isArray(value) || value.length === 0)
    throw new HttpError(
      400,
      'invalidArguments',
      'X-Buzon-Recipients must list at least one address.',
    );
  const seen = new Set<string>();
  const recipients: string[] = [];
  for (const address of value) {
    // Each address ends up in the notice's text and Subject: one line, a plain address.
    if (typeof address === 'string') assertNoCrLf(address, 'A recipient');
    if (!isEnvelopeAddress(address)) {
      throw new HttpError(
        400,
        'invalidArguments',
        `Not a usable recipient address: ${JSON.stringify(address).slice(0, 100)}`,
      );
    }
    const key = address.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    recipients.push(address);
  }
  if (recipients.length > MAX_LINK_RECIPIENTS) {
    throw new HttpError(
      400,
      'invalidArguments',
      `A file may be sent as a link to at most ${MAX_LINK_RECIPIENTS} recipients.`,
    );
  }
  return recipients;
}
