// Configuration: providers from a file or the environment, checked at start with clear
// errors; and Buzón with no configuration at all still serves the app.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv } from '../../src/proxy/config/load.js';
import { parseProvidersJson, providerFromEnv } from '../../src/proxy/config/providers.js';
import { INDEX_HTML, send, startBuzon } from './support/buzon.js';

const quiet = () => undefined;

describe('configuration', () => {
  it('DOMAIN-1 with no configuration Buzón serves the app and offers no providers', async () => {
    const config = configFromEnv({}, '/nonexistent', quiet);
    expect(config.providers).toEqual([]);
    expect(config.allowCustomHosts).toBe(false);
    expect(config.secret.length).toBe(32);
    // The same settings, served from a folder holding a stand-in for the built app.
    const buzon = await startBuzon({
      providers: config.providers,
      allowCustomHosts: config.allowCustomHosts,
      secret: config.secret,
    });
    try {
      const app = await send(buzon.origin, 'GET', '/');
      expect(app.status).toBe(200);
      expect(app.text).toBe(INDEX_HTML);
      const providers = await send(buzon.origin, 'GET', '/auth/providers');
      expect(providers.status).toBe(200);
      expect(providers.json).toEqual([]);
    } finally {
      await buzon.stop();
    }
  });

  it('DOMAIN-1 reads a providers file with IMAP, SMTP, Sieve and a JMAP session URL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'buzon-providers-'));
    const file = join(dir, 'providers.json');
    writeFileSync(
      file,
      JSON.stringify({
        providers: [
          {
            id: 'example',
            name: 'Example Mail',
            imap: { host: 'imap.example.org', port: 993, tls: 'implicit' },
            smtp: { host: 'smtp.example.org', port: 587, tls: 'starttls' },
            sieve: { host: 'imap.example.org', tls: 'starttls' },
          },
          {
            id: 'fm',
            name: 'JMAP',
            imap: { host: 'imap.fm.test' },
            jmapSessionUrl: 'https://api.fm.test/jmap/session',
          },
        ],
      }),
    );
    try {
      const config = configFromEnv(
        { BUZON_PROVIDERS: file, BUZON_ALLOW_CUSTOM_HOSTS: '1' },
        dir,
        quiet,
      );
      expect(config.allowCustomHosts).toBe(true);
      expect(config.providers).toEqual([
        {
          id: 'example',
          name: 'Example Mail',
          imap: { host: 'imap.example.org', port: 993, tls: 'implicit' },
          smtp: { host: 'smtp.example.org', port: 587, tls: 'starttls' },
          sieve: { host: 'imap.example.org', port: 4190, tls: 'starttls' },
        },
        {
          id: 'fm',
          name: 'JMAP',
          imap: { host: 'imap.fm.test', port: 993, tls: 'implicit' },
          jmapSessionUrl: 'https://api.fm.test/jmap/session',
        },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('DOMAIN-1 one provider from environment variables', () => {
    expect(
      providerFromEnv({
        BUZON_IMAP_HOST: 'mail.example.org',
        BUZON_IMAP_TLS: 'starttls',
        BUZON_SMTP_HOST: 'mail.example.org',
        BUZON_PROVIDER_NAME: 'Ours',
      }),
    ).toEqual({
      id: 'default',
      name: 'Ours',
      imap: { host: 'mail.example.org', port: 143, tls: 'starttls' },
      smtp: { host: 'mail.example.org', port: 465, tls: 'implicit' },
    });
    expect(providerFromEnv({})).toBeUndefined();
  });

  it('DOMAIN-1 mistakes fail at start with the place and the field', () => {
    const cases: [string, RegExp][] = [
      [
        '[{"id":"a","name":"A","imap":{"host":"h","port":0}}]',
        /providers\[0\]\.imap\.port must be a whole number/,
      ],
      [
        '[{"id":"a","name":"A","imap":{"host":"h","tls":"ssl"}}]',
        /providers\[0\]\.imap\.tls must be one of implicit, starttls, none/,
      ],
      ['[{"id":"A B","name":"A","imap":{"host":"h"}}]', /providers\[0\]\.id must be lowercase/],
      ['[{"id":"custom","name":"A","imap":{"host":"h"}}]', /reserved/],
      ['[{"id":"a","name":"A","imap":{"host":"h\\r\\nx"}}]', /imap\.host must be a host name/],
      ['[{"id":"a","name":"A"}]', /providers\[0\]\.imap must be an object/],
      [
        '[{"id":"a","name":"A","imap":{"host":"h"},"jmapSessionUrl":"ftp://x"}]',
        /jmapSessionUrl must be an http\(s\) URL/,
      ],
      ['{"providers": 3}', /must hold an array of providers/],
      ['{oops', /is not valid JSON/],
    ];
    for (const [json, message] of cases) {
      expect(() => parseProvidersJson(json, 'providers.json'), json).toThrow(message);
    }
    expect(() =>
      configFromEnv({ BUZON_PROVIDERS: '/nonexistent/providers.json' }, '.', quiet),
    ).toThrow(/Cannot read the providers file/);
    expect(() => configFromEnv({ BUZON_SECRET: 'short' }, '.', quiet)).toThrow(ConfigError);
    expect(() =>
      configFromEnv({ BUZON_PUBLIC_ORIGIN: 'http://mail.example.org' }, '.', quiet),
    ).toThrow(/https/);
    expect(() => configFromEnv({ BUZON_SMTP_HOST: 'x' }, '.', quiet)).toThrow(
      /BUZON_IMAP_HOST is not/,
    );
  });

  it('SEND-8 SEND-9 SEND-16 gateways and the mandatory signature, from the file or the environment, and their mistakes', () => {
    const [p] = parseProvidersJson(
      JSON.stringify([
        {
          id: 'a',
          name: 'A',
          imap: { host: 'h' },
          sms: { emailDomain: 'sms.example.net' },
          fax: { webhookUrl: 'https://fax.example.net/send' },
          mandatorySignature: 'Example S.L.',
        },
      ]),
      'providers.json',
    );
    expect(p).toMatchObject({
      sms: { emailDomain: 'sms.example.net' },
      fax: { webhookUrl: 'https://fax.example.net/send' },
      mandatorySignature: 'Example S.L.',
    });
    const env = providerFromEnv({
      BUZON_IMAP_HOST: 'imap.example.org',
      BUZON_SMS_WEBHOOK_URL: 'https://sms.example.net/hook',
      BUZON_FAX_EMAIL_DOMAIN: 'fax.example.net',
      BUZON_MANDATORY_SIGNATURE: 'Línea 1\\nLínea 2',
    });
    expect(env).toMatchObject({
      sms: { webhookUrl: 'https://sms.example.net/hook' },
      fax: { emailDomain: 'fax.example.net' },
      mandatorySignature: 'Línea 1\nLínea 2',
    });
    const bad: [unknown, RegExp][] = [
      [{ emailDomain: 'x', webhookUrl: 'https://y' }, /exactly one of/],
      [{}, /exactly one of/],
      [{ emailDomain: 'not a domain' }, /must be a domain name/],
      [{ webhookUrl: 'file:///etc/passwd' }, /must be an http\(s\) URL/],
    ];
    for (const [sms, message] of bad)
      expect(() =>
        parseProvidersJson(JSON.stringify([{ id: 'a', name: 'A', imap: { host: 'h' }, sms }]), 'p'),
      ).toThrow(message);
    expect(() =>
      parseProvidersJson(
        JSON.stringify([{ id: 'a', name: 'A', imap: { host: 'h' }, mandatorySignature: '' }]),
        'p',
      ),
    ).toThrow(/mandatorySignature must be non-empty/);
  });

  it('DOMAIN-1 BUZON_PUBLIC_ORIGIN and BUZON_SECRET are taken as given', () => {
    const secret = 'a-long-operator-secret-of-more-than-32-chars';
    const config = configFromEnv(
      { BUZON_PUBLIC_ORIGIN: 'https://Mail.Example.org/', BUZON_SECRET: secret },
      '.',
      quiet,
    );
    expect(config.publicOrigin).toBe('https://mail.example.org');
    expect(Buffer.from(config.secret).toString('utf8')).toBe(secret);
  });
});
