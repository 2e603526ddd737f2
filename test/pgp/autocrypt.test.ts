// PGP-1: Autocrypt Level 1 headers of incoming mail, over messages shaped like what
// Thunderbird and Delta Chat send (keydata folded at 76 columns), with a real key.
import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_AUTOCRYPT_HEADER_CHARS,
  MAX_AUTOCRYPT_KEYDATA_BYTES,
  readAutocrypt,
} from '../../src/pgp/autocrypt.js';

let keyBytes: Uint8Array;
let fingerprint: string;
let keydata: string;

beforeAll(async () => {
  const { publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'Ana Núñez', email: 'ana@example.org' }],
    format: 'binary',
  });
  keyBytes = publicKey;
  fingerprint = (await openpgp.readKey({ binaryKey: publicKey })).getFingerprint();
  keydata = Buffer.from(publicKey).toString('base64');
});

/** keydata folded as mail clients do: the first line after the attributes, then 76-column lines. */
function folded(base64: string): string {
  return (base64.match(/.{1,76}/g) ?? []).join('\r\n ');
}

function autocrypt(attributes: string): string {
  return `Autocrypt: ${attributes}\r\n`;
}

function message(
  extraHeaders: string,
  { from = 'Ana Núñez <Ana@Example.org>' }: { from?: string } = {},
): Uint8Array {
  return new TextEncoder().encode(
    `Return-Path: <ana@example.org>\r\nFrom: ${from}\r\nTo: gus@example.org\r\n` +
      'Subject: Hola\r\nDate: Sat, 14 Mar 2026 09:30:05 +0000\r\n' +
      'Message-ID: <autocrypt-1@example.org>\r\n' +
      extraHeaders +
      'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHola Gus.\r\n',
  );
}

const ANA = (rest: string) => autocrypt(`addr=ana@example.org; ${rest}`);

describe('Autocrypt header', () => {
  it('PGP-1 reads a valid header with folded keydata: the key the sender sent, and mutual', async () => {
    const raw = message(ANA(`prefer-encrypt=mutual; keydata=\r\n ${folded(keydata)}`));
    const found = readAutocrypt(raw);
    expect(found?.addr).toBe('ana@example.org');
    expect(found?.preferEncrypt).toBe('mutual');
    expect(found?.keydata).toEqual(keyBytes);
    const key = await openpgp.readKey({ binaryKey: found?.keydata ?? new Uint8Array() });
    expect(key.getFingerprint()).toBe(fingerprint);
  });

  it('PGP-1 treats a missing or unknown prefer-encrypt as no preference, and ignores non-critical _attributes', () => {
    expect(readAutocrypt(message(ANA(`keydata=${keydata}`)))?.preferEncrypt).toBe('nopreference');
    const odd = readAutocrypt(
      message(ANA(`prefer-encrypt=always; _venue=delta; keydata=${folded(keydata)}`)),
    );
    expect(odd?.preferEncrypt).toBe('nopreference');
    expect(odd?.keydata).toEqual(keyBytes);
  });

  it('PGP-1 reads LF-only messages and matches addr to From case-insensitively', () => {
    const lf = new TextDecoder()
      .decode(message(autocrypt(`addr=ANA@example.ORG; keydata=${folded(keydata)}`)))
      .replace(/\r\n/g, '\n');
    expect(readAutocrypt(new TextEncoder().encode(lf))?.addr).toBe('ana@example.org');
  });

  it('PGP-1 ignores a header whose addr is not the From address', () => {
    const raw = message(autocrypt(`addr=mallory@example.net; keydata=${folded(keydata)}`));
    expect(readAutocrypt(raw)).toBeNull();
  });

  it('PGP-1 ignores Autocrypt when the message has two From fields or a From with two mailboxes', () => {
    const header = ANA(`keydata=${folded(keydata)}`);
    expect(readAutocrypt(message(`From: ana@example.org\r\n${header}`))).toBeNull();
    expect(
      readAutocrypt(message(header, { from: 'ana@example.org, mallory@example.net' })),
    ).toBeNull();
    expect(readAutocrypt(message(header, { from: 'Team: ana@example.org;' }))).toBeNull();
  });

  it('PGP-1 treats a header with an unknown critical attribute as invalid', () => {
    const raw = message(ANA(`type=2; keydata=${folded(keydata)}`));
    expect(readAutocrypt(raw)).toBeNull();
  });

  it('PGP-1 refuses a header without keydata, with broken base64 or with a repeated attribute', () => {
    expect(readAutocrypt(message(ANA('prefer-encrypt=mutual')))).toBeNull();
    expect(readAutocrypt(message(ANA('keydata=not*base64!')))).toBeNull();
    expect(readAutocrypt(message(ANA(`keydata=${keydata}; keydata=${keydata}`)))).toBeNull();
    expect(readAutocrypt(message(autocrypt(`keydata=${keydata}`)))).toBeNull(); // no addr
  });

  it('PGP-1 takes no key when two valid headers name the From address', () => {
    const raw = message(
      ANA(`keydata=${folded(keydata)}`) + ANA(`prefer-encrypt=mutual; keydata=${keydata}`),
    );
    expect(readAutocrypt(raw)).toBeNull();
  });

  it("PGP-1 still reads the From's header beside one for another address or an invalid one", () => {
    const raw = message(
      autocrypt(`addr=bob@example.net; keydata=${keydata}`) +
        ANA(`critical=1; keydata=${keydata}`) +
        ANA(`keydata=${folded(keydata)}`),
    );
    expect(readAutocrypt(raw)?.keydata).toEqual(keyBytes);
  });

  it('PGP-1 refuses oversized keydata and an oversized header', () => {
    const big = Buffer.alloc(MAX_AUTOCRYPT_KEYDATA_BYTES + 1, 0x99).toString('base64');
    expect(readAutocrypt(message(ANA(`keydata=${folded(big)}`)))).toBeNull();
    const padding = `_pad=${'x'.repeat(MAX_AUTOCRYPT_HEADER_CHARS)}; `;
    expect(readAutocrypt(message(ANA(`${padding}keydata=${folded(keydata)}`)))).toBeNull();
  });

  it('PGP-1 reads only the top-level header block, not a header in the body or a forwarded message', () => {
    const body = new TextEncoder().encode(
      'From: ana@example.org\r\nSubject: Fwd\r\nMIME-Version: 1.0\r\n' +
        'Content-Type: message/rfc822\r\n\r\n' +
        'From: ana@example.org\r\n' +
        ANA(`keydata=${folded(keydata)}`) +
        '\r\nInner body.\r\n',
    );
    expect(readAutocrypt(body)).toBeNull();
  });

  it('PGP-1 gives up on a header block that never ends within the header limit', () => {
    const endless = new TextEncoder().encode(
      'From: ana@example.org\r\n' +
        ANA(`keydata=${folded(keydata)}`) +
        `X-Filler: ${'y'.repeat(76)}\r\n`.repeat(14_000),
    );
    expect(readAutocrypt(endless)).toBeNull();
  });
});
