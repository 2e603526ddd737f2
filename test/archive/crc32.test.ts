import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CRC32_START, crc32, crc32Final, crc32Update } from '../../src/archive/crc32.js';
import { noise } from './zip-craft.js';

describe('crc32', () => {
  it('IMPORT-1 computes the zip checksum as zlib does, in one piece or in chunks', () => {
    for (const length of [0, 1, 3, 4, 5, 1000, 65_537]) {
      const bytes = noise(length, length + 1);
      expect(crc32(bytes)).toBe(zlibCrc32(bytes));
      let c = CRC32_START;
      for (let at = 0; at < length; at += 7) c = crc32Update(c, bytes.subarray(at, at + 7));
      expect(crc32Final(c)).toBe(zlibCrc32(bytes));
    }
  });
});
