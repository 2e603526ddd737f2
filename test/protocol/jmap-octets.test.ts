// The framing of Buzón's octets extension (src/protocol/jmap-octets.ts): what the browser
// reads of a framed answer, and what it refuses.
import { describe, expect, it } from 'vitest';
import { decodeOctets, octetsAt, OctetsFramingError } from '../../src/protocol/jmap-octets.js';

function frame(json: string, octets: Uint8Array, declared?: number): ArrayBuffer {
  const text = new TextEncoder().encode(json);
  const out = new Uint8Array(4 + text.length + octets.length);
  new DataView(out.buffer).setUint32(0, declared ?? text.length, false);
  out.set(text, 4);
  out.set(octets, 4 + text.length);
  return out.buffer;
}

describe('issue 3: framed JMAP answers (octets)', () => {
  it('splits the JSON from the octets and hands each part out as its own copy', () => {
    const octets = new Uint8Array([1, 2, 3, 0xe9, 0xff, 10]);
    const decoded = decodeOctets(
      frame('{"list":[{"id":"a","o":{"offset":2,"length":3}}]}', octets),
    );
    expect(decoded.json).toEqual({ list: [{ id: 'a', o: { offset: 2, length: 3 } }] });
    const part = octetsAt(decoded.octets, { offset: 2, length: 3 });
    expect([...(part as Uint8Array)]).toEqual([3, 0xe9, 0xff]);
    // Its own buffer: cloning it (to a worker, into IndexedDB) takes 3 bytes, not the answer.
    expect(part?.buffer.byteLength).toBe(3);
    expect(octetsAt(decoded.octets, { offset: 0, length: 0 })?.byteLength).toBe(0);
  });

  it('refuses refs outside the octets and frames shorter than they say', () => {
    const { octets } = decodeOctets(frame('{}', new Uint8Array(4)));
    expect(octetsAt(octets, { offset: 3, length: 2 })).toBeNull();
    expect(octetsAt(octets, { offset: -1, length: 1 })).toBeNull();
    expect(octetsAt(octets, { offset: 0.5, length: 1 })).toBeNull();
    expect(octetsAt(octets, 'abc')).toBeNull();
    expect(octetsAt(octets, null)).toBeNull();
    expect(() => decodeOctets(new ArrayBuffer(2))).toThrow(OctetsFramingError);
    expect(() => decodeOctets(frame('{}', new Uint8Array(0), 99))).toThrow(OctetsFramingError);
    expect(() => decodeOctets(frame('{not json', new Uint8Array(0)))).toThrow(SyntaxError);
  });
});
