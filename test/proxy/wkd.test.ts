// PGP-1: Web Key Directory lookups through the proxy (POST /wkd), against a loopback HTTPS
// WKD with a real key, and the page's fetcher against the running proxy. The test server
// is reached only because this configuration lets 127.0.0.1 through (wkd.allowAddresses);
// wkd-guard.test.ts shows the production rule refusing it.
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wkdHash } from '../../src/pgp/wkd.js';
import { createWkdFetcher, WkdLookupError } from '../../src/sync/wkd-client.js';
import { send, startBuzon } from './support/buzon.js';
import type { RunningBuzon } from './support/buzon.js';
import { CERT_NAMES, loopbackResolver, signIn, startWkdServer } from './support/wkd-server.js';
import type { WkdServer } from './support/wkd-server.js';

/** A short limit so the timeout test does not wait the real 5 s. */
const TEST_TIMEOUT_MS = 400;

let wkd: WkdServer;
let buzon: RunningBuzon;
let cookie: string;

beforeAll(async () => {
  wkd = await startWkdServer();
  buzon = await startBuzon({
    wkd: {
      // evil.test resolves to the server too, but the certificate is not for that name.
      resolve: loopbackResolver([...CERT_NAMES, 'evil.test']),
      ca: wkd.cert,
      port: wkd.port,
      allowAddresses: ['127.0.0.1'],
      timeoutMs: TEST_TIMEOUT_MS,
    },
  });
  cookie = signIn(buzon);
});

afterAll(async () => {
  await buzon?.stop();
  await wkd?.stop();
});

function lookup(address: unknown, who = cookie) {
  return send(buzon.origin, 'POST', '/wkd', { body: { address }, headers: { Cookie: who } });
}

/** What a signed-in page sends along (Node's fetch has no cookie jar and no page origin). */
function pageOptions(who = cookie) {
  return { headers: { Cookie: who, Origin: buzon.origin } };
}

async function fingerprintOf(bytes: Uint8Array): Promise<string> {
  return (await openpgp.readKey({ binaryKey: bytes })).getFingerprint();
}

describe('POST /wkd', () => {
  it('PGP-1 finds a key by the advanced method and returns it as published (binary)', async () => {
    const before = wkd.seen.length;
    const reply = await lookup('Joe.Doe@wkd.test');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/octet-stream');
    expect(reply.headers['cache-control']).toBe('no-store');
    const asked = wkd.seen.slice(before);
    const hash = await wkdHash('joe.doe');
    expect(asked.map((r) => [r.host, r.path])).toEqual([
      ['openpgpkey.wkd.test', `/.well-known/openpgpkey/wkd.test/hu/${hash}?l=Joe.Doe`],
    ]);
    // Nothing about the user travels to the key's domain: no cookie, referer or user agent.
    expect(asked[0]?.headerNames.sort()).toEqual(['accept', 'connection', 'host']);
  });

  it('PGP-1 falls back to the direct method when openpgpkey.<domain> does not exist', async () => {
    const before = wkd.seen.length;
    const page = createWkdFetcher(buzon.origin, pageOptions());
    const key = await page('joe.doe@direct.test');
    expect(key && (await fingerprintOf(key))).toBe(wkd.fingerprint);
    const hash = await wkdHash('joe.doe');
    expect(wkd.seen.slice(before).map((r) => [r.host, r.path])).toEqual([
      ['direct.test', `/.well-known/openpgpkey/hu/${hash}?l=joe.doe`],
    ]);
  });

  it('PGP-1 falls back to the direct method when openpgpkey.<domain> exists but has no key (wildcard DNS)', async () => {
    const before = wkd.seen.length;
    const page = createWkdFetcher(buzon.origin, pageOptions());
    const key = await page('joe.doe@wild.test');
    expect(key && (await fingerprintOf(key))).toBe(wkd.fingerprint);
    expect(wkd.seen.slice(before).map((r) => r.host)).toEqual([
      'openpgpkey.wild.test',
      'wild.test',
    ]);
  });

  it('PGP-1 answers 404 noKey when neither method has a key, and the page gets null', async () => {
    const reply = await lookup('nobody@wkd.test');
    expect(reply.status).toBe(404);
    expect(reply.json).toMatchObject({ type: 'urn:buzon:error:noKey' });
    const page = createWkdFetcher(buzon.origin, pageOptions());
    expect(await page('nobody@direct.test')).toBeNull();
    expect(await page('someone@nowhere.test')).toBeNull(); // the domain does not exist
    expect(await page('page@direct.test')).toBeNull(); // a home page is not a key
  });

  it('PGP-1 refuses a key over the size limit, streamed or announced', async () => {
    for (const local of ['big', 'big-declared']) {
      const reply = await lookup(`${local}@direct.test`);
      expect(reply.status, local).toBe(502);
      expect(reply.json).toMatchObject({ type: 'urn:buzon:error:wkdTooLarge' });
    }
    const page = createWkdFetcher(buzon.origin, pageOptions());
    await expect(page('big@direct.test')).rejects.toMatchObject({
      name: 'WkdLookupError',
      code: 'tooLarge',
    });
  });

  it('PGP-1 gives up on a key server that does not answer in time', async () => {
    const reply = await lookup('slow@direct.test');
    expect(reply.status).toBe(504);
    expect(reply.json).toMatchObject({ type: 'urn:buzon:error:wkdTimeout' });
  });

  it('PGP-1 follows no redirect and trusts no certificate issued for another name', async () => {
    expect((await lookup('moved@direct.test')).json).toMatchObject({
      type: 'urn:buzon:error:wkdUnreachable',
    });
    const page = createWkdFetcher(buzon.origin, pageOptions());
    await expect(page('joe.doe@evil.test')).rejects.toMatchObject({ code: 'unreachable' });
  });

  it('PGP-1 never writes the looked-up address or its domain to the log', () => {
    const log = buzon.logs.join('\n');
    expect(log).toContain('wkd lookup failed'); // the failures above were logged…
    for (const secret of ['joe.doe', 'Joe.Doe', 'wkd.test', 'direct.test', 'evil.test', 'slow@'])
      expect(log).not.toContain(secret); // …without whom they were about
  });
});

describe('the page-side WKD fetcher', () => {
  it('PGP-1 returns the key bytes the domain published', async () => {
    const page = createWkdFetcher(buzon.origin, pageOptions());
    const key = await page('joe.doe@wkd.test');
    expect(key).toEqual(wkd.key);
  });

  it('PGP-1 throws typed errors: not signed in, not an address, proxy offline', async () => {
    const anonymous = createWkdFetcher(buzon.origin, { headers: { Origin: buzon.origin } });
    await expect(anonymous('joe.doe@wkd.test')).rejects.toMatchObject({
      code: 'notSignedIn',
      status: 401,
    });
    const page = createWkdFetcher(buzon.origin, pageOptions());
    await expect(page('not an address')).rejects.toBeInstanceOf(WkdLookupError);
    await expect(page('joe@wkd.test\r\nX-Evil: 1')).rejects.toMatchObject({
      code: 'invalidAddress',
    });
    // A proxy that has just stopped: nothing listens on its port any more.
    const gone = await startBuzon();
    await gone.stop();
    await expect(createWkdFetcher(gone.origin)('joe.doe@wkd.test')).rejects.toMatchObject({
      code: 'offline',
      status: 0,
    });
  });
});
