// RFC 8620 §7 push payloads, RFC 8621 §4.1.1 keyword ↔ IMAP flag mapping, and the
// §1.2–1.4 primitives the proxy mints.
import { describe, expect, it } from 'vitest';
import {
  formatSseEvent,
  parseEventSourceQuery,
  stateChangeFor,
} from '../../src/protocol/event-source.js';
import { imapFlagToKeyword, isKeyword, keywordToImapFlag } from '../../src/protocol/keywords.js';
import { isId, isUtcDate, toUtcDate } from '../../src/protocol/validate.js';
import { MAX_PING_SECONDS, MIN_PING_SECONDS } from '../../src/protocol/limits.js';

describe('EventSource (RFC 8620 §7.1, §7.3)', () => {
  it('RFC 8620 §7.3 parses types, closeafter and ping', () => {
    expect(
      parseEventSourceQuery({ types: 'Email,Mailbox', closeafter: 'state', ping: '60' }),
    ).toEqual({
      ok: true,
      query: { types: ['Email', 'Mailbox'], closeAfterState: true, ping: 60 },
    });
    expect(parseEventSourceQuery({ types: '*', closeafter: 'no', ping: '0' })).toEqual({
      ok: true,
      query: { types: '*', closeAfterState: false, ping: 0 },
    });
  });

  it('RFC 8620 §7.3 clamps the ping interval to what the proxy can keep alive', () => {
    const fast = parseEventSourceQuery({ types: '*', closeafter: 'no', ping: '1' });
    const slow = parseEventSourceQuery({ types: '*', closeafter: 'no', ping: '99999' });
    expect(fast.ok && fast.query.ping).toBe(MIN_PING_SECONDS);
    expect(slow.ok && slow.query.ping).toBe(MAX_PING_SECONDS);
  });

  it.each([
    [{ types: null, closeafter: 'no', ping: '0' }],
    [{ types: 'Email,', closeafter: 'no', ping: '0' }],
    [{ types: 'Email\r\nX: y', closeafter: 'no', ping: '0' }],
    [{ types: '*', closeafter: 'yes', ping: '0' }],
    [{ types: '*', closeafter: 'no', ping: '-5' }],
    [{ types: '*', closeafter: 'no', ping: '1e3' }],
  ])('RFC 8620 §7.3 refuses a malformed query %j', (params) => {
    expect(parseEventSourceQuery(params).ok).toBe(false);
  });

  it('RFC 8620 §7.1 sends only the subscribed types, and nothing when none changed', () => {
    const changed = { Email: 'e2', Mailbox: 'm7', Thread: 't3' };
    expect(stateChangeFor('u1', changed, ['Email', 'Thread'])).toEqual({
      '@type': 'StateChange',
      changed: { u1: { Email: 'e2', Thread: 't3' } },
    });
    expect(stateChangeFor('u1', changed, ['Identity'])).toBeNull();
  });

  it('RFC 8620 §7.3 writes a state event as one SSE event', () => {
    const text = formatSseEvent('state', {
      '@type': 'StateChange',
      changed: { u1: { Email: 'e2' } },
    });
    expect(text).toBe(
      'event: state\ndata: {"@type":"StateChange","changed":{"u1":{"Email":"e2"}}}\n\n',
    );
    expect(formatSseEvent('ping', { interval: 30 })).toBe('event: ping\ndata: {"interval":30}\n\n');
  });
});

describe('keywords (RFC 8621 §4.1.1)', () => {
  it('RFC 8621 §4.1.1 TAG-1 maps the IMAP system flags and lower-cases user keywords', () => {
    expect(imapFlagToKeyword('\\Seen')).toBe('$seen');
    expect(imapFlagToKeyword('\\Answered')).toBe('$answered');
    expect(imapFlagToKeyword('$Forwarded')).toBe('$forwarded');
    expect(imapFlagToKeyword('Trabajo')).toBe('trabajo');
    expect(imapFlagToKeyword('\\Recent')).toBeNull();
    expect(imapFlagToKeyword('\\Deleted')).toBeNull();
  });

  it('RFC 8621 §4.1.1 TAG-1 maps keywords back to IMAP flags', () => {
    expect(keywordToImapFlag('$seen')).toBe('\\Seen');
    expect(keywordToImapFlag('$flagged')).toBe('\\Flagged');
    expect(keywordToImapFlag('$draft')).toBe('\\Draft');
    // SPAM-2: registered keywords go out in their registered case.
    expect(keywordToImapFlag('$junk')).toBe('$Junk');
    expect(keywordToImapFlag('$NOTJUNK')).toBe('$NotJunk');
    expect(keywordToImapFlag('trabajo')).toBe('trabajo');
  });

  it.each([
    '',
    'has space',
    'a(b',
    'x]',
    'per%cent',
    'star*',
    'q"',
    'back\\slash',
    'ñ',
    'a\r\nb',
    'x'.repeat(256),
  ])('RFC 8621 §4.1.1 refuses the keyword %j (and never sends it to IMAP)', (keyword) => {
    expect(isKeyword(keyword)).toBe(false);
    expect(keywordToImapFlag(keyword)).toBeNull();
  });
});

describe('primitives (RFC 8620 §1.2, §1.4)', () => {
  it('RFC 8620 §1.2 accepts base64url ids of 1–255 characters only', () => {
    expect(isId('Mf3a9-_Z')).toBe(true);
    expect(isId('x'.repeat(255))).toBe(true);
    for (const bad of ['', 'x'.repeat(256), 'a/b', 'a b', 'a.b', 7, null])
      expect(isId(bad)).toBe(false);
  });

  it('RFC 8620 §1.4 writes UTCDates without a zero fraction and validates them', () => {
    expect(toUtcDate(Date.UTC(2014, 9, 30, 6, 12))).toBe('2014-10-30T06:12:00Z');
    expect(toUtcDate(Number.NaN)).toBeNull();
    expect(toUtcDate(Date.UTC(10000, 0, 1))).toBeNull();
    expect(isUtcDate('2014-10-30T06:12:00Z')).toBe(true);
    expect(isUtcDate('2014-10-30T06:12:00.5Z')).toBe(true);
    for (const bad of [
      '2014-10-30T06:12:00.000Z',
      '2014-10-30T06:12:00+01:00',
      '2014-02-30T00:00:00Z',
      '2014-10-30t06:12:00z',
      20141030,
    ]) {
      expect(isUtcDate(bad)).toBe(false);
    }
  });
});
