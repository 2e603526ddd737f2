// Reads a zip's End Of Central Directory record (and its ZIP64 form) and walks the central
// directory ourselves, before JSZip sees the file. JSZip allocates an object per central
// directory record it finds, and keeps reading records while their signature matches,
// whatever count the EOCD declares; so we count the same way and refuse a zip that is over
// the entry budget without JSZip allocating anything. Only the tail of a Blob is read here.
import { ZipBudgetError, ZipFormatError } from './errors.js';
import type { ZipBudget } from './zip-budget.js';
import { tooManyEntriesMessage } from './zip-budget.js';

/** Random access to the archive's bytes, so a Blob is not read whole just to be refused. */
export interface ByteSource {
  readonly size: number;
  read(start: number, end: number): Promise<Uint8Array>;
}

export function byteSourceFor(data: Uint8Array | Blob): ByteSource {
  if (data instanceof Uint8Array) {
    return { size: data.length, read: (start, end) => Promise.resolve(data.subarray(start, end)) };
  }
  return {
    size: data.size,
    read: async (start, end) => new Uint8Array(await data.slice(start, end).arrayBuffer()),
  };
}

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const EOCD_LENGTH = 22;
const ZIP64_LOCATOR_LENGTH = 20;
const ZIP64_EOCD_MIN_LENGTH = 56;
const CENTRAL_HEADER_LENGTH = 46;
/** The EOCD ends with a comment of at most 65,535 bytes, so it lies within this tail. */
const MAX_EOCD_SEARCH = EOCD_LENGTH + 0xffff + ZIP64_LOCATOR_LENGTH;
/** Compression methods JSZip inflates: 0 stored, 8 deflate. */
const SUPPORTED_METHODS = new Set([0, 8]);
const FLAG_ENCRYPTED = 0x0001;

export const NOT_A_ZIP_MESSAGE =
  'This file is not a zip archive, or it is damaged (its table of contents is missing).';
export const DAMAGED_ZIP_MESSAGE =
  'This zip archive is damaged or incomplete; it cannot be opened.';
const MULTI_VOLUME_MESSAGE =
  'This zip archive is split across several files; Buzón opens only single-file archives.';

export interface ZipDirectoryFacts {
  /** Central directory records found (what JSZip will allocate). */
  entryCount: number;
  /** Names that occur more than once (JSZip keeps only the last entry of each). */
  duplicateNames: string[];
}

/** Repeated names listed one by one in the summary; beyond this a count stands for the rest. */
const MAX_DUPLICATES_LISTED = 100;

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function lastSignature(bytes: Uint8Array, sig: number, from: number): number {
  const dv = view(bytes);
  for (let i = Math.min(from, bytes.length - 4); i >= 0; i--) {
    if (dv.getUint32(i, true) === sig) return i;
  }
  return -1;
}

function safeUint64(dv: DataView, at: number): number {
  const v = dv.getBigUint64(at, true);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError(DAMAGED_ZIP_MESSAGE);
  return Number(v);
}

interface EndRecord {
  declaredEntries: number;
  cdStart: number;
  cdEnd: number;
}

