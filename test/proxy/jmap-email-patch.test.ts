// Email/set's patch planner (RFC 8620 §5.3, RFC 8621 §4.6) without a server: what a
// patch turns into on IMAP, and which patches are refused before anything is written.
import { describe, expect, it } from 'vitest';
import { planEmailUpdate } from '../../src/proxy/jmap/email-patch.js';

const INBOX = 'Minbox';
const ARCHIVE = 'Marchive';
const KNOWN = new Set([INBOX, ARCHIVE]);

const plan = (flags: string[], patch: unknown) => planEmailUpdate(flags, INBOX, patch, KNOWN);

describe('planEmailUpdate', () => {
  it('TAG-1 keywords map to IMAP flags both ways: $seen ↔ \\Seen, custom keywords as they are', () => {
    expect(plan(['\\Flagged'], { 'keywords/$seen': true, 'keywords/trabajo': true })).toEqual({
      ok: true,
      change: { addFlags: ['\\Seen', 'trabajo'], removeFlags: [], moveTo: null },
    });
  });

  it('TAG-1 keywords are case-insensitive: $Seen removes \\Seen, work removes Work as the server wrote it', () => {
    expect(plan(['\\Seen', 'Work'], { 'keywords/$Seen': null, 'keywords/WORK': null })).toEqual({
      ok: true,
      change: { addFlags: [], removeFlags: ['\\Seen', 'Work'], moveTo: null },
    });
  });

  it('RFC 8621 §4.1.1 keywords: null clears every keyword but keeps \\Deleted and \\Recent alone', () => {
    const result = plan(['\\Seen', '\\Recent', 'x'], { keywords: null });
    expect(result).toEqual({
      ok: true,
      change: { addFlags: [], removeFlags: ['\\Seen', 'x'], moveTo: null },
    });
  });

  it('FOLDER-6 one folder swapped for another is a move; the same folder is none', () => {
    expect(plan([], { [`mailboxIds/${INBOX}`]: null, [`mailboxIds/${ARCHIVE}`]: true })).toEqual({
      ok: true,
      change: { addFlags: [], removeFlags: [], moveTo: ARCHIVE },
    });
    expect(plan([], { mailboxIds: { [INBOX]: true } })).toMatchObject({
      change: { moveTo: null },
    });
  });

  it('RFC 8620 §5.3 refusals name their type and property', () => {
    const refusals: [unknown, string, string[] | undefined][] = [
      [null, 'invalidPatch', undefined],
      [{ 'keywords/a': true, 'keywords/A': true }, 'invalidPatch', undefined],
      [{ 'keywords/~2': true }, 'invalidPatch', undefined],
      [{ preview: 'x' }, 'invalidProperties', ['preview']],
      [{ 'keywords/$seen': 1 }, 'invalidProperties', ['keywords']],
      [{ 'keywords/a\r\nb': true }, 'invalidProperties', ['keywords']],
      [{ mailboxIds: {} }, 'invalidProperties', ['mailboxIds']],
      [{ mailboxIds: { [ARCHIVE]: false } }, 'invalidProperties', ['mailboxIds']],
      [{ [`mailboxIds/${ARCHIVE}`]: true }, 'tooManyMailboxes', ['mailboxIds']],
    ];
    for (const [patch, type, properties] of refusals) {
      const result = plan([], patch);
      expect(result.ok, JSON.stringify(patch)).toBe(false);
      if (!result.ok) {
        expect(result.error.type, JSON.stringify(patch)).toBe(type);
        expect(result.error.properties, JSON.stringify(patch)).toEqual(properties);
      }
    }
  });
});
