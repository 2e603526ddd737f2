// PROXY-TLS: the proxy's TLS policy toward upstream servers (ADR 0033), the same for every
// protocol it speaks. Real clients (imapflow, nodemailer, our POP3 and ManageSieve
// clients) against loopback servers with openssl-made certificates: an unknown CA, a
// self-signed certificate, a wrong name and an outdated TLS version are refused; the
// operator's CA is accepted; a STARTTLS endpoint whose server strips the capability fails
// before any credentials are sent; the user is told why in words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyImapLogin } from '../../src/proxy/auth/imap-login.js';
import type { Endpoint } from '../../src/proxy/config/types.js';
import { HttpError } from '../../src/proxy/http/errors.js';
import { Pop3Client } from '../../src/proxy/pop3/client.js';
import { httpErrorOf as pop3HttpError, jobErrorOf } from '../../src/proxy/pop3/errors.js';
import { tlsFailureOf, tlsHttpError } from '../../src/proxy/security/tls-policy.js';
import type { TlsFailure } from '../../src/proxy/security/tls-policy.js';
import { SieveClient } from '../../src/proxy/sieve/client.js';
import { httpErrorOf as sieveHttpError } from '../../src/proxy/sieve/http-errors.js';
import { submitMessage } from '../../src/proxy/smtp/transport.js';
import { makeTestPki, startFakeServer } from './support/tls-servers.js';
import type {
  FakeServer,
  FakeServerOptions,
  MailProtocol,
  ReceivedLine,
  TestPki,
} from './support/tls-servers.js';

const USER = 'alice@buzon.test';
const PASS = 'tls-only-secret';

let pki: TestPki;
const running: FakeServer[] = [];

beforeAll(() => {
  pki = makeTestPki();
});

afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
  pki.cleanup();
});

/** Signs in (and for SMTP sends a message) as the proxy would, with its real client. */
const SIGN_IN: Record<MailProtocol, (endpoint: Endpoint) => Promise<void>> = {
  imap: async (endpoint) => {
    if (!(await verifyImapLogin(endpoint, USER, PASS))) throw new Error('login refused');
  },
  smtp: async (endpoint) => {
    await submitMessage(
      endpoint,
      { user: USER, pass: PASS },
      { mailFrom: USER, rcptTo: ['bob@buzon.test'] },
      Buffer.from(`From: ${USER}\r\nTo: bob@buzon.test\r\nSubject: hi\r\n\r\nhello\r\n`),
    );
  },
  pop3: async (endpoint) => {
    const client = await Pop3Client.connect(endpoint);
    try {
      await client.login(USER, PASS);
    } finally {
      await client.quit().catch(() => undefined);
    }
  },
  sieve: async (endpoint) => {
    const client = await SieveClient.connect(endpoint);
    try {
      await client.authenticate(USER, PASS);
    } finally {
      await client.logout().catch(() => undefined);
    }
  },
};

/** The sentence the user is shown for a failure of this protocol's client. */
function whatTheUserSees(protocol: MailProtocol, err: unknown): string {
  const http =
    protocol === 'pop3'
      ? pop3HttpError(err)
      : protocol === 'sieve'
        ? sieveHttpError(err)
        : protocol === 'imap'
          ? tlsHttpError(err, 'The mail server of Example') // what /auth/login answers
          : null;
  if (http instanceof HttpError) return `${http.code}: ${http.detail}`;
  // SMTP fails an EmailSubmission with serverUnavailable carrying this message.
  return err instanceof Error ? err.message : String(err);
}

/** Credentials in any form these protocols send them (LOGIN, AUTH PLAIN, USER/PASS, AUTHENTICATE). */
function credentialLines(received: readonly ReceivedLine[]): ReceivedLine[] {
  return received.filter(({ text }) => {
    const words = text.split(' ').map((w) => w.toUpperCase());
    return (
      text.includes(PASS) ||
      text.includes(USER) ||
      words.some((w) => ['LOGIN', 'AUTH', 'AUTHENTICATE', 'USER', 'PASS'].includes(w))
    );
  });
}

async function server(
  options: Partial<FakeServerOptions> & Pick<FakeServerOptions, 'protocol' | 'tls'>,
) {
  const started = await startFakeServer({ key: pki.key, cert: pki.cert, ...options });
  running.push(started);
  return started;
}

