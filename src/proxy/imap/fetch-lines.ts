// The untagged FETCH responses of the two bulk reads (the listing and the body download)
// read straight from imapflow's line stream, before its general parser sees them.
//
// Why: imapflow tokenizes every response into a generic tree (token objects, section
// parsing, string copies), then our code walks that tree for a few plain items. Measured
// on the bench's 10k Dovecot INBOX: Dovecot answers `UID FETCH 1:* (UID INTERNALDATE
// X-GUID)` in 28 ms, imapflow's fetch of it takes 160–230 ms, and that listing stands
// alone on the bootstrap's path (nothing else can start before the ids are known). The
// body download spends the same per-line cost 10,000 times more (ADR 0012, session 16).
//
// How: imapflow hands each complete response (its line, literal markers included, and the
// literals' bytes) to its `handleResponse`. `withFetchLines` puts a reader in front of it
// on one connection for the length of one command: a `* n FETCH (…)` line whose items it
// can read is given to `onRow` and goes no further; anything else (tagged completion,
// EXISTS, a FETCH it cannot read) goes to imapflow exactly as before, so the general path
// is always the fallback. The reader only accepts the plain IMAP grammar of RFC 9051 §9
// (atoms, numbers, quoted strings, literals, NIL, parenthesized lists).
import type { ImapFlow } from 'imapflow';
import type { ImapValue } from './raw.js';

/** What imapflow's line stream hands over (handler/imap-stream.js): a response, whole. */
interface StreamItem {
  payload: Buffer;
  literals: Buffer[];
}

interface WithHandleResponse {
  handleResponse(data: StreamItem): Promise<boolean>;
}

type RowSink = (items: Map<string, ImapValue>) => void;

/** The sink of the command running on each connection that has one. */
const sinks = new WeakMap<ImapFlow, RowSink>();
const hooked = new WeakSet<ImapFlow>();

const SP = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = 0x28;
const CLOSE = 0x29;
const BRACE = 0x7b;
const BRACKET_OPEN = 0x5b;
const BRACKET_CLOSE = 0x5d;
const CR = 0x0d;
const LF = 0x0a;

/** Lists inside lists the reader follows (the bulk items nest two deep at most). */
const MAX_DEPTH = 8;

/** Thrown inside the reader for anything outside the plain grammar: the line falls back. */
class NotPlain extends Error {}

class LineReader {
  pos = 0;
  private literal = 0;
  private depth = 0;

  constructor(
    private readonly line: Buffer,
    private readonly literals: readonly Buffer[],
  ) {}

  get done(): boolean {
    return this.pos >= this.line.length;
  }

  peek(): number {
    return this.line[this.pos] ?? -1;
  }

  expect(byte: number): void {
    if (this.line[this.pos] !== byte) throw new NotPlain();
    this.pos++;
  }

  /** An atom, a number or a FETCH item name (`BODY[HEADER.FIELDS (DATE)]<0>`). */
  word(name = false): string {
    const start = this.pos;
    let depth = 0;
    for (; this.pos < this.line.length; this.pos++) {
      const c = this.line[this.pos] as number;
      if (c === CR || c === LF) throw new NotPlain();
      if (name && c === BRACKET_OPEN) depth++;
      else if (name && c === BRACKET_CLOSE) depth--;
      else if (depth > 0) continue;
      else if (c === SP || c === OPEN || c === CLOSE) break;
      else if (c === QUOTE || c === BRACE || c < SP || c > 0x7e) throw new NotPlain();
    }
    if (this.pos === start || depth !== 0) throw new NotPlain();
    return this.line.toString('latin1', start, this.pos);
  }

  quoted(): string {
    this.expect(QUOTE);
    const start = this.pos;
    let plain = true;
    for (; this.pos < this.line.length; this.pos++) {
      const c = this.line[this.pos];
      if (c === QUOTE) break;
      if (c === CR || c === LF) throw new NotPlain();
      if (c === BACKSLASH) {
        plain = false;
        this.pos++;
      }
    }
    if (this.pos >= this.line.length) throw new NotPlain();
    const raw = this.line.toString('utf8', start, this.pos);
    this.pos++;
    return plain ? raw : raw.replace(/\\(.)/g, '$1');
  }

