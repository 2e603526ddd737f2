// RFC 6901 with the RFC 8620 §3.7 `*` extension, on the edge cases a hostile request or
// an odd server response can produce.
import { describe, expect, it } from 'vitest';
import { evaluatePointer, escapePointerToken, parsePointer } from '../../src/protocol/validate.js';

/** RFC 6901 §5's example document. */
const RFC6901_DOC = JSON.parse(
  '{"foo":["bar","baz"],"":0,"a/b":1,"c%d":2,"e^f":3,"g|h":4,"i\\\\j":5,"k\\"l":6," ":7,"m~n":8}',
) as unknown;

describe('JSON Pointer (RFC 6901, RFC 8620 §3.7)', () => {
  it.each([
    ['', RFC6901_DOC],
    ['/foo', ['bar', 'baz']],
    ['/foo/0', 'bar'],
    ['/', 0],
    ['/a~1b', 1],
    ['/c%d', 2],
    ['/e^f', 3],
    ['/g|h', 4],
    ['/i\\j', 5],
    ['/k"l', 6],
    ['/ ', 7],
    ['/m~0n', 8],
  ])('RFC 6901 §5 resolves %j', (pointer, expected) => {
    expect(evaluatePointer(RFC6901_DOC, pointer)).toEqual({ ok: true, value: expected });
  });

  it('RFC 6901 §4 decodes ~01 as "~1", not "/" (~1 first, then ~0)', () => {
    expect(parsePointer('/~01')).toEqual(['~1']);
    expect(evaluatePointer({ '~1': 'tilde-one', '/': 'slash' }, '/~01')).toEqual({
      ok: true,
      value: 'tilde-one',
    });
    expect(escapePointerToken('~1/')).toBe('~01~1');
  });

  it.each(['foo', '/~2', '/a~', '#/foo'])(
    'RFC 6901 §3 refuses the malformed pointer %j',
    (pointer) => {
      expect(parsePointer(pointer)).toBeNull();
      expect(evaluatePointer(RFC6901_DOC, pointer).ok).toBe(false);
    },
  );

  it.each([
    ['a missing key', '/nope'],
    ['an index past the end', '/foo/2'],
    ['a leading-zero index', '/foo/01'],
    ['the "-" index', '/foo/-'],
    ['a token into a string', '/foo/0/length'],
    ['a token into a number', '/a~1b/x'],
  ])('RFC 6901 §4 does not resolve %s', (_label, pointer) => {
    expect(evaluatePointer(RFC6901_DOC, pointer).ok).toBe(false);
  });

  it('follows only own properties: "constructor" and "__proto__" do not reach Object.prototype', () => {
    expect(evaluatePointer({}, '/constructor').ok).toBe(false);
    expect(evaluatePointer({}, '/__proto__').ok).toBe(false);
    expect(evaluatePointer([], '/length').ok).toBe(false);
  });

  it('RFC 8620 §3.7 "*" maps over an array, and nested "*" flattens each level', () => {
    const doc = { list: [{ ids: ['a', 'b'] }, { ids: [] }, { ids: ['c'] }] };
    expect(evaluatePointer(doc, '/list/*/ids')).toEqual({ ok: true, value: ['a', 'b', 'c'] });
    expect(evaluatePointer(doc, '/list/*/ids/*')).toEqual({ ok: true, value: ['a', 'b', 'c'] });
    expect(evaluatePointer({ list: [] }, '/list/*/id')).toEqual({ ok: true, value: [] });
  });

  it('RFC 8620 §3.7 "*" fails when any item lacks the rest of the path', () => {
    const doc = { list: [{ id: 'a' }, { name: 'no id' }] };
    expect(evaluatePointer(doc, '/list/*/id').ok).toBe(false);
  });

  it('RFC 8620 §3.7 "*" on an object is an ordinary key, and wildcard can be turned off', () => {
    expect(evaluatePointer({ '*': 1 }, '/*')).toEqual({ ok: true, value: 1 });
    expect(evaluatePointer(['x'], '/*', { wildcard: false }).ok).toBe(false);
  });
});
