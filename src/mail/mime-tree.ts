// A typed adapter over postal-mime's MIME tree. postal-mime exposes the tree only as
// the parser instance's internal `root` (a MimeNode), so this file is the one place that
// knows its shape; `assertMimeNodeShape` fails loudly if an upgrade changes it
// (test/mail/mime-tree.test.ts runs it over real fixtures).
import PostalMime from 'postal-mime';
import type { Email } from 'postal-mime';
import { decodeWords } from 'postal-mime';
import { MAX_HEADER_BYTES, MAX_MIME_DEPTH, MAX_PARTS } from './limits.js';
import { decodeLenient } from './text.js';

/** The subset of postal-mime 4's internal MimeNode that we read. */
interface PostalMimeNode {
  childNodes: PostalMimeNode[];
  contentType: {
    parsed: { value: string; params: Record<string, string> };
    multipart: string | false;
  };
  contentDisposition: { parsed: { value: string; params: Record<string, string> } };
  contentId?: string;
  content: ArrayBuffer | null;
  headers: { key: string; originalKey: string; value: string }[];
  getTextContent(): string;
  decodeFlowedText(str: string, delSp: boolean): string;
  /** Installs the decoder of the part's body once its headers are read. */
  setupContentDecoder(transferEncoding: string): void;
}

/** What a node holds while parsing, for the text-only mode (see `parseMimeTree`). */
interface ParsingNode extends PostalMimeNode {
  postalMime: { [TEXT_ONLY]?: boolean };
  contentDecoder: unknown;
}

export interface MimeTreeNode {
  /** IMAP-style section number ("1", "2.1"); "" for a multipart message root. */
  partId: string;
  /** Lowercased "type/subtype". */
  mimeType: string;
  /** The multipart subtype ("mixed", "alternative", …) or null for a leaf. */
  multipart: string | null;
  params: Readonly<Record<string, string>>;
  /** Lowercased Content-Disposition value, "" when absent. */
  disposition: string;
  /** Content-ID without angle brackets. */
  contentId: string | null;
  /** The filename the part declares (encoded words decoded), uncleaned, or null. */
  filename: string | null;
  /**
   * Decoded body bytes (transfer encoding removed); null for multiparts. Empty for parts
   * other than text and messages in a text-only parse.
   */
  content: Uint8Array | null;
  children: MimeTreeNode[];
  /** True for text/plain; format=flowed. */
  flowed: boolean;
  /** The part's text: charset applied (lenient when unlabeled), flowed lines joined. */
  text(): string;
}

export class MimeTreeShapeError extends Error {
  override name = 'MimeTreeShapeError';
}

/** Throws MimeTreeShapeError when `node` is not the MimeNode shape this adapter was written for. */
export function assertMimeNodeShape(node: unknown): asserts node is PostalMimeNode {
  const n = node as Partial<PostalMimeNode> | null;
  const problems: string[] = [];
  if (!n || typeof n !== 'object') problems.push('root is not an object');
  else {
    if (!Array.isArray(n.childNodes)) problems.push('childNodes is not an array');
    if (typeof n.contentType?.parsed?.value !== 'string') problems.push('contentType.parsed.value');
    if (typeof n.contentType?.parsed?.params !== 'object')
      problems.push('contentType.parsed.params');
    if (!('multipart' in (n.contentType ?? {}))) problems.push('contentType.multipart');
    if (typeof n.contentDisposition?.parsed?.value !== 'string')
      problems.push('contentDisposition.parsed');
    if (!('content' in n)) problems.push('content');
    if (!Array.isArray(n.headers)) problems.push('headers');
    if (typeof n.getTextContent !== 'function') problems.push('getTextContent()');
    if (typeof n.decodeFlowedText !== 'function') problems.push('decodeFlowedText()');
    if (typeof n.setupContentDecoder !== 'function') problems.push('setupContentDecoder()');
  }
  if (problems.length) {
    throw new MimeTreeShapeError(`postal-mime's MIME tree changed shape: ${problems.join(', ')}`);
  }
}

/** Marks a PostalMime instance whose parts other than body text and messages keep no bytes. */
const TEXT_ONLY = Symbol('textOnly');

/** A part body decoder that keeps nothing: the part's bytes are not wanted. */
const DISCARD = {
  update(): void {},
  finalize: (): Promise<ArrayBuffer> => Promise.resolve(new ArrayBuffer(0)),
};

/** The message types walk.ts parses as nested messages (unless attached as files). */
const NESTED_MESSAGES = new Set(['message/rfc822', 'message/global']);