  /** `{n}` and its line break; the bytes are the next literal of the response. */
  literalBytes(): Buffer {
    this.expect(BRACE);
    const close = this.line.indexOf('}', this.pos, 'latin1');
    if (close < 0) throw new NotPlain();
    const size = Number(this.line.toString('latin1', this.pos, close));
    this.pos = close + 1;
    if (this.line[this.pos] === CR) this.pos++;
    this.expect(LF);
    const bytes = this.literals[this.literal++];
    if (!bytes || !Number.isSafeInteger(size) || bytes.length !== size) throw new NotPlain();
    return bytes;
  }

  value(): ImapValue {
    const c = this.peek();
    if (c === OPEN) return this.list();
    if (c === QUOTE) return { type: 'STRING', value: this.quoted() };
    if (c === BRACE) return { type: 'LITERAL', value: this.literalBytes() };
    const word = this.word();
    return word.toUpperCase() === 'NIL' ? null : { type: 'ATOM', value: word };
  }

  list(): ImapValue[] {
    // A hostile nesting goes to imapflow, which bounds it, instead of down our stack.
    if (++this.depth > MAX_DEPTH) throw new NotPlain();
    this.expect(OPEN);
    const out: ImapValue[] = [];
    while (this.peek() !== CLOSE) {
      if (out.length > 0) this.expect(SP);
      out.push(this.value());
    }
    this.expect(CLOSE);
    this.depth--;
    return out;
  }

  get literalsLeft(): number {
    return this.literals.length - this.literal;
  }
}

const FETCH_PREFIX = Buffer.from('* ');
const FETCH_WORD = Buffer.from(' FETCH (');

/**
 * The items of one `* n FETCH (…)` response, names upper case with any section dropped
 * (`BODY[]` is `BODY`, as `pairs()` names imapflow's tokens), or null when the line is no
 * FETCH or holds something outside the plain grammar.
 */
export function readFetchLine(
  payload: Buffer,
  literals: readonly Buffer[],
): Map<string, ImapValue> | null {
  if (payload.compare(FETCH_PREFIX, 0, 2, 0, 2) !== 0) return null;
  const at = payload.indexOf(FETCH_WORD, 2);
  if (at < 3) return null;
  for (let i = 2; i < at; i++) {
    const c = payload[i] as number;
    if (c < 0x30 || c > 0x39) return null;
  }
  const reader = new LineReader(payload, literals);
  reader.pos = at + FETCH_WORD.length - 1;
  try {
    reader.expect(OPEN);
    const items = new Map<string, ImapValue>();
    while (reader.peek() !== CLOSE) {
      if (items.size > 0) reader.expect(SP);
      const name = reader.word(true);
      reader.expect(SP);
      const key = name.replace(/[[<].*$/s, '').toUpperCase();
      // A name twice (two sections of BODY) is more than a plain row: the general path.
      if (items.has(key)) return null;
      items.set(key, reader.value());
    }
    reader.expect(CLOSE);
    if (!reader.done || reader.literalsLeft !== 0) return null;
    return items;
  } catch (err) {
    if (err instanceof NotPlain) return null;
    throw err;
  }
}

/** Whether this imapflow connection has the method the reader sits in front of. */
function canHook(client: ImapFlow): client is ImapFlow & WithHandleResponse {
  return typeof (client as unknown as Partial<WithHandleResponse>).handleResponse === 'function';
}

function hook(client: ImapFlow & WithHandleResponse): void {
  if (hooked.has(client)) return;
  hooked.add(client);
  const original = client.handleResponse.bind(client);
  client.handleResponse = async (data: StreamItem) => {
    const sink = sinks.get(client);
    if (sink && data && Buffer.isBuffer(data.payload) && Array.isArray(data.literals)) {
      const items = readFetchLine(data.payload, data.literals);
      if (items) {
        sink(items);
        return true;
      }
    }
    return original(data);
  };
}

/**
 * Runs `command` (one raw UID FETCH) with its readable FETCH lines going to `onRow` as item
 * maps; the lines the reader cannot read reach `onUntagged`'s general path as before.
 * Without the hook point (another imapflow), everything takes the general path.
 */
export async function withFetchLines<T>(
  client: ImapFlow,
  onRow: RowSink,
  command: () => Promise<T>,
): Promise<T> {
  if (!canHook(client)) return command();
  hook(client);
  sinks.set(client, onRow);
  try {
    return await command();
  } finally {
    sinks.delete(client);
  }
}
