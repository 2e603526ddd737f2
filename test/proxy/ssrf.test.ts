// User-typed hosts (allowCustomHosts) never reach loopback or private networks, and the
// address that was checked is the one dialled. No Dovecot needed: every refusal happens
// before a connection is opened.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customProvider } from '../../src/proxy/auth/custom-provider.js';
import { imapClientOptions } from '../../src/proxy/auth/imap-login.js';
import {
  checkCustomHost,
  ForbiddenHostError,
  isForbiddenAddress,
} from '../../src/proxy/security/upstream-guard.js';
import { send, startBuzon } from './support/buzon.js';
import type { RunningBuzon } from './support/buzon.js';

let buzon: RunningBuzon;

beforeAll(async () => {
  buzon = await startBuzon({ allowCustomHosts: true });
});

afterAll(async () => {
  await buzon?.stop();
});

function customLogin(host: string, port = 993, tls = 'implicit') {
  return send(buzon.origin, 'POST', '/auth/login', {
    body: {
      provider: 'custom',
      username: 'alice@buzon.test',
      password: 'alice-secret',
      imap: { host, port, tls },
    },
  });
}

describe('custom hosts (SSRF guard)', () => {
  it('security: the providers list offers a custom entry only when custom hosts are allowed', async () => {
    const reply = await send(buzon.origin, 'GET', '/auth/providers');
    expect(reply.json).toEqual([{ id: 'custom', name: 'Other server', custom: true }]);
  });

  it('security: 127.0.0.1, 10.0.0.1 and a name resolving to loopback (localhost) are refused', async () => {
    for (const host of ['127.0.0.1', '10.0.0.1', 'localhost']) {
      const reply = await customLogin(host);
      expect(reply.status, host).toBe(400);
      expect(reply.json, host).toMatchObject({ type: 'urn:buzon:error:hostNotAllowed' });
      expect((reply.json as { detail: string }).detail).toContain('private or local network');
    }
  });

  it('security: IPv6 loopback, mapped, unique-local and odd IPv4 spellings are refused', async () => {
    for (const host of [
      '[::1]',
      '::ffff:127.0.0.1',
      '::ffff:a00:1',
      'fd00::1',
      'fe80::1',
      '0.0.0.0',
      '2130706433',
      '127.1',
    ]) {
      const reply = await customLogin(host);
      expect(reply.status, host).toBe(400);
      expect(reply.json, host).toMatchObject({ type: 'urn:buzon:error:hostNotAllowed' });
    }
  });

  it('security: a typed host must use TLS and a mail port', async () => {
    expect((await customLogin('mail.example.test', 143, 'none')).status).toBe(400);
    expect((await customLogin('mail.example.test', 22, 'implicit')).status).toBe(400);
    expect((await customLogin('mail.example.test', 6379, 'starttls')).status).toBe(400);
  });

  it('security: custom hosts are refused when the operator has not allowed them', async () => {
    const closed = await startBuzon();
    try {
      const reply = await send(closed.origin, 'POST', '/auth/login', {
        body: {
          provider: 'custom',
          username: 'a',
          password: 'b',
          imap: { host: 'mail.example.test', port: 993, tls: 'implicit' },
        },
      });
      expect(reply.status).toBe(400);
      expect(reply.json).toMatchObject({ type: 'urn:buzon:error:unknownProvider' });
    } finally {
      await closed.stop();
    }
  });

  it('security: refuses every private, loopback, link-local, CGNAT and reserved range, in every wrapping', () => {
    const refused = [
      '127.0.0.1',
      '127.255.255.254',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '100.127.255.255',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fc00::1',
      'fdff::1',
      'fe80::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.0.0.1',
      '::ffff:192.168.0.1',
      '::ffff:169.254.169.254',
      '64:ff9b::7f00:1',
      '64:ff9b::a9fe:a9fe',
      '2002:7f00:1::',
      '2002:c0a8:101::1',
      '::127.0.0.1',
      'fe80::1%eth0',
      'not-an-address',
    ];
    for (const address of refused) expect(isForbiddenAddress(address), address).toBe(true);
    const allowed = [
      '93.184.216.34',
      '1.1.1.1',
      '172.32.0.1',
      '100.128.0.1',
      '2606:4700::1111',
      '::ffff:93.184.216.34',
      '64:ff9b::5db8:d822',
    ];
    for (const address of allowed) expect(isForbiddenAddress(address), address).toBe(false);
  });

  it('security: a name with any private answer among public ones is refused', async () => {
    const resolver = async () => ['93.184.216.34', '10.0.0.7'];
    await expect(checkCustomHost('mixed.example.test', resolver)).rejects.toBeInstanceOf(
      ForbiddenHostError,
    );
  });

  it('security: the checked address is the one dialled, so DNS rebinding after the check cannot reach loopback', async () => {
    const answers = [['93.184.216.34'], ['127.0.0.1']];
    let lookups = 0;
    const rebinding = async () => answers[Math.min(lookups++, 1)] ?? [];
    const provider = await customProvider(
      { imap: { host: 'imap.example.test', port: 993, tls: 'implicit' } },
      rebinding,
    );
    expect(lookups).toBe(1);
    expect(provider.imap).toEqual({
      host: '93.184.216.34',
      port: 993,
      tls: 'implicit',
      servername: 'imap.example.test',
    });
    // imapflow dials the IP and checks the certificate against the typed name.
    const options = imapClientOptions(provider.imap, 'u', 'p');
    expect(options).toMatchObject({
      host: '93.184.216.34',
      servername: 'imap.example.test',
      secure: true,
    });
  });

  it('security: STARTTLS is required, not opportunistic, when a provider says starttls', () => {
    expect(imapClientOptions({ host: 'h', port: 143, tls: 'starttls' }, 'u', 'p')).toMatchObject({
      secure: false,
      doSTARTTLS: true,
    });
    expect(imapClientOptions({ host: 'h', port: 143, tls: 'none' }, 'u', 'p')).toMatchObject({
      secure: false,
      doSTARTTLS: false,
    });
  });
});
