// PROXY-TLS at the edges (ADR 0033): what a user sees at sign-in when the server's TLS
// fails, with nothing of the password in the operator's log; cleartext refused for every
// host a user types (sign-in, other IMAP accounts, POP3 accounts) before any name is
// resolved; and the operator's private CA read once from the providers file or environment.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { customProvider } from '../../src/proxy/auth/custom-provider.js';
import { configFromEnv, ConfigError } from '../../src/proxy/config/load.js';
import { parsePop3PresetsJson } from '../../src/proxy/config/pop3-presets.js';
import { loadProviders, parseProvidersJson } from '../../src/proxy/config/providers.js';
import type { BuzonConfig, ProviderConfig } from '../../src/proxy/config/types.js';
import { endpointOf, parseNewAccount } from '../../src/proxy/external/input.js';
import { providerOf } from '../../src/proxy/external/upstreams.js';
import { HttpError } from '../../src/proxy/http/errors.js';
import { endpointFor, parseAccountInput } from '../../src/proxy/pop3/input.js';
import { cookiePair, send, startBuzon } from './support/buzon.js';
import type { Call } from './support/buzon.js';
import { JmapClient } from '../../src/sync/jmap-client.js';
import { describeSyncError } from '../../src/sync/messages.js';
import { makeTestPki, startFakeServer } from './support/tls-servers.js';
import type { FakeServer, TestPki } from './support/tls-servers.js';

const PASS = 'tls-only-secret';

let pki: TestPki;
const servers: FakeServer[] = [];

beforeAll(() => {
  pki = makeTestPki();
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  pki.cleanup();
});

function provider(port: number, tls: 'implicit' | 'starttls', ca?: string): ProviderConfig {
  return {
    id: 'example',
    name: 'Example Mail',
    imap: { host: '127.0.0.1', port, tls, servername: 'localhost', ...(ca ? { ca } : {}) },
  };
}

async function signIn(p: ProviderConfig) {
  const buzon = await startBuzon({ providers: [p] });
  try {
    const reply = await send(buzon.origin, 'POST', '/auth/login', {
      body: { provider: p.id, username: 'alice@buzon.test', password: PASS },
    });
    return { reply, logs: [...buzon.logs] };
  } finally {
    await buzon.stop();
  }
}

describe('PROXY-TLS sign-in tells the user why TLS failed', () => {
  it('PROXY-TLS an unverifiable certificate: 502 serverCertificateInvalid, the password neither sent nor logged', async () => {
    const s = await startFakeServer({
      protocol: 'imap',
      tls: 'implicit',
      key: pki.key,
      cert: pki.cert,
    });
    servers.push(s);
    const { reply, logs } = await signIn(provider(s.port, 'implicit'));
    expect(reply.status).toBe(502);
    const problem = reply.json as { type: string; detail: string };
    expect(problem.type).toBe('urn:buzon:error:serverCertificateInvalid');
    expect(problem.detail).toMatch(
      /^The mail server of Example Mail: its certificate could not be verified/,
    );
    expect(s.received).toEqual([]);
    expect(logs.join('\n')).not.toContain(PASS);
    // Not a wrong password: no Set-Cookie, and the same form can be tried again.
    expect(reply.headers['set-cookie']).toBeUndefined();
  });

  it('PROXY-TLS STARTTLS stripped: 502 serverNotEncrypted, nothing but the greeting exchange in cleartext', async () => {
    const s = await startFakeServer({
      protocol: 'imap',
      tls: 'starttls',
      key: pki.key,
      cert: pki.cert,
      offerStartTls: false,
    });
    servers.push(s);
    const { reply, logs } = await signIn(provider(s.port, 'starttls', pki.caCert));
    expect(reply.status).toBe(502);
    const problem = reply.json as { type: string; detail: string };
    expect(problem.type).toBe('urn:buzon:error:serverNotEncrypted');
    expect(problem.detail).toMatch(/does not offer encryption \(STARTTLS\)/);
    expect(
      s.received.some((l) => /LOGIN|AUTHENTICATE/i.test(l.text) || l.text.includes(PASS)),
    ).toBe(false);
    expect(logs.join('\n')).not.toContain(PASS);
  });

  it("PROXY-TLS the operator's CA signs the user in over STARTTLS", async () => {
    const s = await startFakeServer({
      protocol: 'imap',
      tls: 'starttls',
      key: pki.key,
      cert: pki.cert,
    });
    servers.push(s);
    const { reply } = await signIn(provider(s.port, 'starttls', pki.caCert));
    expect(reply.status).toBe(200);
    const login = s.received.find((l) => / LOGIN /i.test(l.text));
    expect(login?.secure).toBe(true);
  });
});