async function failure(
  protocol: MailProtocol,
  endpoint: Endpoint,
): Promise<{ failure: TlsFailure | null; sees: string; err: unknown }> {
  try {
    await SIGN_IN[protocol](endpoint);
  } catch (err) {
    return { failure: tlsFailureOf(err), sees: whatTheUserSees(protocol, err), err };
  }
  throw new Error(`${protocol}: signing in succeeded where it must fail`);
}

const PROTOCOLS: MailProtocol[] = ['imap', 'smtp', 'pop3', 'sieve'];

describe.each(PROTOCOLS)('PROXY-TLS %s', (protocol) => {
  it(`PROXY-TLS ${protocol}: a certificate from an unknown CA is refused before any credentials`, async () => {
    const s = await server({ protocol, tls: 'implicit' });
    const { failure: why, sees } = await failure(protocol, {
      host: '127.0.0.1',
      port: s.port,
      tls: 'implicit',
      servername: 'localhost',
    });
    expect(why).toBe('certificate');
    expect(sees).toMatch(/certificate could not be verified/);
    expect(s.received).toEqual([]);
  });

  it(`PROXY-TLS ${protocol}: a self-signed certificate is refused after STARTTLS, even with a CA configured`, async () => {
    const s = await server({ protocol, tls: 'starttls', key: pki.selfKey, cert: pki.selfCert });
    const { failure: why, sees } = await failure(protocol, {
      host: '127.0.0.1',
      port: s.port,
      tls: 'starttls',
      servername: 'localhost',
      ca: pki.caCert,
    });
    expect(why).toBe('certificate');
    expect(sees).toMatch(/certificate could not be verified/);
    expect(credentialLines(s.received)).toEqual([]);
    expect(s.received.every((l) => !l.secure)).toBe(true);
  });

  it(`PROXY-TLS ${protocol}: the operator's CA makes the server trusted, and credentials travel only inside TLS`, async () => {
    for (const tls of ['implicit', 'starttls'] as const) {
      const s = await server({ protocol, tls });
      await SIGN_IN[protocol]({
        host: '127.0.0.1',
        port: s.port,
        tls,
        servername: 'localhost',
        ca: pki.caCert,
      });
      const sent = credentialLines(s.received);
      expect(sent.length, `${tls}: credentials reached the server`).toBeGreaterThan(0);
      expect(sent.every((l) => l.secure)).toBe(true);
    }
  });

  it(`PROXY-TLS ${protocol}: the name checked is servername when set, else the host`, async () => {
    const s = await server({ protocol, tls: 'implicit' });
    const base = { host: '127.0.0.1', port: s.port, tls: 'implicit' as const, ca: pki.caCert };
    // The certificate names localhost and 127.0.0.1, not mail.example.org.
    const wrong = await failure(protocol, { ...base, servername: 'mail.example.org' });
    expect(wrong.failure).toBe('certificate');
    expect(credentialLines(s.received)).toEqual([]);
    // No servername: the dialled address itself must be in the certificate (IP SAN).
    await SIGN_IN[protocol](base);
    expect(credentialLines(s.received).length).toBeGreaterThan(0);
  });

  it(`PROXY-TLS ${protocol}: a server that speaks only TLS 1.1 is refused`, async () => {
    const s = await server({ protocol, tls: 'implicit', oldTlsOnly: true });
    const { failure: why, sees } = await failure(protocol, {
      host: '127.0.0.1',
      port: s.port,
      tls: 'implicit',
      servername: 'localhost',
      ca: pki.caCert,
    });
    expect(why).toBe('outdated');
    expect(sees).toMatch(/outdated TLS version/);
    expect(s.received).toEqual([]);
  });

  it(`PROXY-TLS ${protocol}: STARTTLS stripped by the server fails before any credentials are sent`, async () => {
    const s = await server({ protocol, tls: 'starttls', offerStartTls: false });
    const {
      failure: why,
      sees,
      err,
    } = await failure(protocol, {
      host: '127.0.0.1',
      port: s.port,
      tls: 'starttls',
      servername: 'localhost',
      ca: pki.caCert,
    });
    expect(why).toBe('noEncryption');
    expect(sees).toMatch(/does not offer encryption/);
    expect(credentialLines(s.received)).toEqual([]);
    // A POP3 check that stops here says the same in its job status.
    if (protocol === 'pop3') expect(jobErrorOf(err).message).toMatch(/does not offer encryption/);
  });
});
