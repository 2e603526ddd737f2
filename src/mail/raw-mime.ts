// A small MIME splitter over raw bytes: finds the byte range of a part by its section
// number, so a part can be replaced while every other byte stays identical (ATTACH-4).
// Numbering matches mime-tree.ts (IMAP-style sections).
import { decodeWords } from 'postal-mime';
import { MAX_PARTS } from './limits.js';

export class PartNotFoundError extends Error {
  override name = 'PartNotFoundError';
}

/** Byte offsets into the raw message: the header block is [start, bodyStart). */
export interface RawEntity {
  start: number;
  bodyStart: number;
  end: number;
}

export interface RawField {
  /** Lowercased field name. */
  key: string;
  /** Unfolded value. */
  value: string;
  /** Byte range of the whole field, folding lines and line break included. */
  start: number;
  end: number;
}

const latin1 = new TextDecoder('windows-1252');

/** Splits an entity's header block into fields (folded lines joined). */
export function readFields(raw: Uint8Array, e: RawEntity): RawField[] {
  const fields: RawField[] = [];
  let pos = e.start;
  while (pos < e.bodyStart) {
    let lineEnd = raw.indexOf(0x0a, pos);
    lineEnd = lineEnd < 0 || lineEnd >= e.bodyStart ? e.bodyStart : lineEnd + 1;
    const line = latin1.decode(raw.subarray(pos, lineEnd));
    const last = fields[fields.length - 1];
    if ((line[0] === ' ' || line[0] === '\t') && last) {
      last.value += line.replace(/\r?\n$/, '');
      last.end = lineEnd;
    } else if (line.trim()) {
      const sep = line.indexOf(':');
      fields.push({
        key: (sep < 0 ? line : line.slice(0, sep)).trim().toLowerCase(),
        value: sep < 0 ? '' : line.slice(sep + 1).replace(/\r?\n$/, ''),
        start: pos,
        end: lineEnd,
      });
    }
    pos = lineEnd;
  }
  return fields;
}

/** The entity spanning [start, end): its header block ends at the first empty line. */
export function entityAt(raw: Uint8Array, start: number, end: number): RawEntity {
  let pos = start;
  while (pos < end) {
    if (raw[pos] === 0x0a) return { start, bodyStart: pos + 1, end };
    if (raw[pos] === 0x0d && raw[pos + 1] === 0x0a) return { start, bodyStart: pos + 2, end };
    const nl = raw.indexOf(0x0a, pos);
    if (nl < 0 || nl >= end) break;
    pos = nl + 1;
  }
  return { start, bodyStart: end, end };
}

export interface ParamHeader {
  value: string;
  params: Record<string, string>;
}

