// Sign-in, sessions and their guards, against a real Dovecot and the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCredentials } from '../../src/proxy/auth/crypto.js';
import { sendJson } from '../../src/proxy/http/json.js';
import { startDovecot } from '../support/dovecot/index.js';
import type { DovecotInstance } from '../support/dovecot/index.js';
import { cookiePair, dovecotProvider, send, startBuzon } from './support/buzon.js';
import type { RunningBuzon } from './support/buzon.js';

/** A few IMAP round trips on loopback; generous for a loaded 2-core machine. */
const TEST_TIMEOUT_MS = 20_000;
/** Dovecot starts in well under a second; this bounds a cold first run. */
const START_TIMEOUT_MS = 30_000;

const ALICE = { user: 'alice@buzon.test', pass: 'alice-secret' };
const WRONG_PASSWORD = 'not-alices-password-4711';

let dovecot: DovecotInstance;
let buzon: RunningBuzon;

beforeAll(async () => {
  dovecot = await startDovecot();
  buzon = await startBuzon({ providers: [dovecotProvider(dovecot)] });
}, START_TIMEOUT_MS);

afterAll(async () => {
  await buzon?.stop();
  await dovecot?.stop();
});

function login(
  target: RunningBuzon,
  username: string,
  password: string,
  options: { origin?: string | null } = {},
) {
  return send(target.origin, 'POST', '/auth/login', {
    body: { provider: 'test', username, password },
    ...options,
  });
}

