// The ManageSieve client's TLS paths (the test Dovecot runs without TLS): STARTTLS and
// implicit TLS against a small server with a throwaway certificate made by openssl. The
// credentials must only ever travel inside TLS, the capabilities must be the ones sent over
// TLS, and an untrusted certificate must stop the connection.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TlsMode } from '../../src/proxy/config/types.js';
import { SieveClient } from '../../src/proxy/sieve/client.js';
import { SieveUnavailableError } from '../../src/proxy/sieve/errors.js';

let key: string;
let cert: string;

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'buzon-sieve-tls-'));
  try {
    // A P-256 key: quick to make; valid for sieve.test and 127.0.0.1 for one day.
    const request =
      'req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=sieve.test';
    execFileSync(
      'openssl',
      [
        ...request.split(' '),
        ...['-addext', 'subjectAltName=DNS:sieve.test,IP:127.0.0.1'],
        ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      ],
      { stdio: 'ignore' },
    );
    key = readFileSync(join(dir, 'key.pem'), 'utf8');
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

interface Seen {
  /** Every command line the server read, and whether it came over TLS. */
  lines: { text: string; secure: boolean }[];
}

const CAPS_PLAIN =
  '"IMPLEMENTATION" "Fake"\r\n"STARTTLS"\r\n"SASL" ""\r\n"VERSION" "1.0"\r\nOK\r\n';
const CAPS_TLS =
  '"IMPLEMENTATION" "Fake"\r\n"SASL" "PLAIN"\r\n"SIEVE" "fileinto vacation"\r\n"VERSION" "1.0"\r\nOK\r\n';

/** A ManageSieve server that knows STARTTLS, AUTHENTICATE, LISTSCRIPTS and LOGOUT. */
function fakeServer(mode: TlsMode, seen: Seen): Promise<{ server: Server; port: number }> {
  const serve = (socket: Socket, secure: boolean) => {
    socket.on('error', () => undefined);
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const text = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        seen.lines.push({ text, secure });
        if (text === 'STARTTLS') {
          socket.off('data', onData);
          socket.write('OK "Begin TLS negotiation now."\r\n', () => {
            const tls = new TLSSocket(socket, { isServer: true, key, cert });
            tls.once('secure', () => tls.write(CAPS_TLS));
            serve(tls, true);
          });
          return;
        }
        if (text.startsWith('AUTHENTICATE')) socket.write('OK "Logged in."\r\n');
        else if (text === 'LISTSCRIPTS') socket.write('"buzon" ACTIVE\r\nOK\r\n');
        else if (text === 'LOGOUT') socket.end('OK "Bye."\r\n');
        else socket.write('NO "Unknown command."\r\n');
      }
    };
    socket.on('data', onData);
  };
  const server = createServer((socket) => {
    if (mode === 'implicit') {
      const tls = new TLSSocket(socket, { isServer: true, key, cert });
      tls.once('secure', () => tls.write(CAPS_TLS));
      serve(tls, true);
    } else {
      socket.write(CAPS_PLAIN);
      serve(socket, false);
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

let servers: Server[] = [];
afterAll(() => {
  for (const server of servers) server.close();
  servers = [];
});

async function signIn(mode: TlsMode, ca?: string): Promise<Seen> {
  const seen: Seen = { lines: [] };
  const { server, port } = await fakeServer(mode, seen);
  servers.push(server);
  const client = await SieveClient.connect(
    { host: '127.0.0.1', port, tls: mode, servername: 'sieve.test' },
    ca ? { ca } : {},
  );
  try {
    expect(client.capabilities.sasl).toEqual(['PLAIN']);
    expect(client.capabilities.sieve).toEqual(['fileinto', 'vacation']);
    await client.authenticate('alice@buzon.test', 'tls-only-secret');
    expect(await client.listScripts()).toEqual([{ name: 'buzon', active: true }]);
  } finally {
    await client.logout();
  }
  return seen;
}

describe('ManageSieve over TLS', () => {
  it('FILTER-3 upgrades with STARTTLS, reads the capabilities again, and signs in only inside TLS', async () => {
    const seen = await signIn('starttls', cert);
    expect(seen.lines.map((l) => [l.text.split(' ')[0], l.secure])).toEqual([
      ['STARTTLS', false],
      ['AUTHENTICATE', true],
      ['LISTSCRIPTS', true],
      ['LOGOUT', true],
    ]);
  });

  it('FILTER-3 speaks implicit TLS from the first byte', async () => {
    const seen = await signIn('implicit', cert);
    expect(seen.lines.every((l) => l.secure)).toBe(true);
  });

  it('FILTER-3 refuses a certificate it cannot trust, before signing in', async () => {
    await expect(signIn('starttls')).rejects.toBeInstanceOf(SieveUnavailableError);
    await expect(signIn('implicit')).rejects.toBeInstanceOf(SieveUnavailableError);
  });
});
