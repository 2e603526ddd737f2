// The /sieve routes against the real Dovecot: what the browser sees of the user's server-side
// filters, installing over another client's script only when told to, the server's refusal
// text, and the guards every write has (Origin, size, rate, provider without Sieve).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv } from '../../src/proxy/config/load.js';
import { SieveClient } from '../../src/proxy/sieve/client.js';
import { SIEVE_WRITES } from '../../src/proxy/sieve/service.js';
import type { ProviderConfig } from '../../src/proxy/config/types.js';
import { DEFAULT_USERS, startDovecot } from '../support/dovecot/index.js';
import type { DovecotInstance } from '../support/dovecot/index.js';
import { freePorts } from '../support/dovecot/free-ports.js';
import { cookiePair, dovecotProvider, send, startBuzon } from './support/buzon.js';
import type { Reply, RunningBuzon } from './support/buzon.js';

const ALICE = { user: 'alice@buzon.test', pass: 'alice-secret' };
const BOB = { user: 'bob@buzon.test', pass: 'bob-secret' };
const CAROL = { user: 'carol@buzon.test', pass: 'carol-secret' };
const SCRIPT =
  'require "fileinto";\r\n# marker-7f3a\r\nif header :contains "subject" "x" { fileinto "X"; }\r\n';

let dovecot: DovecotInstance;
let buzon: RunningBuzon;

beforeAll(async () => {
  dovecot = await startDovecot({ users: DEFAULT_USERS });
  const closedPort = (await freePorts(1))[0] ?? 1;
  const providers: ProviderConfig[] = [
    {
      ...dovecotProvider(dovecot),
      sieve: { host: dovecot.host, port: dovecot.sievePort, tls: 'none' },
    },
    { ...dovecotProvider(dovecot), id: 'plain', name: 'Without Sieve' },
    {
      ...dovecotProvider(dovecot),
      id: 'down',
      name: 'Sieve down',
      sieve: { host: '127.0.0.1', port: closedPort, tls: 'none' },
    },
  ];
  buzon = await startBuzon({ providers });
});
afterAll(async () => {
  await buzon?.stop();
  await dovecot?.stop();
});

async function login(who: { user: string; pass: string }, provider = 'test'): Promise<string> {
  const reply = await send(buzon.origin, 'POST', '/auth/login', {
    body: { provider, username: who.user, password: who.pass },
  });
  return cookiePair(reply);
}

const api = (method: string, cookie: string, body?: unknown): Promise<Reply> =>
  send(buzon.origin, method, '/sieve', {
    headers: { Cookie: cookie },
    ...(body === undefined ? {} : { body }),
  });

/** Puts a script straight over ManageSieve, as another client (Roundcube, Thunderbird) would. */
async function putDirectly(
  who: { user: string; pass: string },
  name: string,
  active: boolean,
): Promise<void> {
  const client = await SieveClient.connect({
    host: dovecot.host,
    port: dovecot.sievePort,
    tls: 'none',
  });
  await client.authenticate(who.user, who.pass);
  await client.putScript(name, 'keep;\r\n');
  if (active) await client.setActive(name);
  await client.logout();
}

