import { describe, expect, it } from 'vitest';
import { MemoryBlob, installMemoryBlob } from '../../src/mail/memory-blob.js';
import PostalMime from 'postal-mime';
import { eml } from './fixtures.js';

describe('MemoryBlob (the parse worker Blob stand-in)', () => {
  it('joins strings, buffers and views like a Blob', async () => {
    const b = new MemoryBlob([
      'ab',
      new Uint8Array([0x63]),
      new Uint8Array([0x78, 0x64]).subarray(1),
      new ArrayBuffer(0),
    ]);
    expect(b.size).toBe(4);
    expect(await b.text()).toBe('abcd');
    expect(new Uint8Array(await b.arrayBuffer())).toEqual(new Uint8Array([0x61, 0x62, 0x63, 0x64]));
    expect(await b.slice(1, 3).text()).toBe('bc');
  });

  it('joins lines and "\\n" strings, and no blob shares bytes another can change', async () => {
    const line = (s: string) => new TextEncoder().encode(s);
    const a = new MemoryBlob([line('first'), '\n', line('second'), '\n']);
    const b = new MemoryBlob(['\n']);
    expect(await a.text()).toBe('first\nsecond\n');
    const out = new Uint8Array(await b.arrayBuffer());
    out[0] = 0x21;
    expect(await b.text()).toBe('\n');
    expect(await new MemoryBlob(['\n', line('x')]).text()).toBe('\nx');
  });

  it('postal-mime gives identical output with it installed', async () => {
    const raw = eml('alternative-related-cid.eml');
    const native = await PostalMime.parse(raw);
    const scope = globalThis as unknown as { Blob: unknown };
    const restore = installMemoryBlob(scope);
    try {
      expect(scope.Blob).toBe(MemoryBlob);
      expect(await PostalMime.parse(raw)).toEqual(native);
    } finally {
      restore();
    }
    expect(scope.Blob).not.toBe(MemoryBlob);
  });
});
