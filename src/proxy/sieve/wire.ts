// The ManageSieve wire format (RFC 5804 §1.2, §4): reading a server's response (lines of
// atoms, quoted strings and literals, ended by OK, NO or BYE) and writing a command's
// strings. Servers send literals as `{n}`; clients send non-synchronising `{n+}`, so a
// command never waits for a continuation.
import { SieveInputError, SieveProtocolError } from './errors.js';
import type { SieveResponseCode } from './errors.js';
import type { SieveReader } from './reader.js';

/**
 * A line outside literals. The longest legitimate ones are a capability list (a few hundred
 * octets) or a quoted string (at most 1024 octets, RFC 5804 §4 with erratum 2655).
 */
export const MAX_LINE_BYTES = 16 * 1024;
/**
 * One literal from the server: a script or an error text. Pigeonhole's default script size
 * limit is 1 MB (sieve_max_script_size); more is a hostile server, not a script.
 */
export const MAX_LITERAL_BYTES = 1024 * 1024;
/** One whole response (a LISTSCRIPTS of many names, a script and its OK). */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** RFC 5804 §4: quoted strings hold at most 1024 octets; longer ones go as literals. */
const MAX_QUOTED_BYTES = 1024;

export type Token =
  | { kind: 'atom'; value: string }
  | { kind: 'string'; value: string }
  | { kind: 'open' }
  | { kind: 'close' };

export interface Response {
  status: 'OK' | 'NO' | 'BYE';
  code: SieveResponseCode | null;
  /** The human-readable text after the code, CRLF folded to LF; '' when none. */
  text: string;
  /** The data lines before the status line, each as its tokens. */
  lines: Token[][];
}

const LITERAL_AT_END = /\{(\d{1,10})\+?\}$/;
// eslint-disable-next-line no-control-regex -- atoms exclude exactly these controls
const ATOM_CHAR = /[^\s(){}"\\\x00-\x1f\x7f]/;

const utf8 = (bytes: Buffer): string => bytes.toString('utf8');

/** Tokens of one logical line: reads further physical lines after each literal. */
async function readTokens(
  reader: SieveReader,
  deadline: number,
  budget: { left: number },
): Promise<Token[]> {
  const tokens: Token[] = [];
  for (;;) {
    const line = await reader.readLine(MAX_LINE_BYTES, deadline);
    budget.left -= line.length + 2;
    const text = line.toString('latin1');
    const literal = LITERAL_AT_END.exec(text);
    tokenize(line, literal ? literal.index : line.length, tokens);
    if (!literal) return tokens;
    const length = Number(literal[1]);
    if (length > MAX_LITERAL_BYTES || length > budget.left)
      throw new SieveProtocolError('the ManageSieve server sent a literal larger than allowed');
    budget.left -= length;
    tokens.push({ kind: 'string', value: utf8(await reader.readExact(length, deadline)) });
    if (budget.left < 0) throw new SieveProtocolError('the ManageSieve response is too large');
  }
}

/** Splits `line[0, end)` into tokens; quoted strings are unescaped (`\"`, `\\`). */
function tokenize(line: Buffer, end: number, out: Token[]): void {
  let i = 0;
  while (i < end) {
    const c = line[i] ?? 0;
    if (c === 0x20) {
      i++;
    } else if (c === 0x28 || c === 0x29) {
      out.push({ kind: c === 0x28 ? 'open' : 'close' });
      i++;
    } else if (c === 0x22) {
      const bytes: number[] = [];
      i++;
      for (;;) {
        if (i >= end) throw new SieveProtocolError('the ManageSieve server sent an open string');
        const d = line[i] ?? 0;
        if (d === 0x22) break;
        if (d === 0x5c) {
          i++;
          if (i >= end) throw new SieveProtocolError('the ManageSieve server sent a bad escape');
        }
        bytes.push(line[i] ?? 0);
        i++;
      }
      i++;
      out.push({ kind: 'string', value: utf8(Buffer.from(bytes)) });
    } else {
      const start = i;
      while (i < end && ATOM_CHAR.test(String.fromCharCode(line[i] ?? 0))) i++;
      if (i === start)
        throw new SieveProtocolError(
          'the ManageSieve server sent something that is not ManageSieve',
        );
      out.push({ kind: 'atom', value: line.subarray(start, i).toString('latin1') });
    }
  }
}

function statusOf(tokens: Token[]): Response['status'] | null {
  const first = tokens[0];
  if (first?.kind !== 'atom') return null;
  const word = first.value.toUpperCase();
  return word === 'OK' || word === 'NO' || word === 'BYE' ? word : null;
}

/** `OK (CODE "arg") "text"` → code and text. */
function parseStatus(tokens: Token[]): { code: SieveResponseCode | null; text: string } {
  let i = 1;
  let code: SieveResponseCode | null = null;
  if (tokens[i]?.kind === 'open') {
    const name = tokens[i + 1];
    if (name?.kind !== 'atom')
      throw new SieveProtocolError('the ManageSieve server sent a bad response code');
    const args: string[] = [];
    i += 2;
    for (; tokens[i] && tokens[i]?.kind !== 'close'; i++) {
      const arg = tokens[i];
      if (arg?.kind === 'string' || arg?.kind === 'atom') args.push(arg.value);
    }
    if (tokens[i]?.kind !== 'close')
      throw new SieveProtocolError('the ManageSieve server sent a bad response code');
    i++;
    code = { name: name.value.toUpperCase(), args };
  }
  const text = tokens[i];
  return { code, text: text?.kind === 'string' ? text.value.replace(/\r\n/g, '\n') : '' };
}

/**
 * Reads one response: data lines until the OK/NO/BYE line. `onLine` may answer a data line
 * (AUTHENTICATE's SASL challenge) — it is called with each one as it arrives.
 */
export async function readResponse(
  reader: SieveReader,
  deadline: number,
  onLine?: (tokens: Token[]) => void,
): Promise<Response> {
  const budget = { left: MAX_RESPONSE_BYTES };
  const lines: Token[][] = [];
  for (;;) {
    const tokens = await readTokens(reader, deadline, budget);
    const status = statusOf(tokens);
    if (status) return { status, ...parseStatus(tokens), lines };
    if (budget.left < 0) throw new SieveProtocolError('the ManageSieve response is too large');
    onLine?.(tokens);
    lines.push(tokens);
  }
}

/** RFC 5804 §1.6: script names hold no controls (C0, DEL, C1) nor line/paragraph separators. */
// eslint-disable-next-line no-control-regex -- the controls RFC 5804 §1.6 forbids
const BAD_NAME_CHAR = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function checkScriptName(name: string): void {
  if (BAD_NAME_CHAR.test(name) || Buffer.byteLength(name) > MAX_QUOTED_BYTES)
    throw new SieveInputError('a Sieve script name must be short and hold no control characters');
}

/** A command argument as a quoted string when it can be one, else a `{n+}` literal. */
export function encodeString(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length <= MAX_QUOTED_BYTES && !/[\r\n\0]/.test(value))
    return Buffer.concat([
      Buffer.from('"'),
      Buffer.from(value.replace(/["\\]/g, '\\$&')),
      Buffer.from('"'),
    ]);
  return encodeLiteral(bytes);
}

/** A non-synchronising literal (RFC 5804 §4 literal-c2s): `{n+}` CRLF and the bytes. */
export function encodeLiteral(bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`{${bytes.length}+}\r\n`), bytes]);
}
