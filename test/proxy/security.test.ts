// The guards on their own: CR/LF refusal, log redaction, the sliding window, body caps
// and the security headers on every kind of response.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoCrLf, UnsafeInputError } from '../../src/proxy/security/crlf.js';
import { SlidingWindowLimiter } from '../../src/proxy/security/rate-limit.js';
import { formatLogLine, redact } from '../../src/proxy/security/redact.js';
import { APP_CSP } from '../../src/proxy/static-files.js';
import { send, startBuzon } from './support/buzon.js';
import type { RunningBuzon } from './support/buzon.js';

let buzon: RunningBuzon;

beforeAll(async () => {
  buzon = await startBuzon();
});

afterAll(async () => {
  await buzon?.stop();
});

describe('guards', () => {
  it('security: assertNoCrLf refuses CR, LF and NUL and names the field', () => {
    for (const bad of ['a\rb', 'a\nb', 'a\r\nb', 'a\u0000b']) {
      expect(() => assertNoCrLf(bad, 'Folder name')).toThrow(UnsafeInputError);
    }
    expect(() => assertNoCrLf('a\nb', 'Folder name')).toThrow(
      'Folder name must not contain line breaks',
    );
    expect(() => assertNoCrLf('Bandeja de entrada ✓ "quoted"', 'Folder name')).not.toThrow();
  });

  it('security: redact() scrubs IMAP LOGIN, AUTH, Authorization, cookies and password fields', () => {
    const secret = 'hunter2-Sécret';
    const lines = [
      `A1 LOGIN alice@buzon.test ${secret}`,
      `A1 LOGIN "alice@buzon.test" "${secret}"`,
      `A2 AUTHENTICATE PLAIN ${Buffer.from(`\0alice\0${secret}`).toString('base64')}`,
      `AUTH PLAIN ${Buffer.from(`\0alice\0${secret}`).toString('base64')}`,
      `Authorization: Basic ${Buffer.from(`alice:${secret}`).toString('base64')}`,
      `Cookie: __Host-buzon-session=abc.${secret}`,
      `set buzon-session=abc.${secret}; Path=/`,
      `{"username":"alice","password":"${secret}"}`,
      `POST /login?user=alice&password=${secret}`,
    ];
    for (const line of lines) {
      const out = redact(line);
      expect(out, line).not.toContain(secret);
      expect(out, line).not.toContain(Buffer.from(`\0alice\0${secret}`).toString('base64'));
      expect(out, line).toContain('[redacted]');
    }
    expect(redact('login failed user=alice@buzon.test')).toBe('login failed user=alice@buzon.test');
  });

  it('security: log fields named like secrets are masked and line breaks cannot forge log lines', () => {
    const line = formatLogLine('login', {
      user: 'alice\nFAKE login ok',
      password: 'p4ss',
      sessionKey: 'k1',
    });
    expect(line).not.toContain('p4ss');
    expect(line).not.toContain('k1');
    expect(line).not.toContain('\n');
  });

  it('security: the sliding window allows N events per window and says when to retry', () => {
    let now = 1_000_000;
    const limiter = new SlidingWindowLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.check('k').allowed).toBe(true);
      limiter.record('k');
      now += 10_000;
    }
    expect(limiter.check('k')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(limiter.check('other').allowed).toBe(true);
    now += 30_000; // the first event leaves the window
    expect(limiter.check('k').allowed).toBe(true);
    limiter.reset('k');
    expect(limiter.check('k')).toEqual({ allowed: true, retryAfterSeconds: 0 });
  });

  it('security: a login body over the size cap is refused with 413 before it is read', async () => {
    const reply = await send(buzon.origin, 'POST', '/auth/login', {
      body: { provider: 'x', username: 'a', password: 'p'.repeat(20_000) },
    });
    expect(reply.status).toBe(413);
    expect(reply.json).toMatchObject({ type: 'urn:buzon:error:tooLarge' });
  });

  it('security: a login must be JSON (a cross-site form post cannot be)', async () => {
    const reply = await send(buzon.origin, 'POST', '/auth/login', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'provider=x&username=a&password=b',
    });
    expect(reply.status).toBe(415);
  });

  it('security: the security headers are on API answers, errors and the app alike', async () => {
    const replies = [
      await send(buzon.origin, 'GET', '/'),
      await send(buzon.origin, 'GET', '/auth/providers'),
      await send(buzon.origin, 'GET', '/auth/session'),
      await send(buzon.origin, 'GET', '/auth/nothing-here'),
      await send(buzon.origin, 'POST', '/auth/login', { origin: null, body: {} }),
      await send(buzon.origin, 'DELETE', '/auth/session'),
      await send(buzon.origin, 'PUT', '/index.html', { body: 'x' }),
      await send(buzon.origin, 'GET', '/%E0%A4%A'), // refused by the static handler itself
    ];
    expect(replies.map((r) => r.status)).toEqual([200, 200, 401, 404, 403, 405, 405, 400]);
    for (const reply of replies) {
      expect(reply.headers['content-security-policy']).toBe(APP_CSP);
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(reply.headers['referrer-policy']).toBe('no-referrer');
    }
  });
});