/**
 * Parts whose bytes a summary or the search index reads — what walk.ts may show as the
 * body: plain text and HTML (no type is plain text), nested messages, and multiparts. A
 * part sent as an attachment (`Content-Disposition: attachment`) is never shown as the
 * body, whatever its type; nor are other text types (calendars, CSV, vCards), which are
 * always files.
 */
function bytesWanted(mimeType: string, disposition: string): boolean {
  if (mimeType.startsWith('multipart/')) return true;
  if (disposition === 'attachment') return false;
  return (
    mimeType === '' ||
    mimeType === 'text/plain' ||
    mimeType === 'text/html' ||
    NESTED_MESSAGES.has(mimeType)
  );
}

const discarding = new WeakSet<object>();

/**
 * Lets nodes of a text-only parse discard the bytes of their other parts (images, PDFs,
 * any attachment) instead of decoding them: about half of a typical mailbox's bytes are
 * base64 attachments, which postal-mime decodes line by line. postal-mime offers no
 * such option, so its node prototype's decoder set-up is wrapped, once, and acts only
 * for parsers marked TEXT_ONLY; other parses are untouched.
 */
function allowDiscarding(node: PostalMimeNode): void {
  const proto = Object.getPrototypeOf(node) as PostalMimeNode;
  if (discarding.has(proto)) return;
  discarding.add(proto);
  const setup = proto.setupContentDecoder;
  proto.setupContentDecoder = function (this: ParsingNode, transferEncoding: string): void {
    if (!this.postalMime[TEXT_ONLY]) return setup.call(this, transferEncoding);
    if (!bytesWanted(this.contentType.parsed.value, this.contentDisposition.parsed.value)) {
      this.contentDecoder = DISCARD;
      return;
    }
    // Text-only decoders: postal-mime's own, built leaner (null: its own are used),
    // chosen in the order postal-mime chooses them.
    const leaner = BASE64_ENCODING.test(transferEncoding)
      ? asciiBase64Decoder
      : QP_ENCODING.test(transferEncoding)
        ? smallQpDecoder
        : null;
    const decoder = leaner?.(() => {
      setup.call(this, transferEncoding);
      return this.contentDecoder;
    });
    if (decoder) {
      this.contentDecoder = decoder;
      return;
    }
    setup.call(this, transferEncoding);
  };
}

const BASE64_ENCODING = /base64/i;

/**
 * The first decoder postal-mime builds (`build`), when it has the shape `shaped` checks:
 * its prototype then builds the leaner ones. null: another postal-mime, whose decoders
 * are left as they are.
 */
function firstDecoder<T extends object>(
  build: () => unknown,
  shaped: (decoder: Partial<T>) => boolean,
): T | null {
  const first = build() as Partial<T> | null;
  return first !== null && typeof first === 'object' && shaped(first) ? (first as T) : null;
}

/** Lines as text for the base64 decoder: no TextDecoder call for a short line. */
const BASE64_LINE_TEXT = {
  latin1: new TextDecoder('windows-1252'),
  decode(line: Uint8Array): string {
    return asciiText(line) ?? this.latin1.decode(line);
  },
};

interface Base64DecoderFields {
  decoder: { decode(line: Uint8Array): string };
  maxChunkSize: number;
  chunks: unknown[];
  remainder: string;
}

/** postal-mime's base64 decoder prototype, taken from the first decoder it builds. */
let base64Prototype: object | null | undefined;
let base64ChunkSize = 0;

/**
 * postal-mime's base64 decoder turns each line into text with a TextDecoder call (and
 * builds a TextDecoder per part) before it keeps the base64 characters: microseconds per
 * line in a browser, where a base64 HTML body has dozens. A text-only parse gets the same
 * decoder, its own code, reading each line as Latin-1 instead: the base64 characters are
 * ASCII, and a line's ASCII bytes come out of UTF-8 and of Latin-1 decoding alike, in the
 * same order (a malformed UTF-8 sequence never swallows an ASCII byte); every other
 * character is dropped by the decoder either way.
 */
function asciiBase64Decoder(build: () => unknown): Base64DecoderFields | null {
  if (base64Prototype === undefined) {
    const first = firstDecoder<Base64DecoderFields>(
      build,
      (d) =>
        typeof d.decoder?.decode === 'function' &&
        typeof d.maxChunkSize === 'number' &&
        Array.isArray(d.chunks) &&
        d.remainder === '',
    );
    base64Prototype = first && (Object.getPrototypeOf(first) as object);
    base64ChunkSize = first?.maxChunkSize ?? 0;
  }
  if (base64Prototype === null) return null;
  const d = Object.create(base64Prototype) as Base64DecoderFields;
  d.decoder = BASE64_LINE_TEXT;
  d.maxChunkSize = base64ChunkSize;
  d.chunks = [];
  d.remainder = '';
  return d;
}

