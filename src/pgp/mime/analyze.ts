// analyzePgp: walks the MIME tree over the raw bytes (raw-mime.ts, so every range is
// exact) and reports each OpenPGP protection with its coverage. The tree is parsed here,
// not taken from postal-mime, because what is signed or encrypted must be decided on the
// bytes the signature covers, not on a parser's repaired view of them.
import {
  MAX_HEADER_BYTES,
  MAX_MESSAGE_BYTES,
  MAX_MIME_DEPTH,
  MAX_PARTS,
  MAX_RFC822_DEPTH,
} from '../../mail/limits.js';
import { joinPartId } from '../../mail/mime-tree.js';
import { describeEntity, entityAt, splitMultipart } from '../../mail/raw-mime.js';
import type { EntityInfo, RawEntity } from '../../mail/raw-mime.js';
import { transferDecode } from './decode.js';
import { scanInline } from './inline.js';
import { classifyEncrypted, classifySigned, type MultipartView } from './pgp-mime.js';
import type { Coverage, PgpAnalysis, PgpProtection } from './types.js';

/** A limit was hit: the walk stops, what was found so far is kept. */
class WalkLimit extends Error {
  override name = 'WalkLimit';
}

interface Walk {
  raw: Uint8Array;
  protections: PgpProtection[];
  problems: string[];
  parts: number;
  headerBytes: number;
}

/** RFC 5322 field name then a colon: how a MIME entity's first line looks. */
const FIELD_LINE = /^[\x21-\x39\x3b-\x7e]+:/;
const latin1 = new TextDecoder('windows-1252');

function describe(w: Walk, e: RawEntity): EntityInfo {
  w.headerBytes += e.bodyStart - e.start;
  if (w.headerBytes > MAX_HEADER_BYTES)
    throw new WalkLimit('The message has more header data than is examined for OpenPGP.');
  return describeEntity(w.raw, e);
}

/** `--boundary--` follows the last part (splitMultipart also accepts a message cut short). */
function isClosed(raw: Uint8Array, last: RawEntity | undefined, boundary: string): boolean {
  if (!last) return false;
  const close = `--${boundary}--`;
  const after = latin1.decode(
    raw.subarray(last.end, Math.min(raw.length, last.end + close.length + 2)),
  );
  return after.replace(/^\r?\n/, '').startsWith(close);
}

function walkMultipart(
  w: Walk,
  e: RawEntity,
  info: EntityInfo,
  id: string,
  cov: Coverage,
  depth: number,
  rfc822: number,
): void {
  const boundary = info.contentType.params.boundary ?? '';
  const children = boundary ? splitMultipart(w.raw, e, boundary) : [];
  const view: MultipartView = {
    raw: w.raw,
    entity: e,
    info,
    partId: id,
    coverage: cov,
    children,
    childIds: children.map((_, i) => joinPartId(id, i + 1)),
    describe: (child) => describe(w, child),
    closed: isClosed(w.raw, children[children.length - 1], boundary),
  };
  const sub = info.contentType.value;
  const found =
    sub === 'multipart/signed'
      ? classifySigned(view)
      : sub === 'multipart/encrypted'
        ? classifyEncrypted(view)
        : null;
  if (found) {
    w.protections.push(found);
    // What a valid signature covers is walked for protections inside it (an encrypted
    // or inline part); a ciphertext is opaque, and a malformed wrapper is not trusted.
    if (found.kind === 'pgp-mime-signed')
      walkEntity(w, children[0], view.childIds[0], cov, depth + 1, rfc822);
    return;
  }
  if (!boundary) w.problems.push(`Part ${id || '(root)'} is a multipart without a boundary.`);
  // Only an only child inherits the parent's coverage.
  const childCov: Coverage = cov === 'whole' && children.length === 1 ? 'whole' : 'part';
  children.forEach((child, i) =>
    walkEntity(w, child, view.childIds[i], childCov, depth + 1, rfc822),
  );
}