describe('/sieve', () => {
  it("FILTER-3 installs, shows, and removes Buzón's script", async () => {
    const cookie = await login(ALICE);
    const before = await api('GET', cookie);
    expect(before.status).toBe(200);
    expect(before.json).toMatchObject({
      available: true,
      script: null,
      active: false,
      otherActive: null,
    });
    expect((before.json as { extensions: string[] }).extensions).toEqual(
      expect.arrayContaining(['fileinto', 'vacation', 'imap4flags', 'copy']),
    );
    const put = await api('PUT', cookie, { script: SCRIPT });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ active: true, replaced: null, warnings: null });
    expect((await api('GET', cookie)).json).toMatchObject({
      script: SCRIPT,
      active: true,
      otherActive: null,
    });
    const removed = await api('DELETE', cookie);
    expect(removed.status).toBe(204);
    expect((await api('GET', cookie)).json).toMatchObject({ script: null, active: false });
    // Deleting what is not there is fine: the browser may retry.
    expect((await api('DELETE', cookie)).status).toBe(204);
    // Neither the password nor the script reaches the log.
    const log = buzon.logs.join('\n');
    expect(log).not.toContain(ALICE.pass);
    expect(log).not.toContain('marker-7f3a');
  });

  it("FILTER-3 names another client's active script and replaces it only when told to", async () => {
    await putDirectly(BOB, 'roundcube', true);
    const cookie = await login(BOB);
    expect((await api('GET', cookie)).json).toMatchObject({
      script: null,
      active: false,
      otherActive: 'roundcube',
    });
    const refused = await api('PUT', cookie, { script: SCRIPT });
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.json).toMatchObject({
      type: 'urn:buzon:error:otherScriptActive',
      otherActive: 'roundcube',
    });
    expect((refused.json as { detail: string }).detail).toContain('roundcube');
    expect((await api('GET', cookie)).json).toMatchObject({
      script: null,
      otherActive: 'roundcube',
    });
    const replaced = await api('PUT', cookie, { script: SCRIPT, replaceActive: true });
    expect(replaced.status).toBe(200);
    expect(replaced.json).toEqual({ active: true, replaced: 'roundcube', warnings: null });
    expect((await api('GET', cookie)).json).toMatchObject({
      script: SCRIPT,
      active: true,
      otherActive: null,
    });
    // Removing Buzón's script leaves the user's own scripts alone.
    expect((await api('DELETE', cookie)).status).toBe(204);
    const client = await SieveClient.connect({
      host: dovecot.host,
      port: dovecot.sievePort,
      tls: 'none',
    });
    await client.authenticate(BOB.user, BOB.pass);
    expect(await client.listScripts()).toEqual([{ name: 'roundcube', active: false }]);
    await client.logout();
  });

  it("FILTER-3 a script the server refuses comes back as 400 with the server's text and line", async () => {
    const cookie = await login(CAROL);
    const reply = await api('PUT', cookie, {
      script: 'require "fileinto";\r\nfileinto "X"\r\nkeep;\r\n',
    });
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ type: 'urn:buzon:error:sieveRejected' });
    expect((reply.json as { detail: string }).detail).toMatch(/line 2: .*semicolon/);
    expect((await api('GET', cookie)).json).toMatchObject({ script: null, active: false });
  });

  it('FILTER-3 writes need the same Origin, a script, and a body under the limit', async () => {
    const cookie = await login(CAROL);
    const foreign = await send(buzon.origin, 'PUT', '/sieve', {
      headers: { Cookie: cookie },
      body: { script: SCRIPT },
      origin: 'http://evil.example',
    });
    expect(foreign.status).toBe(403);
    const none = await send(buzon.origin, 'DELETE', '/sieve', {
      headers: { Cookie: cookie },
      origin: null,
    });
    expect(none.status).toBe(403);
    expect((await api('PUT', cookie, { script: '' })).status).toBe(400);
    expect((await api('PUT', cookie, { script: SCRIPT, replaceActive: 'yes' })).status).toBe(400);
    const huge = await api('PUT', cookie, { script: `# ${'x'.repeat(300 * 1024)}\r\nkeep;\r\n` });
    expect(huge.status).toBe(413);
    expect((await send(buzon.origin, 'GET', '/sieve')).status).toBe(401);
  });

  it('FILTER-3 without a Sieve endpoint GET says unavailable and writes are 404; a dead one is 502', async () => {
    const plain = await login(ALICE, 'plain');
    expect((await api('GET', plain)).json).toEqual({
      available: false,
      extensions: [],
      maxRedirects: null,
      script: null,
      active: false,
      otherActive: null,
    });
    expect((await api('PUT', plain, { script: SCRIPT })).status).toBe(404);
    expect((await api('DELETE', plain)).status).toBe(404);
    const down = await login(ALICE, 'down');
    const reply = await api('GET', down);
    expect(reply.status).toBe(502);
    expect(reply.json).toMatchObject({ type: 'urn:buzon:error:sieveUnreachable' });
  });

  it('FILTER-3 limits writes per session', async () => {
    const cookie = await login(CAROL);
    for (let i = 0; i < SIEVE_WRITES.limit; i++)
      expect((await api('DELETE', cookie)).status).toBe(204);
    const limited = await api('DELETE', cookie);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Reading is not limited.
    expect((await api('GET', cookie)).status).toBe(200);
  });
});

describe('BUZON_SIEVE_* configuration', () => {
  const quiet = () => undefined;
  const imap = { BUZON_IMAP_HOST: 'mail.example.org' };

  it('FILTER-3 gives the environment provider a ManageSieve endpoint, STARTTLS on 4190 by default', () => {
    const plain = configFromEnv(imap, '/nonexistent', quiet);
    expect(plain.providers[0]?.sieve).toBeUndefined();
    const config = configFromEnv(
      { ...imap, BUZON_SIEVE_HOST: 'sieve.example.org' },
      '/nonexistent',
      quiet,
    );
    expect(config.providers[0]?.sieve).toEqual({
      host: 'sieve.example.org',
      port: 4190,
      tls: 'starttls',
    });
    const custom = configFromEnv(
      {
        ...imap,
        BUZON_SIEVE_HOST: '127.0.0.1',
        BUZON_SIEVE_PORT: '14190',
        BUZON_SIEVE_TLS: 'none',
      },
      '/nonexistent',
      quiet,
    );
    expect(custom.providers[0]?.sieve).toEqual({ host: '127.0.0.1', port: 14190, tls: 'none' });
  });

  it('FILTER-3 refuses a Sieve host without an IMAP host, and a bad port or TLS mode', () => {
    expect(() => configFromEnv({ BUZON_SIEVE_HOST: 'sieve.example.org' }, '/x', quiet)).toThrow(
      ConfigError,
    );
    expect(() =>
      configFromEnv(
        { ...imap, BUZON_SIEVE_HOST: 's.example.org', BUZON_SIEVE_PORT: '70000' },
        '/x',
        quiet,
      ),
    ).toThrow(/BUZON_SIEVE_\*.port/);
    expect(() =>
      configFromEnv(
        { ...imap, BUZON_SIEVE_HOST: 's.example.org', BUZON_SIEVE_TLS: 'maybe' },
        '/x',
        quiet,
      ),
    ).toThrow(/BUZON_SIEVE_\*.tls/);
  });
});
