// The byte-exact MIME splitter (ATTACH-4's rewrite, the PGP/MIME reader): exact ranges, and
// bounded work on a hostile body made of delimiter lines.
import { describe, expect, it } from 'vitest';
import { MAX_PARTS } from '../../src/mail/limits.js';
import { entityAt, splitMultipart } from '../../src/mail/raw-mime.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

function multipart(bodies: readonly string[], close = true): Uint8Array {
  const parts = bodies.map((b) => `--b\r\nContent-Type: text/plain\r\n\r\n${b}\r\n`).join('');
  return enc.encode(
    `Content-Type: multipart/mixed; boundary=b\r\n\r\n${parts}${close ? '--b--\r\n' : ''}`,
  );
}

function bodyOf(raw: Uint8Array, e: { bodyStart: number; end: number }): string {
  return dec.decode(raw.subarray(e.bodyStart, e.end));
}

describe('raw MIME splitter', () => {
  it('IMPORT-1 splits parts at their delimiters, the line break before each belonging to it', () => {
    const raw = multipart(['uno', 'dos', 'tres']);
    const root = entityAt(raw, 0, raw.length);
    const parts = splitMultipart(raw, root, 'b');
    expect(parts.map((p) => bodyOf(raw, p))).toEqual(['uno', 'dos', 'tres']);
  });

  it('IMPORT-1 a hostile body of a million delimiter lines yields at most MAX_PARTS parts, exact ones', () => {
    const lines = '--b\r\n'.repeat(1_000_000);
    const raw = enc.encode(`Content-Type: multipart/mixed; boundary=b\r\n\r\n${lines}--b--\r\n`);
    const root = entityAt(raw, 0, raw.length);
    const parts = splitMultipart(raw, root, 'b');
    expect(parts).toHaveLength(MAX_PARTS);
    expect(parts.every((p) => p.end - p.start === 0)).toBe(true);
  });

  it('IMPORT-1 a body cut short (no closing delimiter) ends its last part at the entity', () => {
    const raw = multipart(['uno', 'dos'], false);
    const parts = splitMultipart(raw, entityAt(raw, 0, raw.length), 'b', 1);
    expect(parts.map((p) => bodyOf(raw, p))).toEqual(['uno']);
    const all = splitMultipart(raw, entityAt(raw, 0, raw.length), 'b');
    expect(bodyOf(raw, all[1] as (typeof all)[number])).toBe('dos\r\n');
  });
});