function walkEntity(
  w: Walk,
  e: RawEntity,
  id: string,
  cov: Coverage,
  depth: number,
  rfc822: number,
): void {
  if (++w.parts > MAX_PARTS)
    throw new WalkLimit(`The message has more than ${MAX_PARTS} parts; the rest was not examined.`);
  if (depth > MAX_MIME_DEPTH)
    throw new WalkLimit(
      `The message nests deeper than ${MAX_MIME_DEPTH} levels; the rest was not examined.`,
    );
  const info = describe(w, e);
  const type = info.contentType.value;
  if (type.startsWith('multipart/')) return walkMultipart(w, e, info, id, cov, depth, rfc822);
  if (type === 'message/rfc822') {
    // A forwarded message is an attachment: whatever it protects covers only itself.
    const raw = ['', '7bit', '8bit', 'binary'].includes(info.transferEncoding);
    if (!raw || rfc822 >= MAX_RFC822_DEPTH) return;
    const inner = entityAt(w.raw, e.bodyStart, e.end);
    const innerInfo = describe(w, inner);
    if (innerInfo.contentType.value.startsWith('multipart/'))
      return walkMultipart(w, inner, innerInfo, id, 'part', depth + 1, rfc822 + 1);
    return walkEntity(w, inner, joinPartId(id, 1), 'part', depth + 1, rfc822 + 1);
  }
  if (type !== 'text/plain' || info.disposition.value === 'attachment') return;
  const bytes = transferDecode(w.raw.subarray(e.bodyStart, e.end), info.transferEncoding);
  const scan = scanInline(bytes, info.contentType.params.charset, cov === 'whole');
  const range = { start: e.start, end: e.end };
  for (const reason of scan.problems)
    w.protections.push({
      kind: 'malformed',
      claimed: 'inline',
      partId: id,
      range,
      coverage: cov,
      reason,
    });
  if (scan.blocks.length === 0) return;
  const coverage = scan.blocks[0].coverage;
  w.protections.push({
    kind: 'inline',
    partId: id,
    range,
    coverage,
    text: scan.text,
    blocks: scan.blocks,
    outside: scan.outside,
  });
}

function analyzeRoot(raw: Uint8Array, root: RawEntity): PgpAnalysis {
  const range = { start: root.start, end: root.end };
  const w: Walk = { raw, protections: [], problems: [], parts: 0, headerBytes: 0 };
  if (raw.length > MAX_MESSAGE_BYTES) {
    const problems = ['The message is too large to examine for OpenPGP.'];
    return { root: { partId: '1', mimeType: 'text/plain', range }, protections: [], problems };
  }
  let mimeType = 'text/plain';
  let partId = '1';
  if (root.bodyStart - root.start > MAX_HEADER_BYTES) {
    const problems = ['The message has more header data than is examined for OpenPGP.'];
    return { root: { partId, mimeType, range }, protections: [], problems };
  }
  try {
    const info = describeEntity(raw, root);
    mimeType = info.contentType.value;
    if (mimeType.startsWith('multipart/')) partId = '';
    walkEntity(w, root, partId, 'whole', 0, 0);
  } catch (err) {
    // Limits end the walk by design; anything else is a bug met on hostile input, and
    // must still not take the reader down with it.
    w.problems.push(
      err instanceof WalkLimit ? err.message : 'The message structure could not be examined.',
    );
  }
  return { root: { partId, mimeType, range }, protections: w.protections, problems: w.problems };
}

/** PGP-4: every OpenPGP protection in a raw message (RFC 5322 bytes). Never throws. */
export function analyzePgp(raw: Uint8Array): PgpAnalysis {
  return analyzeRoot(raw, entityAt(raw, 0, raw.length));
}

/**
 * PGP-4: the same analysis for a decrypted PGP/MIME payload (RFC 3156 §4: itself a MIME
 * entity, possibly multipart/signed, §6.1), with part ids and coverage relative to it.
 * A payload that does not start with a header field (a decrypted inline message) is taken
 * as a text/plain body without headers. Never throws.
 */
export function analyzeDecrypted(plaintext: Uint8Array): PgpAnalysis {
  const firstLine = latin1.decode(plaintext.subarray(0, Math.min(plaintext.length, 200)));
  const headerless = !FIELD_LINE.test(firstLine) && !/^\r?\n/.test(firstLine);
  const root = headerless
    ? { start: 0, bodyStart: 0, end: plaintext.length }
    : entityAt(plaintext, 0, plaintext.length);
  return analyzeRoot(plaintext, root);
}
