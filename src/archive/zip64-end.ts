// JSZip writes only the classic end record, whose entry count has 16 bits: an archive of
// more than 65,535 messages would declare the count modulo 65,536. Such archives get a
// ZIP64 end record and locator (APPNOTE 4.3.14–4.3.15) inserted before the classic one,
// whose count fields then say 0xFFFF ("see ZIP64"). Offsets and sizes still fit 32 bits,
// as writeMailArchive refuses archives over MAX_ZIP_BYTES.
import { ArchiveWriteError } from './errors.js';

const EOCD_LENGTH = 22;
const ZIP64_EOCD_LENGTH = 56;
const ZIP64_LOCATOR_LENGTH = 20;
/** The classic end record's 16-bit entry count. */
export const MAX_CLASSIC_ENTRIES = 0xffff;

/** Returns a copy of a comment-less zip with ZIP64 end records for `count` entries. */
export function withZip64EndRecords(zip: Uint8Array, count: number): Uint8Array {
  const eocdAt = zip.length - EOCD_LENGTH;
  const src = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  if (eocdAt < 0 || src.getUint32(eocdAt, true) !== 0x06054b50) {
    throw new ArchiveWriteError('The archive could not be finished (no end record).');
  }
  const cdSize = src.getUint32(eocdAt + 12, true);
  const cdOffset = src.getUint32(eocdAt + 16, true);
  const out = new Uint8Array(zip.length + ZIP64_EOCD_LENGTH + ZIP64_LOCATOR_LENGTH);
  out.set(zip.subarray(0, eocdAt));
  const dv = new DataView(out.buffer);
  let at = eocdAt;
  dv.setUint32(at, 0x06064b50, true);
  dv.setBigUint64(at + 4, BigInt(ZIP64_EOCD_LENGTH - 12), true); // size of the rest
  dv.setUint16(at + 12, 45, true); // version made by: 4.5, the first with ZIP64
  dv.setUint16(at + 14, 45, true); // version needed
  dv.setUint32(at + 16, 0, true); // this disk
  dv.setUint32(at + 20, 0, true); // disk with the central directory
  dv.setBigUint64(at + 24, BigInt(count), true);
  dv.setBigUint64(at + 32, BigInt(count), true);
  dv.setBigUint64(at + 40, BigInt(cdSize), true);
  dv.setBigUint64(at + 48, BigInt(cdOffset), true);
  at += ZIP64_EOCD_LENGTH;
  dv.setUint32(at, 0x07064b50, true);
  dv.setUint32(at + 4, 0, true);
  dv.setBigUint64(at + 8, BigInt(eocdAt), true);
  dv.setUint32(at + 16, 1, true); // total disks
  at += ZIP64_LOCATOR_LENGTH;
  out.set(zip.subarray(eocdAt), at);
  dv.setUint16(at + 8, MAX_CLASSIC_ENTRIES, true);
  dv.setUint16(at + 10, MAX_CLASSIC_ENTRIES, true);
  return out;
}
