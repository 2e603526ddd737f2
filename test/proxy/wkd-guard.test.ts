// PGP-1: what the WKD route refuses. The proxy runs with the production rule (no
// allowAddresses): names resolving to loopback, private, link-local or other non-public
// addresses are refused before any connection — the loopback WKD server below sees
// nothing. Also: line breaks and bad addresses, no session, the per-session rate limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WKD_LOOKUPS } from '../../src/proxy/wkd/routes.js';
import { createWkdFetcher } from '../../src/sync/wkd-client.js';
import { send, startBuzon } from './support/buzon.js';
import type { RunningBuzon } from './support/buzon.js';
import { signIn, startWkdServer } from './support/wkd-server.js';
import type { WkdServer } from './support/wkd-server.js';

/** What each test domain resolves to; `mixed.test` has a public and a private address. */
const ANSWERS: Record<string, readonly string[]> = {
  'wkd.test': ['127.0.0.1'], // a name the test server's certificate is valid for
  'loopback6.test': ['::1'],
  'mapped.test': ['::ffff:127.0.0.1'],
  'ten.test': ['10.1.2.3'],
  'home.test': ['192.168.1.20'],
  'office.test': ['172.16.5.4'],
  'cgnat.test': ['100.64.0.9'],
  'metadata.test': ['169.254.169.254'],
  'zero.test': ['0.0.0.0'],
  'ula.test': ['fd00::1'],
  'linklocal6.test': ['fe80::1'],
  'mixed.test': ['93.184.216.34', '10.0.0.1'],
};

let wkd: WkdServer;
let buzon: RunningBuzon;
let cookie: string;

beforeAll(async () => {
  wkd = await startWkdServer();
  buzon = await startBuzon({
    // The test's answers, CA and port, but NOT allowAddresses: the production rule applies.
    wkd: {
      resolve: async (host) => {
        const domain = host.replace(/^openpgpkey\./, '');
        const answer = ANSWERS[domain];
        if (!answer) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
        return answer;
      },
      ca: wkd.cert,
      port: wkd.port,
    },
  });
  cookie = signIn(buzon);
});

afterAll(async () => {
  await buzon?.stop();
  await wkd?.stop();
});

function lookup(address: unknown, headers: Record<string, string> = { Cookie: cookie }) {
  return send(buzon.origin, 'POST', '/wkd', { body: { address }, headers });
}

describe('POST /wkd refusals', () => {
  it('PGP-1 refuses a domain on loopback, private, link-local or other non-public addresses', async () => {
    for (const domain of Object.keys(ANSWERS)) {
      const reply = await lookup(`joe.doe@${domain}`);
      expect(reply.status, domain).toBe(403);
      expect(reply.json, domain).toMatchObject({ type: 'urn:buzon:error:wkdRefused' });
    }
    expect(wkd.seen).toEqual([]); // nothing was ever dialled
  });

  it('PGP-1 tells the page the lookup was refused', async () => {
    const page = createWkdFetcher(buzon.origin, {
      headers: { Cookie: cookie, Origin: buzon.origin },
    });
    await expect(page('joe.doe@wkd.test')).rejects.toMatchObject({
      name: 'WkdLookupError',
      code: 'refused',
      status: 403,
    });
  });

  it('PGP-1 refuses line breaks and anything that is not one plain address', async () => {
    const before = wkd.seen.length;
    const crlf = await lookup('joe@example.org\r\nHost: 127.0.0.1');
    expect(crlf.status).toBe(400);
    expect(crlf.json).toMatchObject({ type: 'urn:buzon:error:unsafeInput' });
    for (const bad of ['joe@127.0.0.1', 'joe@localhost', 'joe@[::1]', 'joe@example.org/x', 42]) {
      const reply = await lookup(bad);
      expect(reply.status, String(bad)).toBe(400);
      expect(reply.json).toMatchObject({ type: 'urn:buzon:error:invalidAddress' });
    }
    expect(wkd.seen.length).toBe(before);
  });

  it('PGP-1 needs a signed-in session and a same-origin request', async () => {
    expect((await lookup('joe.doe@example.org', {})).status).toBe(401);
    const foreign = await send(buzon.origin, 'POST', '/wkd', {
      body: { address: 'joe.doe@example.org' },
      headers: { Cookie: cookie },
      origin: 'https://evil.example',
    });
    expect(foreign.status).toBe(403);
    expect((await send(buzon.origin, 'GET', '/wkd', { headers: { Cookie: cookie } })).status).toBe(
      405,
    );
  });

  it('PGP-1 limits lookups per session', async () => {
    const mine = signIn(buzon);
    // Domains that do not exist: each lookup is counted, none leaves the machine.
    for (let i = 0; i < WKD_LOOKUPS.limit; i++) {
      expect((await lookup(`n${i}@gone.test`, { Cookie: mine })).status).toBe(404);
    }
    const over = await lookup('one-more@gone.test', { Cookie: mine });
    expect(over.status).toBe(429);
    expect(over.json).toMatchObject({ type: 'urn:buzon:error:tooManyLookups' });
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    // Another session is not affected.
    expect((await lookup('n0@gone.test')).status).toBe(404);
  });
});
