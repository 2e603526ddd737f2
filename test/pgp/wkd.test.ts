// PGP-1: Web Key Directory addresses and URLs (draft-koch-openpgp-webkey-service §3.1),
// shared by the page and the proxy.
import { describe, expect, it } from 'vitest';
import { isWkdAddress, parseWkdAddress, wkdHash, wkdUrls, zBase32 } from '../../src/pgp/wkd.js';

describe('WKD hash and URLs', () => {
  it("PGP-1 hashes the draft's example local part to its published z-base-32 value", async () => {
    // The draft's example: Joe.Doe@Example.ORG → iy9q119eutrkn8s1mk4r39qejnbu3n5q.
    expect(await wkdHash('Joe.Doe')).toBe('iy9q119eutrkn8s1mk4r39qejnbu3n5q');
    expect(await wkdHash('joe.doe')).toBe('iy9q119eutrkn8s1mk4r39qejnbu3n5q');
  });

  it('PGP-1 builds the advanced URL (openpgpkey subdomain) and the direct one, keeping the case of l=', async () => {
    expect(await wkdUrls('Joe.Doe@Example.ORG')).toEqual({
      advanced:
        'https://openpgpkey.example.org/.well-known/openpgpkey/example.org/hu/iy9q119eutrkn8s1mk4r39qejnbu3n5q?l=Joe.Doe',
      direct:
        'https://example.org/.well-known/openpgpkey/hu/iy9q119eutrkn8s1mk4r39qejnbu3n5q?l=Joe.Doe',
    });
  });

  it('PGP-1 percent-escapes the local part in l= and lowers only ASCII letters before hashing', async () => {
    const urls = await wkdUrls('Ana+Núñez@Example.org');
    expect(urls?.direct).toMatch(/\?l=Ana%2BN%C3%BA%C3%B1ez$/);
    // Non-ASCII letters keep their case (the draft maps only A–Z).
    expect(await wkdHash('ana+NÚÑEZ')).not.toBe(await wkdHash('ana+núñez'));
    expect(await wkdHash('ANA+Núñez')).toBe(await wkdHash('ana+Núñez'));
  });

  it('PGP-1 converts an internationalised domain to its ASCII (IDNA) form for the host names', async () => {
    const urls = await wkdUrls('info@Bücher.de');
    expect(urls?.advanced).toMatch(
      /^https:\/\/openpgpkey\.xn--bcher-kva\.de\/\.well-known\/openpgpkey\/xn--bcher-kva\.de\/hu\//,
    );
    expect(urls?.direct).toMatch(/^https:\/\/xn--bcher-kva\.de\/\.well-known\/openpgpkey\/hu\//);
  });

  it('PGP-1 encodes z-base-32 five bits a character with its own alphabet', () => {
    expect(zBase32(new Uint8Array([]))).toBe('');
    expect(zBase32(new Uint8Array([0]))).toBe('yy');
    expect(zBase32(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff]))).toBe('99999999');
    expect(zBase32(new Uint8Array(20)).length).toBe(32); // a SHA-1 is exactly 32 characters
  });
});

describe('WKD address validation', () => {
  it('PGP-1 accepts plain addresses and splits them', () => {
    expect(parseWkdAddress('Joe.Doe@Example.ORG')).toEqual({
      local: 'Joe.Doe',
      domain: 'example.org',
    });
    expect(isWkdAddress('a_b-c+tag@mail.example.co.uk')).toBe(true);
  });

  it('PGP-1 refuses line breaks, spaces, IP literals, single labels and anything that is not one address', () => {
    for (const bad of [
      'joe@example.org\r\nHost: evil.example',
      'joe@example.org\n',
      'joe\0@example.org',
      'joe doe@example.org',
      'joe@localhost',
      'joe@127.0.0.1',
      'joe@0x7f.1', // the URL parser's 127.0.0.1
      'joe@[::1]',
      'joe@example.org/x',
      'joe@example.org?l=x',
      'joe@example.org#x',
      'joe@example.org:8443',
      'joe@-bad.example',
      'joe@ex..ample.org',
      '"joe doe"@example.org',
      'a@b@example.org',
      '@example.org',
      'joe@',
      'Joe <joe@example.org>',
      `${'x'.repeat(65)}@example.org`,
      `joe@${'a'.repeat(64)}.org`,
      `joe@${'abcdefghi.'.repeat(26)}org`,
    ]) {
      expect(parseWkdAddress(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});