const QP_ENCODING = /quoted-printable/i;
/**
 * postal-mime's quoted-printable decoder allocates a 100 KB buffer for every part, even
 * one of a few hundred bytes (every text part of most mail): at 10,000 messages that is
 * over a gigabyte allocated, zeroed and collected. A text-only parse gets the same
 * decoder, its own code, starting with a buffer of this size (it keeps its chunking).
 */
const QP_BUFFER_BYTES = 8 * 1024;

interface QpDecoderFields {
  maxChunkSize: number;
  buffer: Uint8Array;
  bufferPos: number;
  chunks: Uint8Array[];
  finalize?: () => unknown;
}

/** postal-mime's decoder prototype, taken from the first decoder it builds (`build`). */
let qpPrototype: object | null | undefined;

function smallQpDecoder(build: () => unknown): QpDecoderFields | null {
  if (qpPrototype === undefined) {
    const first = firstDecoder<QpDecoderFields>(
      build,
      (d) =>
        d.buffer instanceof Uint8Array &&
        typeof d.maxChunkSize === 'number' &&
        d.bufferPos === 0 &&
        Array.isArray(d.chunks),
    );
    qpPrototype = first && (Object.getPrototypeOf(first) as object);
  }
  if (qpPrototype === null) return null;
  const d = Object.create(qpPrototype) as QpDecoderFields;
  d.maxChunkSize = QP_BUFFER_BYTES;
  d.buffer = qpBuffers.pop() ?? new Uint8Array(QP_BUFFER_BYTES);
  d.bufferPos = 0;
  d.chunks = [];
  const finalize = (qpPrototype as { finalize?: unknown }).finalize;
  if (typeof finalize === 'function') {
    d.finalize = function (this: QpDecoderFields): unknown {
      // postal-mime's finalize copies what the buffer holds into a chunk first.
      const out: unknown = finalize.call(this);
      if (qpBuffers.length < QP_POOL_MAX && this.buffer.byteLength === QP_BUFFER_BYTES) {
        qpBuffers.push(this.buffer);
      }
      this.buffer = NO_BUFFER;
      return out;
    };
  }
  return d;
}

/**
 * Working buffers of finished quoted-printable decoders, for the next ones: in a browser
 * each new ArrayBuffer costs microseconds and adds to the collector's work, and a summary
 * decodes about one such part per message. A decoder owns its buffer until `finalize`,
 * which copies the bytes out before the buffer goes back here.
 */
const qpBuffers: Uint8Array[] = [];
const QP_POOL_MAX = 4;
/** A finished decoder's buffer: nothing it could write would reach a pooled buffer. */
const NO_BUFFER = new Uint8Array(0);

/** postal-mime's steps after the tree is read that build `email.text`, `.html` and `.attachments`. */
const BODY_ASSEMBLY = ['collectNode', 'renderTextContent'] as const;

/**
 * A text-only parse reads the tree (`adapt`) and the header fields of `email`, never
 * postal-mime's assembled bodies or its attachment list: building them decoded every text
 * part once more than the walk does (both sides of an alternative) and turned plain text
 * into HTML. Those steps are skipped for this parser (an instance override, like
 * TEXT_ONLY); a postal-mime without them is left as it is.
 */
function skipBodyAssembly(parser: PostalMime): void {
  const internals = parser as unknown as Record<string, unknown>;
  if (!BODY_ASSEMBLY.every((name) => typeof internals[name] === 'function')) return;
  internals['collectNode'] = () => Promise.resolve();
  internals['renderTextContent'] = () => undefined;
}

/** postal-mime's line reader, which `readLinesInline` replaces. */
interface LineReader {
  buf: ArrayBuffer;
  av: Uint8Array;
  readPos: number;
  currentNode: ReaderNode;
  readLine(): { bytes: Uint8Array; done: boolean };
  resolveInput(input: unknown): Promise<ArrayBuffer>;
}

/** What the reader touches of postal-mime's MimeNode while it reads a part. */
interface ReaderNode {
  state?: unknown;
  contentDecoder?: unknown;
  headerLines?: unknown;
  options?: { maxHeadersSize?: unknown };
  postalMime?: { headerSize?: unknown };
  feed(line: Uint8Array): void;
}

const LF = 10;
const CR = 13;
const DASH = 45;
/** Longer header lines go through postal-mime's own decoder. */
const ASCII_LINE_MAX = 4096;

