// The proxy's ManageSieve client (RFC 5804) against the real Dovecot/Pigeonhole, and against
// small hostile servers for the limits a real server never shows.
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SieveClient } from '../../src/proxy/sieve/client.js';
import {
  SieveActiveError,
  SieveAuthError,
  SieveNonexistentError,
  SieveProtocolError,
  SieveQuotaError,
  SieveScriptError,
  SieveTimeoutError,
  SieveUnavailableError,
} from '../../src/proxy/sieve/errors.js';
import type { Endpoint } from '../../src/proxy/config/types.js';
import { DEFAULT_USERS, startDovecot } from '../support/dovecot/index.js';
import type { DovecotInstance } from '../support/dovecot/index.js';

/** Long enough that its SASL PLAIN response (base64) must go as a literal, not a quoted string. */
const LONG = { user: 'long@buzon.test', pass: `pw-${'ñ'.repeat(500)}` };
const ALICE = { user: 'alice@buzon.test', pass: 'alice-secret' };

let dovecot: DovecotInstance;
let endpoint: Endpoint;

beforeAll(async () => {
  dovecot = await startDovecot({ users: [...DEFAULT_USERS, LONG] });
  endpoint = { host: dovecot.host, port: dovecot.sievePort, tls: 'none' };
});
afterAll(async () => {
  await dovecot?.stop();
});

async function signedIn(who = ALICE): Promise<SieveClient> {
  const client = await SieveClient.connect(endpoint);
  await client.authenticate(who.user, who.pass);
  return client;
}

describe('ManageSieve client against Dovecot', () => {
  it("FILTER-3 reads Pigeonhole's capabilities from the greeting", async () => {
    const client = await SieveClient.connect(endpoint);
    try {
      const caps = client.capabilities;
      expect(caps.implementation).toMatch(/Pigeonhole/);
      expect(caps.sasl).toContain('PLAIN');
      expect(caps.version).toBe('1.0');
      expect(caps.starttls).toBe(false); // the test Dovecot has ssl = no
      expect(caps.sieve).toEqual(
        expect.arrayContaining([
          'fileinto',
          'vacation',
          'imap4flags',
          'copy',
          'variables',
          'body',
          'date',
        ]),
      );
      expect(caps.notify).toContain('mailto');
    } finally {
      await client.logout();
    }
  });

  it('FILTER-3 stores, lists, reads, activates and deletes a script', async () => {
    const client = await signedIn();
    try {
      const script =
        'require "fileinto";\r\nif header :contains "subject" "x" { fileinto "X"; }\r\n';
      expect(await client.putScript('uno', script)).toEqual({ warnings: null });
      expect(await client.listScripts()).toEqual([{ name: 'uno', active: false }]);
      expect(await client.getScript('uno')).toBe(script);
      await client.setActive('uno');
      expect(await client.listScripts()).toEqual([{ name: 'uno', active: true }]);
      await expect(client.deleteScript('uno')).rejects.toBeInstanceOf(SieveActiveError);
      await client.setActive('');
      expect(await client.listScripts()).toEqual([{ name: 'uno', active: false }]);
      await client.deleteScript('uno');
      expect(await client.listScripts()).toEqual([]);
      await expect(client.getScript('uno')).rejects.toBeInstanceOf(SieveNonexistentError);
      await client.haveSpace('dos', 1000);
      // Pigeonhole's sieve_max_script_size is 1 MB by default.
      await expect(client.haveSpace('dos', 50 * 1024 * 1024)).rejects.toBeInstanceOf(
        SieveQuotaError,
      );
    } finally {
      await client.logout();
    }
  });

  it("FILTER-3 a script with a syntax error is refused with the server's message and line", async () => {
    const client = await signedIn();
    try {
      const bad = 'require "fileinto";\r\nkeep;\r\nfileinto "X"\r\nstop;\r\n';
      const checked = await client.checkScript(bad).catch((err: unknown) => err);
      expect(checked).toBeInstanceOf(SieveScriptError);
      expect((checked as SieveScriptError).serverText).toMatch(/line 3: .*semicolon/);
      await expect(client.putScript('roto', bad)).rejects.toBeInstanceOf(SieveScriptError);
      expect(await client.listScripts()).toEqual([]);
    } finally {
      await client.logout();
    }
  });

  it('FILTER-3 carries non-ASCII UTF-8 in names and scripts, and lone-dot lines with CRLFs, exactly', async () => {
    const client = await signedIn();
    try {
      const name = 'filtros-ñandú';
      const script = [
        '# Facturación de camión, 日本, 🎉',
        '/*',
        '.',
        '..',
        '*/',
        'require ["fileinto", "vacation"];',
        'if header :contains "subject" "canción" { fileinto "Música/Ñ"; }',
        'vacation :subject "Fuera" text:',
        'Hola, línea uno',
        '..',
        '.',
        ';',
        '',
      ].join('\r\n');
      await client.checkScript(script);
      await client.putScript(name, script);
      expect(await client.listScripts()).toEqual([{ name, active: false }]);
      expect(await client.getScript(name)).toBe(script);
      await client.deleteScript(name);
    } finally {
      await client.logout();
    }
  });

  it('FILTER-3 signs in with a password long enough to need a literal, and refuses a wrong one', async () => {
    const client = await signedIn(LONG);
    expect(await client.listScripts()).toEqual([]);
    await client.logout();
    const wrong = await SieveClient.connect(endpoint);
    try {
      await expect(wrong.authenticate(ALICE.user, 'not-it')).rejects.toBeInstanceOf(SieveAuthError);
    } finally {
      wrong.close();
    }
  });

  it('FILTER-3 refuses to continue in cleartext when STARTTLS was asked for and is not offered', async () => {
    await expect(SieveClient.connect({ ...endpoint, tls: 'starttls' })).rejects.toBeInstanceOf(
      SieveUnavailableError,
    );
  });
});

