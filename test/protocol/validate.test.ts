// A hostile client talks to the proxy: every malformed body must come back as the
// RFC 8620 §3.6.1 problem a JMAP peer expects, never as an exception.
import { describe, expect, it } from 'vitest';
import { checkRequestSize, notJsonProblem, parseRequest } from '../../src/protocol/validate.js';
import {
  CORE_CAPABILITY,
  MAIL_CAPABILITY,
  SUBMISSION_CAPABILITY,
} from '../../src/protocol/jmap-mail.js';
import { MAX_CALLS_IN_REQUEST, MAX_SIZE_REQUEST } from '../../src/protocol/limits.js';

const USING = [CORE_CAPABILITY, MAIL_CAPABILITY];

function call(i: number): [string, Record<string, unknown>, string] {
  return ['Mailbox/get', { accountId: 'A1', ids: null }, `c${i}`];
}

describe('parseRequest (RFC 8620 §3.3, §3.6.1)', () => {
  it('RFC 8620 §3.3 accepts a request with using, methodCalls and createdIds', () => {
    const body = JSON.parse(
      JSON.stringify({
        using: [...USING, SUBMISSION_CAPABILITY],
        methodCalls: [
          call(0),
          [
            'Email/get',
            {
              accountId: 'A1',
              '#ids': { resultOf: 'c0', name: 'Mailbox/get', path: '/list/*/id' },
            },
            'c1',
          ],
        ],
        createdIds: { k1: 'M42' },
      }),
    ) as unknown;
    const result = parseRequest(body);
    expect(result).toEqual({ ok: true, request: body });
  });

  it('RFC 8620 §3.3 accepts an unknown method name: that is unknownMethod per call, not a request problem', () => {
    const result = parseRequest({ using: USING, methodCalls: [['Nope/get', {}, 'x']] });
    expect(result.ok).toBe(true);
  });

  it.each([
    ['null', null],
    ['an array', [USING, []]],
    ['a string', 'using'],
    ['no using', { methodCalls: [] }],
    ['using not an array', { using: CORE_CAPABILITY, methodCalls: [] }],
    ['using with a number', { using: [CORE_CAPABILITY, 7], methodCalls: [] }],
    ['no methodCalls', { using: USING }],
    ['methodCalls an object', { using: USING, methodCalls: { 0: call(0) } }],
    ['a call with two elements', { using: USING, methodCalls: [['Mailbox/get', {}]] }],
    ['a call with four elements', { using: USING, methodCalls: [[...call(0), 'extra']] }],
    ['a call whose name is a number', { using: USING, methodCalls: [[1, {}, 'c0']] }],
    [
      'a call whose arguments are an array',
      { using: USING, methodCalls: [['Mailbox/get', [], 'c0']] },
    ],
    [
      'a call whose arguments are null',
      { using: USING, methodCalls: [['Mailbox/get', null, 'c0']] },
    ],
    ['a call whose id is null', { using: USING, methodCalls: [['Mailbox/get', {}, null]] }],
    ['createdIds with a number', { using: USING, methodCalls: [], createdIds: { k1: 5 } }],
    ['createdIds an array', { using: USING, methodCalls: [], createdIds: ['M1'] }],
  ])('RFC 8620 §3.6.1 answers notRequest for %s', (_label, body) => {
    const result = parseRequest(body);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.type).toBe('urn:ietf:params:jmap:error:notRequest');
    expect(result.problem.status).toBe(400);
    expect(result.problem.detail).not.toBe('');
  });

  it('RFC 8620 §3.6.1 answers unknownCapability and names every unknown capability', () => {
    const result = parseRequest({
      using: [CORE_CAPABILITY, 'urn:ietf:params:jmap:calendars', 'https://example.com/x'],
      methodCalls: [call(0)],
    });
    expect(result).toMatchObject({
      ok: false,
      problem: { type: 'urn:ietf:params:jmap:error:unknownCapability', status: 400 },
    });
    if (result.ok) return;
    expect(result.problem.detail).toContain('urn:ietf:params:jmap:calendars');
    expect(result.problem.detail).toContain('https://example.com/x');
  });

  it('RFC 8620 §3.6.1 checks using against the capabilities the caller passes (submission off)', () => {
    const result = parseRequest(
      { using: [CORE_CAPABILITY, SUBMISSION_CAPABILITY], methodCalls: [] },
      { capabilities: USING },
    );
    expect(result.ok).toBe(false);
  });

  it('RFC 8620 §3.6.1 answers limit maxCallsInRequest past the advertised number of calls', () => {
    const calls = Array.from({ length: MAX_CALLS_IN_REQUEST + 1 }, (_, i) => call(i));
    expect(parseRequest({ using: USING, methodCalls: calls.slice(1) }).ok).toBe(true);
    const result = parseRequest({ using: USING, methodCalls: calls });
    expect(result).toEqual({
      ok: false,
      problem: {
        type: 'urn:ietf:params:jmap:error:limit',
        status: 400,
        limit: 'maxCallsInRequest',
        detail: expect.stringContaining(String(MAX_CALLS_IN_REQUEST)) as unknown,
      },
    });
  });

  it('RFC 8620 §3.6.1 checks the call count before walking hostile entries', () => {
    const result = parseRequest({
      using: USING,
      methodCalls: Array.from({ length: 100_000 }, () => 'junk'),
    });
    expect(result).toMatchObject({ ok: false, problem: { limit: 'maxCallsInRequest' } });
  });

  it('RFC 8620 §3.6.1 answers limit maxSizeRequest for an oversize body, before parsing', () => {
    expect(checkRequestSize(MAX_SIZE_REQUEST)).toBeNull();
    expect(checkRequestSize(MAX_SIZE_REQUEST + 1)).toMatchObject({
      type: 'urn:ietf:params:jmap:error:limit',
      status: 400,
      limit: 'maxSizeRequest',
    });
  });

  it('RFC 8620 §3.6.1 builds the notJSON problem for the caller', () => {
    expect(notJsonProblem('Unexpected token')).toEqual({
      type: 'urn:ietf:params:jmap:error:notJSON',
      status: 400,
      detail: 'Unexpected token',
    });
  });

  it('RFC 8620 §3.3 keeps a "__proto__" argument as data and does not pollute prototypes', () => {
    const body = JSON.parse(
      '{"using":[],"methodCalls":[["Email/get",{"__proto__":{"polluted":true}},"c0"]]}',
    ) as unknown;
    const result = parseRequest(body);
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