/** The line as a string when it is ASCII (what UTF-8 decoding gives then); else null. */
function asciiText(line: Uint8Array): string | null {
  if (line.length > ASCII_LINE_MAX) return null;
  for (let i = 0; i < line.length; i++) if ((line[i] as number) > 0x7f) return null;
  return String.fromCharCode.apply(null, line as unknown as number[]);
}

/**
 * Feeds a header line as `MimeNode.feed` does (size counted against the limit, line kept
 * decoded), without a TextDecoder call when the line is ASCII: in a browser each call
 * costs microseconds, and a message has ~20 header lines. Returns false to leave the line
 * to `feed` (the blank line that ends the headers, 8-bit text, the limit reached, or a
 * node of another shape).
 */
function feedAsciiHeaderLine(node: ReaderNode, line: Uint8Array): boolean {
  if (node.state !== 'header' || line.length === 0) return false;
  const counter = node.postalMime;
  const max = node.options?.maxHeadersSize;
  const lines = node.headerLines;
  if (!counter || typeof counter.headerSize !== 'number' || typeof max !== 'number') return false;
  if (!Array.isArray(lines) || counter.headerSize + line.length > max) return false;
  const text = asciiText(line);
  if (text === null) return false;
  counter.headerSize += line.length;
  lines.push(text);
  return true;
}

/**
 * Where the reader may go on to from `pos` (a line start) inside a part whose bytes are
 * discarded: the next line that starts with "--" (only such a line can be a boundary), or
 * the message's last line, which postal-mime must read itself (it finishes the parse).
 */
export function nextLineToRead(av: Uint8Array, pos: number, to = av.length): number {
  const last = to >= 2 ? av.lastIndexOf(LF, to - 2) + 1 : 0;
  if (pos >= last) return pos;
  if (av[pos] === DASH && av[pos + 1] === DASH) return pos;
  for (let lf = av.indexOf(LF, pos); lf !== -1 && lf + 1 < last; lf = av.indexOf(LF, lf + 1)) {
    if (av[lf + 1] === DASH && av[lf + 2] === DASH) return lf + 1;
  }
  return last;
}

/**
 * postal-mime reads a message line by line and awaits `processLine` for each: a promise,
 * a microtask and a small object per line (~66 lines per message of the bench corpus).
 * `processLine` does more than feed the line to the current part only for a line that
 * starts with "--" (a boundary, or not) and for the last line (which finishes the parse).
 * This parser's `readLine` splits lines as postal-mime's does (up to LF, trailing CRs
 * dropped) and feeds every other line itself, synchronously, as `processLine` would: the
 * parse is the same (checked message by message on the bench corpora and the fixtures).
 * - In a part whose bytes are discarded (a text-only parse's attachments), the lines up
 *   to the next "--" are not even split: they would be fed to a decoder that keeps nothing.
 * - ASCII header lines are decoded without a TextDecoder call (`feedAsciiHeaderLine`).
 * - The message is read where it lies: postal-mime copies a view's bytes into a buffer
 *   of their own (`resolveInput`), a copy of every message of a sync batch, which arrive
 *   as views of one buffer. This reader reads the view's range of its buffer instead.
 * Should postal-mime's reader state look otherwise, the parse fails with
 * MimeTreeShapeError (test/mail/mime-tree.test.ts fails on such an upgrade).
 */
export function readLinesInline(parser: PostalMime, raw: Uint8Array): void {
  const reader = parser as unknown as Partial<LineReader>;
  if (typeof reader.readLine !== 'function' || typeof reader.resolveInput !== 'function') {
    throw new MimeTreeShapeError("postal-mime's reader changed shape: readLine, resolveInput");
  }
  // A view's own range of its buffer. postal-mime reads no line of an empty message.
  const inPlace = raw.buffer instanceof ArrayBuffer && raw.byteLength > 0;
  const from = inPlace ? raw.byteOffset : 0;
  const to = inPlace ? raw.byteOffset + raw.byteLength : raw.byteLength;
  if (inPlace) {
    const buffer = raw.buffer;
    reader.resolveInput = () => Promise.resolve(buffer);
  }
  reader.readLine = function (this: LineReader) {
    const av = this.av;
    if (!(av instanceof Uint8Array) || av.buffer !== this.buf || av.byteOffset !== 0) {
      throw new MimeTreeShapeError("postal-mime's reader changed shape: buf, av");
    }
    if (!(this.readPos >= from)) this.readPos = from;
    for (;;) {
      const node = this.currentNode;
      if (node.contentDecoder === DISCARD && node.state === 'body') {
        this.readPos = nextLineToRead(av, this.readPos, to);
      }
      // postal-mime's line: up to LF, without the CRs before it; the LF is consumed.
      const start = this.readPos;
      let lf = av.indexOf(LF, start);
      if (lf >= to) lf = -1;
      const next = lf === -1 ? to : lf + 1;
      let end = lf === -1 ? to : lf;
      while (end > start && av[end - 1] === CR) end--;
      const bytes = new Uint8Array(this.buf, start, end - start);
      const done = next >= to;
      // After the last line, the reader is at the buffer's end: postal-mime's loop stops.
      this.readPos = done ? av.length : next;
      if (done || (bytes[0] === DASH && bytes[1] === DASH)) return { bytes, done };
      if (!feedAsciiHeaderLine(node, bytes)) node.feed(bytes);
    }
  };
}