/** A one-connection fake server that runs `script` on the socket. */
async function hostile(
  script: (socket: Socket) => void,
): Promise<{ endpoint: Endpoint; server: Server }> {
  const server = createServer((socket) => {
    // The client hangs up on it mid-write: that is the point, not an error.
    socket.on('error', () => undefined);
    script(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { endpoint: { host: '127.0.0.1', port, tls: 'none' }, server };
}

const GREETING =
  '"IMPLEMENTATION" "Hostile"\r\n"SASL" "PLAIN"\r\n"STARTTLS"\r\n"VERSION" "1.0"\r\nOK "hi"\r\n';

describe('ManageSieve client against a hostile server', () => {
  it('FILTER-3 refuses a literal over 1 MB without reading it', async () => {
    const { endpoint: at, server } = await hostile((socket) => {
      socket.write(GREETING);
      socket.on('data', () => socket.write('{2147483647}\r\nxxxx'));
    });
    try {
      const client = await SieveClient.connect(at);
      await expect(client.getScript('buzon')).rejects.toBeInstanceOf(SieveProtocolError);
    } finally {
      server.close();
    }
  });

  it('FILTER-3 refuses an endless line', async () => {
    const chunk = 'x'.repeat(64 * 1024);
    const { endpoint: at, server } = await hostile((socket) => {
      socket.write('"IMPLEMENTATION" "');
      for (let i = 0; i < 8; i++) socket.write(chunk);
    });
    try {
      await expect(SieveClient.connect(at)).rejects.toBeInstanceOf(SieveProtocolError);
    } finally {
      server.close();
    }
  });

  it('FILTER-3 gives up on a silent server', async () => {
    const { endpoint: at, server } = await hostile(() => undefined);
    try {
      await expect(SieveClient.connect(at, { commandTimeoutMs: 200 })).rejects.toBeInstanceOf(
        SieveTimeoutError,
      );
    } finally {
      server.close();
    }
  });

  it('FILTER-3 refuses bytes sent before the TLS handshake (STARTTLS injection)', async () => {
    const { endpoint: at, server } = await hostile((socket) => {
      socket.write(GREETING);
      socket.on('data', () => socket.write('OK "go"\r\nOK "injected"\r\n'));
    });
    try {
      await expect(SieveClient.connect({ ...at, tls: 'starttls' })).rejects.toBeInstanceOf(
        SieveProtocolError,
      );
    } finally {
      server.close();
    }
  });
});