async function readEndRecord(src: ByteSource): Promise<EndRecord> {
  if (src.size < EOCD_LENGTH) throw new ZipFormatError(NOT_A_ZIP_MESSAGE);
  const tailStart = Math.max(0, src.size - MAX_EOCD_SEARCH);
  const tail = await src.read(tailStart, src.size);
  const at = lastSignature(tail, SIG_EOCD, tail.length - EOCD_LENGTH);
  if (at < 0) throw new ZipFormatError(NOT_A_ZIP_MESSAGE);
  const dv = view(tail);
  const disk = dv.getUint16(at + 4, true);
  const cdDisk = dv.getUint16(at + 6, true);
  const entriesHere = dv.getUint16(at + 8, true);
  let entries = dv.getUint16(at + 10, true);
  let cdSize = dv.getUint32(at + 12, true);
  let cdOffset = dv.getUint32(at + 16, true);
  const eocdPos = tailStart + at;
  let expectedEnd = 0;
  const zip64 =
    disk === 0xffff ||
    cdDisk === 0xffff ||
    entriesHere === 0xffff ||
    entries === 0xffff ||
    cdSize === 0xffffffff ||
    cdOffset === 0xffffffff;
  if (!zip64 && (disk !== 0 || cdDisk !== 0)) throw new ZipFormatError(MULTI_VOLUME_MESSAGE);
  if (zip64) {
    const loc =
      at >= ZIP64_LOCATOR_LENGTH &&
      dv.getUint32(at - ZIP64_LOCATOR_LENGTH, true) === SIG_ZIP64_LOCATOR
        ? at - ZIP64_LOCATOR_LENGTH
        : lastSignature(tail, SIG_ZIP64_LOCATOR, at - 4);
    if (loc < 0) throw new ZipFormatError(DAMAGED_ZIP_MESSAGE);
    if (dv.getUint32(loc + 16, true) > 1) throw new ZipFormatError(MULTI_VOLUME_MESSAGE);
    const recPos = safeUint64(dv, loc + 8);
    let rec =
      recPos + ZIP64_EOCD_MIN_LENGTH <= src.size
        ? await src.read(recPos, recPos + ZIP64_EOCD_MIN_LENGTH)
        : null;
    if (!rec || view(rec).getUint32(0, true) !== SIG_ZIP64_EOCD) {
      // Data was prepended (self-extracting zips): find the record where it really is.
      const found = lastSignature(tail, SIG_ZIP64_EOCD, loc - 4);
      if (found < 0 || found + ZIP64_EOCD_MIN_LENGTH > tail.length)
        throw new ZipFormatError(DAMAGED_ZIP_MESSAGE);
      rec = tail.subarray(found, found + ZIP64_EOCD_MIN_LENGTH);
    }
    const rv = view(rec);
    if (rv.getUint32(16, true) !== 0 || rv.getUint32(20, true) !== 0)
      throw new ZipFormatError(MULTI_VOLUME_MESSAGE);
    entries = safeUint64(rv, 32);
    cdSize = safeUint64(rv, 40);
    cdOffset = safeUint64(rv, 48);
    // Same arithmetic as JSZip: the ZIP64 record (12 + its declared size) and the locator.
    expectedEnd = 12 + safeUint64(rv, 4) + ZIP64_LOCATOR_LENGTH;
  }
  // JSZip shifts every offset by the bytes found before the zip (prepended data); mirror it
  // so we walk the same records it will.
  const extra = eocdPos - (cdOffset + cdSize + expectedEnd);
  if (extra < 0) throw new ZipFormatError(DAMAGED_ZIP_MESSAGE);
  return { declaredEntries: entries, cdStart: cdOffset + extra, cdEnd: eocdPos };
}

/** Checks what can be checked without JSZip: format, entry count, encryption, methods. */
export async function inspectZipDirectory(
  src: ByteSource,
  budget: Readonly<ZipBudget>,
): Promise<ZipDirectoryFacts> {
  const end = await readEndRecord(src);
  if (end.declaredEntries > budget.maxEntries) {
    throw new ZipBudgetError(tooManyEntriesMessage(end.declaredEntries, false, budget));
  }
  const cd = await src.read(end.cdStart, end.cdEnd);
  const dv = view(cd);
  const names = new TextDecoder('utf-8');
  // Names compared as raw bytes (latin1 maps each byte to one character), as JSZip keys them.
  const rawNames = new TextDecoder('latin1');
  const seen = new Set<string>();
  const duplicateNames: string[] = [];
  let count = 0;
  let pos = 0;
  while (pos + CENTRAL_HEADER_LENGTH <= cd.length && dv.getUint32(pos, true) === SIG_CENTRAL) {
    if (++count > budget.maxEntries) {
      throw new ZipBudgetError(tooManyEntriesMessage(budget.maxEntries, true, budget));
    }
    const flags = dv.getUint16(pos + 8, true);
    const method = dv.getUint16(pos + 10, true);
    const nameLength = dv.getUint16(pos + 28, true);
    const recordLength =
      CENTRAL_HEADER_LENGTH +
      nameLength +
      dv.getUint16(pos + 30, true) +
      dv.getUint16(pos + 32, true);
    if (pos + recordLength > cd.length) throw new ZipFormatError(DAMAGED_ZIP_MESSAGE);
    const nameBytes = cd.subarray(
      pos + CENTRAL_HEADER_LENGTH,
      pos + CENTRAL_HEADER_LENGTH + nameLength,
    );
    const key = rawNames.decode(nameBytes);
    if (!seen.has(key)) seen.add(key);
    else if (duplicateNames.length < MAX_DUPLICATES_LISTED) {
      duplicateNames.push(names.decode(nameBytes));
    }
    if (flags & FLAG_ENCRYPTED || !SUPPORTED_METHODS.has(method)) {
      const name = names.decode(nameBytes);
      throw new ZipFormatError(
        flags & FLAG_ENCRYPTED
          ? `This archive is password-protected ("${name}"); Buzón cannot open encrypted zips. Unpack it and zip it again without a password.`
          : `"${name}" is compressed with a method Buzón cannot read (method ${method}). Zip the mail again with standard (Deflate) compression.`,
      );
    }
    pos += recordLength;
  }
  if (count === 0 && end.declaredEntries > 0) throw new ZipFormatError(DAMAGED_ZIP_MESSAGE);
  return { entryCount: count, duplicateNames };
}