export function joinPartId(prefix: string, index: number): string {
  return prefix ? `${prefix}.${index}` : String(index);
}

function stripAngles(id: string | undefined): string | null {
  const t = (id ?? '').trim().replace(/^<|>$/g, '').trim();
  return t || null;
}

interface AdaptState {
  count: number;
  truncated: boolean;
}

function adapt(node: PostalMimeNode, partId: string, state: AdaptState): MimeTreeNode {
  state.count++;
  const ct = node.contentType.parsed;
  const params = ct.params;
  const rawName = node.contentDisposition.parsed.params.filename || params.name || '';
  const flowed = ct.value === 'text/plain' && /^flowed$/i.test(params.format ?? '');
  const out: MimeTreeNode = {
    partId,
    mimeType: ct.value || 'text/plain',
    multipart: node.contentType.multipart || null,
    params,
    disposition: node.contentDisposition.parsed.value,
    contentId: stripAngles(node.contentId),
    filename: rawName ? decodeWords(rawName) : null,
    content: node.content ? new Uint8Array(node.content) : null,
    children: [],
    flowed,
    text() {
      if (!node.content) return '';
      // Unlabeled 8-bit text is usually latin-1; postal-mime would read it as UTF-8.
      if (!params.charset) {
        const s = decodeLenient(new Uint8Array(node.content));
        return flowed ? node.decodeFlowedText(s, /^yes$/i.test(params.delsp ?? '')) : s;
      }
      return node.getTextContent();
    },
  };
  node.childNodes.forEach((child, i) => {
    if (state.count >= MAX_PARTS) {
      state.truncated = true;
      return;
    }
    out.children.push(adapt(child, joinPartId(partId, i + 1), state));
  });
  return out;
}

export interface MimeTree {
  /** postal-mime's own result, used for its header decoding (addresses, subject, dates). */
  email: Email;
  root: MimeTreeNode;
  /** Every part of the tree, multiparts included. */
  partCount: number;
  /** True when parts beyond MAX_PARTS were left out. */
  truncated: boolean;
}

/**
 * Parses with postal-mime and returns its tree. `prefix` is the section number of the
 * message/rfc822 part this message sits in ("" for a top-level message), so part ids of
 * nested messages continue the outer numbering like IMAP's BODY[2.1].
 * Rejects (with postal-mime's message) when a depth or header-size limit is hit.
 * `textOnly`: parts other than text, messages and multiparts keep no bytes (empty
 * content), for a summary or the search index, which never read them.
 */
export async function parseMimeTree(
  raw: Uint8Array,
  prefix = '',
  textOnly = false,
): Promise<MimeTree> {
  const parser = new PostalMime({
    maxNestingDepth: MAX_MIME_DEPTH,
    maxHeadersSize: MAX_HEADER_BYTES,
    // We parse message/rfc822 parts ourselves, with their own tree (see walk.ts), and
    // count their depth against MAX_RFC822_DEPTH; letting postal-mime parse them too
    // would do the work twice.
    maxRfc822NestingDepth: 0,
  });
  const internals = parser as unknown as { root: unknown; [TEXT_ONLY]?: boolean };
  if (textOnly) {
    assertMimeNodeShape(internals.root);
    allowDiscarding(internals.root);
    internals[TEXT_ONLY] = true;
    skipBodyAssembly(parser);
  }
  readLinesInline(parser, raw);
  const email = await parser.parse(raw);
  const root: unknown = internals.root;
  assertMimeNodeShape(root);
  const state: AdaptState = { count: 0, truncated: false };
  const rootId = root.contentType.multipart ? prefix : joinPartId(prefix, 1);
  const tree = adapt(root, rootId, state);
  return { email, root: tree, partCount: state.count, truncated: state.truncated };
}
