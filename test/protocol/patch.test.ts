// RFC 8620 §5.3 PatchObject: the offline queue stores patches, and the proxy and the
// sync engine must apply them identically. Patches are per keyword so that one device's
// change cannot undo another device's change to another keyword (ARCHITECTURE.md § Sync).
import { describe, expect, it } from 'vitest';
import { applyPatch } from '../../src/protocol/validate.js';
import type { Email } from '../../src/protocol/jmap-mail.js';
import { KEYWORD } from '../../src/protocol/jmap-mail.js';

const EMAIL: Pick<Email, 'id' | 'mailboxIds' | 'keywords' | 'subject' | 'to'> = {
  id: 'M1',
  mailboxIds: { inbox: true },
  keywords: { $flagged: true },
  subject: 'Hola',
  to: [{ name: null, email: 'ana@example.com' }],
};

describe('applyPatch (RFC 8620 §5.3)', () => {
  it('RFC 8621 §4.1.1 TAG-1 "keywords/$seen": true marks read and keeps the other keywords', () => {
    const result = applyPatch(EMAIL, { [`keywords/${KEYWORD.seen}`]: true });
    expect(result).toEqual({
      ok: true,
      value: { ...EMAIL, keywords: { $flagged: true, $seen: true } },
    });
  });

  it('RFC 8620 §5.3 null removes a keyword; removing an absent one is a no-op', () => {
    const unflag = applyPatch(EMAIL, { 'keywords/$flagged': null, 'keywords/$seen': null });
    expect(unflag).toEqual({ ok: true, value: { ...EMAIL, keywords: {} } });
  });

  it('RFC 8621 §4.6 ACCESS-1 a move is a mailboxIds patch: add the target, remove the source', () => {
    const result = applyPatch(EMAIL, { 'mailboxIds/archive': true, 'mailboxIds/inbox': null });
    expect(result).toEqual({ ok: true, value: { ...EMAIL, mailboxIds: { archive: true } } });
  });

  it('RFC 8620 §5.3 a top-level key replaces the whole property', () => {
    const result = applyPatch(EMAIL, { mailboxIds: { trash: true }, subject: null });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.mailboxIds).toEqual({ trash: true });
    expect(Object.hasOwn(result.value, 'subject')).toBe(false);
  });

  it('RFC 8620 §5.3 never modifies the input and shares untouched branches', () => {
    const before = JSON.stringify(EMAIL);
    const result = applyPatch(EMAIL, { 'keywords/$seen': true });
    expect(JSON.stringify(EMAIL)).toBe(before);
    expect(result.ok && result.value.to).toBe(EMAIL.to);
    expect(result.ok && result.value.keywords).not.toBe(EMAIL.keywords);
  });

  it('RFC 8620 §5.3 unescapes ~1 and ~0 in keys (a keyword with "~" or a mailbox id with "/")', () => {
    const result = applyPatch({ keywords: {} }, { 'keywords/a~0b': true, 'keywords/x~1y': true });
    expect(result).toEqual({ ok: true, value: { keywords: { 'a~b': true, 'x/y': true } } });
  });

  it.each([
    ['a parent that does not exist', { 'nope/$seen': true }],
    ['a parent that is a string', { 'subject/x': 'y' }],
    ['a parent that is null', { 'keywords/a/b': true }],
    ['a path inside an array', { 'to/0/email': 'eve@example.com' }],
    ['one key a prefix of another', { keywords: {}, 'keywords/$seen': true }],
    ['a nested prefix', { 'mailboxIds/inbox': null, 'mailboxIds/inbox/x': true }],
    ['a key with a bad escape', { 'keywords/~2': true }],
  ])('RFC 8620 §5.3 answers invalidPatch for %s, applying nothing', (_label, patch) => {
    const base = { ...EMAIL, keywords: { ...EMAIL.keywords, a: null } };
    const result = applyPatch(base, patch);
    expect(result).toMatchObject({ ok: false, error: { type: 'invalidPatch' } });
  });

  it('RFC 8620 §5.3 answers invalidPatch for a patch that is not an object', () => {
    expect(applyPatch(EMAIL, null)).toMatchObject({ ok: false, error: { type: 'invalidPatch' } });
    expect(applyPatch(EMAIL, ['keywords/$seen'])).toMatchObject({
      ok: false,
      error: { type: 'invalidPatch' },
    });
  });

  it('RFC 8620 §5.3 "a~1b" and "a/b" are different paths, not a prefix pair', () => {
    const result = applyPatch({ a: {}, 'a/b': 1 }, { 'a~1b': 2, 'a/c': 3 });
    expect(result).toEqual({ ok: true, value: { a: { c: 3 }, 'a/b': 2 } });
  });

  it('keeps a hostile "__proto__" key as data without polluting any prototype', () => {
    const patch = JSON.parse('{"mailboxIds/__proto__": {"polluted": true}}') as unknown;
    const result = applyPatch(EMAIL, patch);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.hasOwn(result.value.mailboxIds, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(result.value.mailboxIds)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
