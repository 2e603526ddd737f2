// Builds zip files byte by byte (APPNOTE 6.3.10), so tests can make the hostile ones no
// zip tool would write: headers that lie about sizes and checksums, counts that lie,
// ZIP64 records, data prepended before the archive, flags and methods JSZip refuses.
import { crc32 as zlibCrc32, deflateRawSync } from 'node:zlib';

export interface CraftEntry {
  name: string;
  data?: Uint8Array;
  /** 0 stored, 8 deflate (default), anything else to test refusals. */
  method?: number;
  /** What the headers claim the unpacked size is (default: the truth). */
  declaredSize?: number;
  /** What the headers claim the CRC-32 is (default: the truth). */
  declaredCrc?: number;
  /** General purpose flags (bit 0 = encrypted); bit 11 (UTF-8 names) is always set. */
  flags?: number;
  /** Compressed bytes to write instead of deflating `data` (e.g. damaged ones). */
  compressed?: Uint8Array;
}

export interface CraftOptions {
  /** Write ZIP64 end records, with the classic EOCD fields set to their "see ZIP64" values. */
  zip64?: boolean;
  /** Entry count the end record declares (default: the truth). */
  declaredCount?: number;
  /** Bytes before the archive, as in self-extracting zips (offsets are not adjusted). */
  prepend?: Uint8Array;
  /** Leave out local headers and data: only the central directory and end records. */
  centralOnly?: boolean;
}

const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;

/** An append-only byte buffer that grows by doubling (150k-entry directories stay fast). */
class Writer {
  private buf = new Uint8Array(1024);
  private dv = new DataView(this.buf.buffer);
  length = 0;
  private reserve(n: number): number {
    if (this.length + n > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
      this.dv = new DataView(next.buffer);
    }
    const at = this.length;
    this.length += n;
    return at;
  }
  bytes(b: Uint8Array): void {
    const at = this.reserve(b.length); // before reading this.buf: reserve may replace it
    this.buf.set(b, at);
  }
  u16(v: number): void {
    const at = this.reserve(2);
    this.dv.setUint16(at, v, true);
  }
  u32(v: number): void {
    const at = this.reserve(4);
    this.dv.setUint32(at, v >>> 0, true);
  }
  u64(v: number): void {
    const at = this.reserve(8);
    this.dv.setBigUint64(at, BigInt(v), true);
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

export function craftZip(entries: readonly CraftEntry[], opts: CraftOptions = {}): Uint8Array {
  const out = new Writer();
  const central = new Writer();
  const prepend = opts.prepend ?? new Uint8Array(0);
  out.bytes(prepend);
  for (const e of entries) {
    const data = e.data ?? new Uint8Array(0);
    const method = e.method ?? 8;
    const packed = e.compressed ?? (method === 8 ? deflateRawSync(data) : data);
    const crc = e.declaredCrc ?? zlibCrc32(data);
    const size = e.declaredSize ?? data.length;
    const name = Buffer.from(e.name, 'utf8');
    const flags = (e.flags ?? 0) | 0x0800;
    const offset = out.length - prepend.length;
    if (!opts.centralOnly) {
      out.u32(0x04034b50);
      out.u16(20);
      out.u16(flags);
      out.u16(method);
      out.u16(0);
      out.u16(DOS_DATE_1980_01_01);
      out.u32(crc);
      out.u32(packed.length);
      out.u32(size);
      out.u16(name.length);
      out.u16(0);
      out.bytes(name);
      out.bytes(packed);
    }
    central.u32(0x02014b50);
    central.u16(0x031e);
    central.u16(20);
    central.u16(flags);
    central.u16(method);
    central.u16(0);
    central.u16(DOS_DATE_1980_01_01);
    central.u32(crc);
    central.u32(packed.length);
    central.u32(size);
    central.u16(name.length);
    central.u16(0);
    central.u16(0);
    central.u16(0);
    central.u16(0);
    central.u32(e.name.endsWith('/') ? 0x10 : 0);
    central.u32(offset);
    central.bytes(name);
  }
  const cdOffset = out.length - prepend.length;
  out.bytes(central.result());
  const count = opts.declaredCount ?? entries.length;
  if (opts.zip64) {
    const zip64Offset = out.length - prepend.length;
    out.u32(0x06064b50);
    out.u64(44);
    out.u16(45);
    out.u16(45);
    out.u32(0);
    out.u32(0);
    out.u64(count);
    out.u64(count);
    out.u64(central.length);
    out.u64(cdOffset);
    out.u32(0x07064b50);
    out.u32(0);
    out.u64(zip64Offset);
    out.u32(1);
  }
  out.u32(0x06054b50);
  out.u16(0);
  out.u16(0);
  out.u16(opts.zip64 ? 0xffff : Math.min(count, 0xffff));
  out.u16(opts.zip64 ? 0xffff : Math.min(count, 0xffff));
  out.u32(opts.zip64 ? 0xffffffff : central.length);
  out.u32(opts.zip64 ? 0xffffffff : cdOffset);
  out.u16(0);
  return out.result();
}

/** Deterministic bytes that do not compress (a xorshift stream). */
export function noise(length: number, seed = 1): Uint8Array {
  const b = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

export function text(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}