/** Parses `type/sub; a=b; c="d"` and RFC 2231 `name*=charset''pct` (with `*0*` continuations). */
export function parseParamHeader(value: string): ParamHeader {
  const [head = '', ...rest] = value.match(/(?:"(?:\\.|[^"\\])*"|[^;])+/g) ?? [];
  const params: Record<string, string> = {};
  const continued: Record<string, string[]> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const key = p.slice(0, eq).trim().toLowerCase();
    let val = p.slice(eq + 1).trim();
    if (val.startsWith('"')) val = val.slice(1, -1).replace(/\\(.)/g, '$1');
    const m = key.match(/^([^*]+)(?:\*(\d+))?(\*)?$/);
    if (!m) continue;
    const [, name, index, extended] = m;
    if (extended) {
      const charsetMatch =
        index === undefined || index === '0' ? val.match(/^([^']*)'[^']*'(.*)$/) : null;
      if (charsetMatch) val = charsetMatch[2];
      val = decodePct(val, charsetMatch?.[1] || 'utf-8');
    }
    if (index !== undefined) (continued[name] ??= [])[Number(index)] = val;
    else if (!(name in params) || extended) params[name] = val;
  }
  for (const [name, pieces] of Object.entries(continued)) params[name] = pieces.join('');
  return { value: head.trim().toLowerCase(), params };
}

function decodePct(s: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%' && /^[0-9a-f]{2}$/i.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(s.charCodeAt(i) & 0xff);
  }
  try {
    return new TextDecoder(charset).decode(new Uint8Array(bytes));
  } catch {
    return latin1.decode(new Uint8Array(bytes));
  }
}

export function fieldValue(fields: RawField[], key: string): string {
  return fields.find((f) => f.key === key)?.value.trim() ?? '';
}

export interface EntityInfo {
  contentType: ParamHeader;
  disposition: ParamHeader;
  filename: string | null;
  transferEncoding: string;
}

export function describeEntity(raw: Uint8Array, e: RawEntity): EntityInfo {
  const fields = readFields(raw, e);
  const contentType = parseParamHeader(fieldValue(fields, 'content-type') || 'text/plain');
  const disposition = parseParamHeader(fieldValue(fields, 'content-disposition'));
  const name = disposition.params.filename || contentType.params.name;
  return {
    contentType,
    disposition,
    filename: name ? decodeWords(name) : null,
    transferEncoding: fieldValue(fields, 'content-transfer-encoding').toLowerCase(),
  };
}

/**
 * The parts of a multipart body (RFC 2046 §5.1.1: the line break before a delimiter belongs
 * to it), at most `maxParts`: a hostile body of millions of delimiter lines stops there
 * instead of building millions of ranges first.
 */
export function splitMultipart(
  raw: Uint8Array,
  e: RawEntity,
  boundary: string,
  maxParts = MAX_PARTS,
): RawEntity[] {
  const delimiter = new TextEncoder().encode(`--${boundary}`);
  const starts: number[] = [];
  const breaks: number[] = [];
  let closed = false;
  let pos = e.bodyStart;
  // One start more than the parts kept: its delimiter ends the last kept part.
  while (pos < e.end && !closed && starts.length <= maxParts) {
    let lineEnd = raw.indexOf(0x0a, pos);
    lineEnd = lineEnd < 0 || lineEnd >= e.end ? e.end : lineEnd + 1;
    if (startsWith(raw, pos, delimiter)) {
      const after = latin1.decode(raw.subarray(pos + delimiter.length, lineEnd));
      const close = after.startsWith('--');
      if (/^[ \t]*\r?\n?$/.test(close ? after.slice(2) : after)) {
        const br =
          pos > e.bodyStart && raw[pos - 1] === 0x0a
            ? raw[pos - 2] === 0x0d
              ? pos - 2
              : pos - 1
            : pos;
        breaks.push(br);
        if (close) closed = true;
        else starts.push(lineEnd);
      }
    }
    pos = lineEnd;
  }
  // breaks[i + 1] ends the part that starts at starts[i]; a missing close delimiter ends at the entity.
  return starts
    .slice(0, maxParts)
    .map((s, i) => entityAt(raw, s, Math.max(s, breaks[i + 1] ?? e.end)));
}

function startsWith(raw: Uint8Array, pos: number, needle: Uint8Array): boolean {
  if (pos + needle.length > raw.length) return false;
  for (let i = 0; i < needle.length; i++) if (raw[pos + i] !== needle[i]) return false;
  return true;
}

function descendMessage(raw: Uint8Array, msg: RawEntity, segs: number[], id: string): RawEntity {
  const info = describeEntity(raw, msg);
  if (info.contentType.value.startsWith('multipart/'))
    return descendMultipart(raw, msg, info, segs, id);
  if (segs[0] !== 1) throw new PartNotFoundError(`No part ${id} in this message`);
  return descendInto(raw, msg, info, segs.slice(1), id);
}

function descendMultipart(
  raw: Uint8Array,
  e: RawEntity,
  info: EntityInfo,
  segs: number[],
  id: string,
): RawEntity {
  const boundary = info.contentType.params.boundary;
  const child = boundary ? splitMultipart(raw, e, boundary)[segs[0] - 1] : undefined;
  if (!child) throw new PartNotFoundError(`No part ${id} in this message`);
  return descendInto(raw, child, describeEntity(raw, child), segs.slice(1), id);
}

function descendInto(
  raw: Uint8Array,
  e: RawEntity,
  info: EntityInfo,
  rest: number[],
  id: string,
): RawEntity {
  if (!rest.length) return e;
  if (info.contentType.value.startsWith('multipart/'))
    return descendMultipart(raw, e, info, rest, id);
  if (info.contentType.value === 'message/rfc822')
    return descendMessage(raw, entityAt(raw, e.bodyStart, e.end), rest, id);
  throw new PartNotFoundError(`No part ${id} in this message`);
}

/** Finds the entity with section number `partId` ("1", "2.1", …). */
export function locatePart(raw: Uint8Array, partId: string): RawEntity {
  const segs = partId.split('.').map(Number);
  if (!partId || segs.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new PartNotFoundError(`Not a part number: "${partId}"`);
  }
  return descendMessage(raw, entityAt(raw, 0, raw.length), segs, partId);
}