describe('sign-in against a real IMAP server', { timeout: TEST_TIMEOUT_MS }, () => {
  it('ACCESS-1 lists the configured providers by id and name only', async () => {
    const reply = await send(buzon.origin, 'GET', '/auth/providers');
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual([{ id: 'test', name: 'Test Dovecot' }]);
  });

  it('ACCESS-1 signs in with IMAP LOGIN, sets an HttpOnly SameSite=Strict cookie, and /auth/session answers', async () => {
    const reply = await login(buzon, ALICE.user, ALICE.pass);
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      username: ALICE.user,
      provider: 'test',
      providerName: 'Test Dovecot',
      accountId: expect.stringMatching(/^A[A-Za-z0-9_-]+$/),
    });
    const setCookie = reply.headers['set-cookie']?.[0] ?? '';
    // Plain HTTP on loopback (development): `__Host-` would demand Secure, so the plain name.
    expect(setCookie).toMatch(/^buzon-session=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Domain');
    expect(reply.headers['cache-control']).toBe('no-store');

    const session = await send(buzon.origin, 'GET', '/auth/session', {
      headers: { Cookie: cookiePair(reply) },
    });
    expect(session.status).toBe(200);
    expect(session.json).toMatchObject({ username: ALICE.user, provider: 'test' });
    // The account id the login named is the one the JMAP Session names.
    const jmap = await send(buzon.origin, 'GET', '/jmap/session', {
      headers: { Cookie: cookiePair(reply) },
    });
    const primary = (jmap.json as { primaryAccounts: Record<string, string> }).primaryAccounts;
    expect(primary['urn:ietf:params:jmap:mail']).toBe(
      (reply.json as { accountId: string }).accountId,
    );
  });

  it('security: behind HTTPS the cookie is __Host-buzon-session with Secure', async () => {
    const secure = await startBuzon({
      providers: [dovecotProvider(dovecot)],
      publicOrigin: 'https://mail.example.test',
    });
    try {
      const reply = await login(secure, ALICE.user, ALICE.pass, {
        origin: 'https://mail.example.test',
      });
      expect(reply.status).toBe(200);
      const setCookie = reply.headers['set-cookie']?.[0] ?? '';
      expect(setCookie).toMatch(/^__Host-buzon-session=/);
      expect(setCookie).toMatch(/; Secure(;|$)/);
      expect(setCookie).toContain('Path=/');
      // The plain development name is not accepted there: a sibling host could plant it.
      const value = cookiePair(reply).split('=')[1];
      const planted = await send(secure.origin, 'GET', '/auth/session', {
        headers: { Cookie: `buzon-session=${value}` },
      });
      expect(planted.status).toBe(401);
      const real = await send(secure.origin, 'GET', '/auth/session', {
        headers: { Cookie: cookiePair(reply) },
      });
      expect(real.status).toBe(200);
    } finally {
      await secure.stop();
    }
  });

  it('ACCESS-1 a wrong password gets 401 with a clear message, stores nothing and logs no password', async () => {
    const before = buzon.app.sessions.store.size;
    const reply = await login(buzon, 'bob@buzon.test', WRONG_PASSWORD);
    expect(reply.status).toBe(401);
    expect(reply.json).toMatchObject({
      detail: 'The mail server did not accept this username and password.',
    });
    expect(reply.headers['set-cookie']).toBeUndefined();
    expect(buzon.app.sessions.store.size).toBe(before);
    expect(
      buzon.logs.some(
        (line) => line.startsWith('WARN login failed') && line.includes('bob@buzon.test'),
      ),
    ).toBe(true);
    expect(buzon.logs.join('\n')).not.toContain(WRONG_PASSWORD);
    expect(buzon.logs.join('\n')).not.toContain(ALICE.pass);
  });

  it('security: CR/LF or NUL in the username or password is refused with 400 before reaching IMAP', async () => {
    for (const [username, password] of [
      ['alice@buzon.test\r\na2 DELETE INBOX', ALICE.pass],
      ['alice@buzon.test', 'x\r\na2 LOGOUT'],
      ['alice\u0000@buzon.test', ALICE.pass],
    ] as const) {
      const reply = await login(buzon, username, password);
      expect(reply.status).toBe(400);
      expect(reply.json).toMatchObject({ type: 'urn:buzon:error:unsafeInput' });
    }
  });

  it('security: a write with a foreign, missing or "null" Origin is refused with 403', async () => {
    for (const origin of ['http://evil.example', 'http://127.0.0.1:1', null, 'null']) {
      const reply = await login(buzon, ALICE.user, ALICE.pass, { origin });
      expect(reply.status, String(origin)).toBe(403);
      expect(reply.headers['content-type']).toContain('application/problem+json');
      expect(reply.headers['content-security-policy']).toBeTruthy();
      expect(reply.headers['set-cookie']).toBeUndefined();
    }
  });

  it('security: DNS rebinding (a foreign Host with a matching Origin) is refused', async () => {
    const reply = await login(buzon, ALICE.user, ALICE.pass, {
      origin: 'http://rebind.example:80',
    });
    expect(reply.status).toBe(403);
    const rebound = await send(buzon.origin, 'POST', '/auth/login', {
      headers: { Host: 'rebind.example' },
      origin: 'http://rebind.example',
      body: { provider: 'test', username: ALICE.user, password: ALICE.pass },
    });
    expect(rebound.status).toBe(403);
    expect(rebound.json).toMatchObject({ type: 'urn:buzon:error:httpsRequired' });
  });

  it('security: the session store holds no plaintext password and cannot decrypt it without the cookie half', async () => {
    const reply = await login(buzon, ALICE.user, ALICE.pass);
    const [, value = ''] = cookiePair(reply).split('=');
    const [sessionId = ''] = value.split('.');
    const record = buzon.app.sessions.store.records().find((r) => r.id === sessionId);
    expect(record).toBeDefined();
    if (!record) return;
    // Everything the store holds, as a memory dump would show it: text fields and raw bytes.
    const records = buzon.app.sessions.store.records();
    const dump = Buffer.concat(
      records.flatMap((r) => [
        Buffer.from(JSON.stringify(r)),
        r.sealed.iv,
        r.sealed.ciphertext,
        r.sealed.tag,
      ]),
    ).toString('latin1');
    expect(dump).not.toContain(ALICE.pass);
    expect(dump).not.toContain(Buffer.from(ALICE.pass).toString('base64'));
    // With the server secret but a wrong key half, nothing decrypts.
    expect(
      openCredentials(record.sealed, Buffer.alloc(32, 7), buzon.app.config.secret, sessionId),
    ).toBeNull();
    // A forged cookie with the right id and a wrong half is not a session.
    const forged = `buzon-session=${sessionId}.${Buffer.alloc(32, 7).toString('base64url')}`;
    expect(
      (await send(buzon.origin, 'GET', '/auth/session', { headers: { Cookie: forged } })).status,
    ).toBe(401);
    // The real cookie still works: a forgery does not end the owner's session.
    expect(
      (await send(buzon.origin, 'GET', '/auth/session', { headers: { Cookie: cookiePair(reply) } }))
        .status,
    ).toBe(200);
  });

  it('security: logout ends the session for good', async () => {
    const reply = await login(buzon, ALICE.user, ALICE.pass);
    const cookie = cookiePair(reply);
    const out = await send(buzon.origin, 'POST', '/auth/logout', { headers: { Cookie: cookie } });
    expect(out.status).toBe(204);
    expect(out.headers['set-cookie']?.[0]).toMatch(/^buzon-session=;.*Max-Age=0/);
    const after = await send(buzon.origin, 'GET', '/auth/session', { headers: { Cookie: cookie } });
    expect(after.status).toBe(401);
    expect(after.json).toMatchObject({ type: 'urn:buzon:error:notSignedIn' });
  });

  it('security: authenticate() hands a route the decrypted credentials of a signed-in request, and null otherwise', async () => {
    // How the JMAP step uses it: a route on the app's router.
    buzon.app.router.add('GET', '/jmap/whoami-for-test', async (req, res) => {
      const session = await buzon.app.authenticate(req);
      sendJson(res, 200, session && { ...session, imapPort: session.provider.imap.port });
    });
    const reply = await login(buzon, ALICE.user, ALICE.pass);
    const [, value = ''] = cookiePair(reply).split('=');
    const seen = await send(buzon.origin, 'GET', '/jmap/whoami-for-test', {
      headers: { Cookie: cookiePair(reply) },
    });
    expect(seen.json).toMatchObject({
      sessionId: value.split('.')[0],
      username: ALICE.user,
      password: ALICE.pass,
      imapPort: dovecot.imapPort,
    });
    const anonymous = await send(buzon.origin, 'GET', '/jmap/whoami-for-test');
    expect(anonymous.json).toBeNull();
  });

  it('security: login failures are rate limited per username with 429 and Retry-After', async () => {
    const limited = await startBuzon({
      providers: [dovecotProvider(dovecot)],
      loginLimits: { perUserFailures: 3, perIpFailures: 100, windowMs: 60_000 },
    });
    try {
      for (let i = 0; i < 3; i++)
        expect((await login(limited, 'carol@buzon.test', WRONG_PASSWORD)).status).toBe(401);
      const blocked = await login(limited, 'carol@buzon.test', 'carol-secret');
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(blocked.json).toMatchObject({ type: 'urn:buzon:error:tooManyAttempts' });
      // Another user from the same address is not locked out by carol's failures.
      expect((await login(limited, ALICE.user, ALICE.pass)).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });

  it('security: login failures are rate limited per client IP across usernames', async () => {
    const limited = await startBuzon({
      providers: [dovecotProvider(dovecot)],
      loginLimits: { perUserFailures: 100, perIpFailures: 2, windowMs: 60_000 },
    });
    try {
      expect((await login(limited, 'alice@buzon.test', WRONG_PASSWORD)).status).toBe(401);
      expect((await login(limited, 'bob@buzon.test', WRONG_PASSWORD)).status).toBe(401);
      const blocked = await login(limited, 'carol@buzon.test', 'carol-secret');
      expect(blocked.status).toBe(429);
      expect(blocked.headers['retry-after']).toMatch(/^\d+$/);
    } finally {
      await limited.stop();
    }
  });

  it('ACCESS-1 an unknown provider id is refused with 400', async () => {
    const reply = await send(buzon.origin, 'POST', '/auth/login', {
      body: { provider: 'elsewhere', username: ALICE.user, password: ALICE.pass },
    });
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ type: 'urn:buzon:error:unknownProvider' });
  });

  it('security: an unreachable IMAP server is 502, not a failed login', async () => {
    const down = await startBuzon({
      providers: [{ id: 'test', name: 'Down', imap: { host: '127.0.0.1', port: 1, tls: 'none' } }], // nothing listens on port 1
    });
    try {
      const reply = await login(down, ALICE.user, ALICE.pass);
      expect(reply.status).toBe(502);
      expect(reply.json).toMatchObject({ type: 'urn:buzon:error:serverUnreachable' });
    } finally {
      await down.stop();
    }
  });
});