describe('PROXY-TLS a server whose TLS fails after sign-in is named, not "unreachable"', () => {
  it('PROXY-TLS ACCESS-1 a certificate that changed after sign-in: the Session answers 502 serverCertificateInvalid, a method serverCertificateInvalid, and sync tells the user why', async () => {
    const first = await startFakeServer({
      protocol: 'imap',
      tls: 'starttls',
      key: pki.key,
      cert: pki.cert,
    });
    const p = provider(first.port, 'starttls', pki.caCert);
    const buzon = await startBuzon({ providers: [p] });
    try {
      const login = await send(buzon.origin, 'POST', '/auth/login', {
        body: { provider: p.id, username: 'alice@buzon.test', password: PASS },
      });
      expect(login.status).toBe(200);
      const cookie = cookiePair(login);
      // The operator's server now shows a certificate no configured CA vouches for.
      await first.stop();
      const second = await startFakeServer({
        protocol: 'imap',
        tls: 'starttls',
        key: pki.selfKey,
        cert: pki.selfCert,
        port: first.port,
      });
      servers.push(second);

      const session = await send(buzon.origin, 'GET', '/jmap/session', {
        headers: { Cookie: cookie },
      });
      expect(session.status).toBe(502);
      expect((session.json as { type: string }).type).toBe(
        'urn:buzon:error:serverCertificateInvalid',
      );

      const client = new JmapClient({
        baseUrl: buzon.origin,
        headers: { Cookie: cookie, Origin: buzon.origin },
      });
      const sessionError = await client.session().catch((e: unknown) => e);
      expect(describeSyncError(sessionError)).toMatch(
        /certificate could not be verified, so your password was not sent.*tries again/,
      );
      // Still signed in: the password was not refused, it was never sent.
      const accountId = `A${'x'.repeat(8)}`;
      const api = await send(buzon.origin, 'POST', '/jmap', {
        headers: { Cookie: cookie },
        body: {
          using: ['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:mail'],
          methodCalls: [['Mailbox/get', { accountId }, '0']],
        },
      });
      expect(api.status).toBe(200);
      const [name, args] = (api.json as { methodResponses: Call[] }).methodResponses[0] ?? [];
      expect(name).toBe('error');
      expect(args).toMatchObject({ type: 'serverCertificateInvalid' });
      expect(
        second.received.some((l) => /LOGIN|AUTHENTICATE/i.test(l.text) || l.text.includes(PASS)),
      ).toBe(false);
      expect(buzon.logs.join('\n')).not.toContain(PASS);
    } finally {
      await buzon.stop();
    }
  });
});

describe('PROXY-TLS a host the user types is never cleartext', () => {
  /** Resolution must not even start for a refused server. */
  const lookups: string[] = [];
  const resolveHost = (host: string): Promise<readonly string[]> => {
    lookups.push(host);
    return Promise.resolve(['93.184.216.34']);
  };
  const config = {
    providers: [],
    allowCustomHosts: true,
    allowPop3Hosts: true,
    resolveHost,
  } as unknown as BuzonConfig;
  beforeEach(() => {
    lookups.length = 0;
  });

  it('PROXY-TLS sign-in to a typed server with tls none is refused (400) before resolving it', async () => {
    const buzon = await startBuzon({ allowCustomHosts: true, resolveHost });
    try {
      const reply = await send(buzon.origin, 'POST', '/auth/login', {
        body: {
          provider: 'custom',
          username: 'alice',
          password: PASS,
          imap: { host: 'imap.example.com', port: 143, tls: 'none' },
        },
      });
      expect(reply.status).toBe(400);
      expect((reply.json as { detail: string }).detail).toBe(
        'imap.tls must be implicit or starttls.',
      );
    } finally {
      await buzon.stop();
    }
    await expect(
      customProvider(
        {
          imap: { host: 'imap.example.com', port: 993, tls: 'implicit' },
          smtp: { host: 'smtp.example.com', port: 25, tls: 'none' },
        },
        resolveHost,
      ),
    ).rejects.toThrow('smtp.tls must be implicit or starttls.');
    expect(lookups.filter((h) => h !== 'imap.example.com')).toEqual([]);
  });

  it('PROXY-TLS another IMAP account on a typed server with tls none is refused, when added and when loaded', async () => {
    const input = parseNewAccount(
      {
        address: 'me@example.com',
        providerId: 'custom',
        server: { host: 'imap.example.com', port: 143, tls: 'none' },
        username: 'me',
        password: PASS,
      },
      config,
    );
    await expect(endpointOf(input, config)).rejects.toThrow(
      'imap.tls must be implicit or starttls.',
    );
    // An entry saved with `none` (an old or tampered METADATA list) is not connected.
    expect(
      await providerOf(
        {
          providerId: 'custom',
          server: { host: 'imap.example.com', port: 143, tls: 'none' },
          smtp: null,
        },
        config,
      ),
    ).toBeNull();
    expect(lookups).toEqual([]);
  });

  it('PROXY-TLS a typed POP3 server with tls none is refused, when added and at every check', async () => {
    expect(() =>
      parseAccountInput({ host: 'pop.example.com', port: 110, tls: 'none' }, config),
    ).toThrow('tls must be implicit or starttls.');
    const refused = await endpointFor(
      { preset: null, host: 'pop.example.com', port: 110, tls: 'none' },
      config,
    ).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).code).toBe('hostNotAllowed');
    expect(lookups).toEqual([]);
  });
});

