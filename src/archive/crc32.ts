// CRC-32 (ISO 3309, the zip checksum). JSZip does not check it when streaming an entry,
// so a damaged archive would import silently wrong bytes; we check it ourselves.
// Slicing-by-4 tables: about 3× the speed of the byte-at-a-time loop in V8, which keeps
// the check well under the cost of inflating.

const TABLES: Uint32Array[] = buildTables();

function buildTables(): Uint32Array[] {
  const t0 = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t0[n] = c >>> 0;
  }
  const tables = [t0];
  for (let s = 1; s < 4; s++) {
    const prev = tables[s - 1];
    const t = new Uint32Array(256);
    for (let n = 0; n < 256; n++) t[n] = t0[prev[n] & 0xff] ^ (prev[n] >>> 8);
    tables.push(t);
  }
  return tables;
}

/** Start value for `crc32Update`; finish with `crc32Final`. */
export const CRC32_START = 0xffffffff;

export function crc32Update(crc: number, bytes: Uint8Array): number {
  const [t0, t1, t2, t3] = TABLES;
  let c = crc >>> 0;
  let i = 0;
  const n = bytes.length;
  const end4 = n - (n % 4);
  while (i < end4) {
    c ^= bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    c = t3[c & 0xff] ^ t2[(c >>> 8) & 0xff] ^ t1[(c >>> 16) & 0xff] ^ t0[c >>> 24];
    i += 4;
  }
  while (i < n) c = t0[(c ^ bytes[i++]) & 0xff] ^ (c >>> 8);
  return c >>> 0;
}

export function crc32Final(crc: number): number {
  return (crc ^ 0xffffffff) >>> 0;
}

export function crc32(bytes: Uint8Array): number {
  return crc32Final(crc32Update(CRC32_START, bytes));
}
