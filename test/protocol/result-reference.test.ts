// RFC 8620 §3.7: the sync engine chains calls in one request; the proxy must resolve the
// references exactly as a real JMAP server would, and refuse broken ones per call.
import { describe, expect, it } from 'vitest';
import type { Invocation } from '../../src/protocol/jmap-core.js';
import { resolveResultReferences, resultReference } from '../../src/protocol/validate.js';

/** RFC 8620 §3.7's example: the responses to t0…t2, as a server produces them. */
const T0: Invocation = [
  'Email/query',
  {
    accountId: 'A1',
    queryState: 'abcdefg',
    canCalculateChanges: true,
    position: 0,
    total: 101,
    ids: [
      'msg1023',
      'msg223',
      'msg110',
      'msg93',
      'msg91',
      'msg38',
      'msg36',
      'msg33',
      'msg11',
      'msg1',
    ],
  },
  't0',
];
const T1: Invocation = [
  'Email/get',
  {
    accountId: 'A1',
    state: '123456',
    list: [
      { id: 'msg1023', threadId: 'trd194' },
      { id: 'msg223', threadId: 'trd114' },
    ],
    notFound: [],
  },
  't1',
];
const T2: Invocation = [
  'Thread/get',
  {
    accountId: 'A1',
    state: '123456',
    list: [
      { id: 'trd194', emailIds: ['msg1020', 'msg1021', 'msg1023'] },
      { id: 'trd114', emailIds: ['msg201', 'msg223'] },
    ],
    notFound: [],
  },
  't2',
];

describe('resolveResultReferences (RFC 8620 §3.7)', () => {
  it('RFC 8620 §3.7 example: Email/get #ids takes /ids from Email/query', () => {
    const args = {
      accountId: 'A1',
      '#ids': resultReference('t0', 'Email/query', '/ids'),
      properties: ['threadId'],
    };
    expect(resolveResultReferences(args, [T0])).toEqual({
      ok: true,
      args: { accountId: 'A1', ids: (T0[1] as { ids: string[] }).ids, properties: ['threadId'] },
    });
    expect(Object.hasOwn(args, 'ids')).toBe(false);
  });

  it('RFC 8620 §3.7 example: Thread/get #ids maps /list/*/threadId over Email/get', () => {
    const result = resolveResultReferences(
      { accountId: 'A1', '#ids': resultReference('t1', 'Email/get', '/list/*/threadId') },
      [T0, T1],
    );
    expect(result).toEqual({ ok: true, args: { accountId: 'A1', ids: ['trd194', 'trd114'] } });
  });

  it('RFC 8620 §3.7 example: /list/*/emailIds flattens the arrays into one list of ids', () => {
    const result = resolveResultReferences(
      {
        accountId: 'A1',
        '#ids': resultReference('t2', 'Thread/get', '/list/*/emailIds'),
        properties: ['from', 'receivedAt', 'subject'],
      },
      [T0, T1, T2],
    );
    expect(result).toEqual({
      ok: true,
      args: {
        accountId: 'A1',
        ids: ['msg1020', 'msg1021', 'msg1023', 'msg201', 'msg223'],
        properties: ['from', 'receivedAt', 'subject'],
      },
    });
  });

  it('RFC 8620 §3.7 ACCESS-1 resolves the sync chain Email/changes → Email/get #ids from /created', () => {
    const changes: Invocation = [
      'Email/changes',
      {
        accountId: 'A1',
        oldState: 's1',
        newState: 's2',
        hasMoreChanges: false,
        created: ['e9'],
        updated: ['e3'],
        destroyed: [],
      },
      'ch',
    ];
    const created = resolveResultReferences(
      { accountId: 'A1', '#ids': resultReference('ch', 'Email/changes', '/created') },
      [changes],
    );
    expect(created).toEqual({ ok: true, args: { accountId: 'A1', ids: ['e9'] } });
  });

  it('RFC 8620 §3.7 uses the FIRST response with the call id (a method may answer twice)', () => {
    const implicit: Invocation = ['Email/set', { accountId: 'A1', created: null }, 't0'];
    const result = resolveResultReferences(
      { '#ids': resultReference('t0', 'Email/query', '/ids') },
      [T0, implicit],
    );
    expect(result.ok).toBe(true);
  });

  it.each([
    ['an unknown call id', resultReference('t9', 'Email/query', '/ids')],
    ['a response name that differs', resultReference('t0', 'Email/get', '/ids')],
    ['a missing path', resultReference('t0', 'Email/query', '/list')],
    ['a path into a number', resultReference('t0', 'Email/query', '/total/x')],
    ['an index past the end', resultReference('t0', 'Email/query', '/ids/10')],
    ['a malformed pointer', resultReference('t0', 'Email/query', 'ids')],
    ['a reference that is not an object', 'ids'],
    ['a reference missing "path"', { resultOf: 't0', name: 'Email/query' }],
  ])('RFC 8620 §3.7 answers invalidResultReference for %s', (_label, reference) => {
    const result = resolveResultReferences({ accountId: 'A1', '#ids': reference }, [T0]);
    expect(result).toMatchObject({ ok: false, error: { type: 'invalidResultReference' } });
  });

  it('RFC 8620 §3.7 never matches an error response, even with the same call id', () => {
    const error: Invocation = ['error', { type: 'serverFail' }, 't0'];
    const result = resolveResultReferences(
      { '#ids': resultReference('t0', 'Email/query', '/ids') },
      [error],
    );
    expect(result).toMatchObject({ ok: false, error: { type: 'invalidResultReference' } });
  });

  it('RFC 8620 §3.7 answers invalidArguments when both "ids" and "#ids" are given', () => {
    const result = resolveResultReferences(
      { accountId: 'A1', ids: ['x'], '#ids': resultReference('t0', 'Email/query', '/ids') },
      [T0],
    );
    expect(result).toMatchObject({ ok: false, error: { type: 'invalidArguments' } });
  });

  it('RFC 8620 §3.7 leaves arguments without "#" untouched', () => {
    const args = { accountId: 'A1', ids: null, properties: ['name'] };
    expect(resolveResultReferences(args, [])).toEqual({ ok: true, args });
  });
});