describe("PROXY-TLS the operator's CA file", () => {
  it('PROXY-TLS caFile in the providers file is read once at start, for each endpoint', () => {
    const json = JSON.stringify({
      providers: [
        {
          id: 'private',
          name: 'Private CA Mail',
          imap: { host: 'mail.internal', tls: 'implicit', caFile: pki.caFile },
          smtp: { host: 'mail.internal', tls: 'starttls', caFile: pki.caFile },
          sieve: { host: 'mail.internal', tls: 'starttls' },
        },
      ],
    });
    const [p] = parseProvidersJson(json, 'providers.json');
    expect(p?.imap.ca).toBe(pki.caCert.trim());
    expect(p?.smtp?.ca).toBe(pki.caCert.trim());
    expect(p?.sieve?.ca).toBeUndefined();
    const presets = parsePop3PresetsJson(
      JSON.stringify({
        pop3Presets: [{ name: 'Internal POP3', host: 'pop.internal', caFile: pki.caFile }],
      }),
      'providers.json',
    );
    expect(presets[0]?.endpoint.ca).toBe(pki.caCert.trim());
  });

  it('PROXY-TLS BUZON_IMAP_CA_FILE, BUZON_SMTP_CA_FILE and BUZON_SIEVE_CA_FILE', () => {
    const env = {
      BUZON_IMAP_HOST: 'mail.internal',
      BUZON_IMAP_CA_FILE: pki.caFile,
      BUZON_SMTP_HOST: 'mail.internal',
      BUZON_SMTP_CA_FILE: pki.caFile,
      BUZON_SIEVE_HOST: 'mail.internal',
      BUZON_SIEVE_CA_FILE: pki.caFile,
    };
    const config = configFromEnv(env, '/nonexistent', () => undefined);
    const p = config.providers[0];
    expect([p?.imap.ca, p?.smtp?.ca, p?.sieve?.ca]).toEqual(Array(3).fill(pki.caCert.trim()));
    expect(loadProviders({ BUZON_IMAP_HOST: 'mail.internal' })[0]?.imap.ca).toBeUndefined();
  });

  it('PROXY-TLS a wrong CA file stops the server at start, naming the field', () => {
    const notPem = join(dirname(pki.caFile), 'not-a-ca.txt');
    writeFileSync(notPem, 'hello\n');
    const entry = (imap: Record<string, unknown>) =>
      JSON.stringify([{ id: 'x', name: 'X', imap: { host: 'mail.internal', ...imap } }]);
    expect(() => parseProvidersJson(entry({ caFile: notPem }), 'p.json')).toThrow(
      /p\.json: providers\[0\]\.imap\.caFile .*holds no PEM certificate/,
    );
    expect(() => parseProvidersJson(entry({ caFile: `${notPem}.missing` }), 'p.json')).toThrow(
      ConfigError,
    );
    // A CA is for a TLS connection; with cleartext it would be a false comfort.
    expect(() => parseProvidersJson(entry({ tls: 'none', caFile: pki.caFile }), 'p.json')).toThrow(
      /caFile needs tls implicit or starttls/,
    );
  });
});
