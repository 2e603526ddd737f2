// PGP-4, PGP-5: PGP/MIME signed messages (RFC 3156 §5) signed by real GnuPG, extracted by
// analyzePgp and verified again by gpg. The extraction must be exact: one changed byte
// in the signed part must make gpg refuse the extracted bytes.
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePgp } from '../../../src/pgp/mime/index.js';
import type { PgpMalformed, PgpMimeSigned, PgpProtection } from '../../../src/pgp/mime/index.js';
import { GPG_TIMEOUT_MS, gnupgForFile } from '../support/gnupg.js';
import { ENTITY, HEADERS, bytes, detachSign, signedMessage, text, toLf } from './messages.js';

const gpg = gnupgForFile('Ana Núñez <ana@example.org>');
let signature: string;

// After the key is made (hooks run in the order they are registered).
beforeAll(() => {
  signature = detachSign(gpg, ENTITY);
}, GPG_TIMEOUT_MS);

function only<K extends PgpProtection['kind']>(
  list: PgpProtection[],
  kind: K,
): Extract<PgpProtection, { kind: K }> {
  expect(list.map((p) => p.kind)).toEqual([kind]);
  return list[0] as Extract<PgpProtection, { kind: K }>;
}

function gpgVerifies(p: PgpMimeSigned): boolean {
  const r = gpg.run(['--verify', gpg.file(p.signature), gpg.file(p.signedBytes)]);
  return r.code === 0 && r.stderr.includes('Good signature');
}

describe('PGP-4 PGP/MIME signed, signed by GnuPG', () => {
  it('PGP-5 extracts the signed part and signature on which gpg --verify succeeds', () => {
    const raw = bytes(signedMessage(ENTITY, signature));
    const a = analyzePgp(raw);
    const s = only(a.protections, 'pgp-mime-signed');
    expect(s).toMatchObject({
      partId: '',
      coverage: 'whole',
      micalg: 'pgp-sha256',
      signedPartId: '1',
    });
    expect(text(s.signedBytes)).toBe(ENTITY);
    expect(text(raw.subarray(s.signedRange.start, s.signedRange.end))).toBe(text(s.signedBytes));
    expect(a.problems).toEqual([]);
    expect(gpgVerifies(s)).toBe(true);
  });

  it('PGP-4 a message stored with LF line ends still verifies (canonical CRLF, nothing else changed)', () => {
    const a = analyzePgp(bytes(toLf(signedMessage(ENTITY, signature))));
    expect(gpgVerifies(only(a.protections, 'pgp-mime-signed'))).toBe(true);
  });

  it('PGP-4 one changed byte in the signed body makes gpg --verify fail on the extracted bytes', () => {
    const raw = bytes(signedMessage(ENTITY, signature));
    const s = only(analyzePgp(raw).protections, 'pgp-mime-signed');
    const at = text(raw).indexOf('presupuesto para');
    raw[at] = 'P'.charCodeAt(0);
    const tampered = only(analyzePgp(raw).protections, 'pgp-mime-signed');
    expect(tampered.signedRange).toEqual(s.signedRange);
    expect(gpgVerifies(tampered)).toBe(false);
  });

  it('PGP-4 one changed byte in the signed part’s own headers makes gpg --verify fail', () => {
    const tampered = signedMessage(ENTITY.replace('charset=utf-8', 'charset=utf-7'), signature);
    expect(gpgVerifies(only(analyzePgp(bytes(tampered)).protections, 'pgp-mime-signed'))).toBe(
      false,
    );
  });

  it('PGP-4 trailing white space added by a relay is not forgiven', () => {
    const tampered = signedMessage(ENTITY.replace('Hola Gus,\r\n', 'Hola Gus, \r\n'), signature);
    expect(gpgVerifies(only(analyzePgp(bytes(tampered)).protections, 'pgp-mime-signed'))).toBe(
      false,
    );
  });

  it('PGP-4 the outer headers are not covered: changing the Subject leaves the signature valid', () => {
    const raw = signedMessage(ENTITY, signature).replace(
      'Subject: Presupuesto',
      'Subject: Otra cosa',
    );
    expect(gpgVerifies(only(analyzePgp(bytes(raw)).protections, 'pgp-mime-signed'))).toBe(true);
  });

  it('PGP-4 a signed part that is the root’s only content covers the whole message', () => {
    const inner = signedMessage(ENTITY, signature).slice(HEADERS.length);
    const raw =
      HEADERS +
      'Content-Type: multipart/mixed; boundary="outer"\r\n\r\n' +
      `--outer\r\n${inner}\r\n--outer--\r\n`;
    const s = only(analyzePgp(bytes(raw)).protections, 'pgp-mime-signed');
    expect(s).toMatchObject({ partId: '1', coverage: 'whole', signedPartId: '1.1' });
    expect(gpgVerifies(s)).toBe(true);
  });

  it('PGP-4 a signed part next to an unsigned footer covers only that part', () => {
    const inner = signedMessage(ENTITY, signature).slice(HEADERS.length);
    const raw =
      HEADERS +
      'Content-Type: multipart/mixed; boundary="outer"\r\n\r\n' +
      `--outer\r\n${inner}\r\n--outer\r\nContent-Type: text/plain\r\n\r\nLista de correo: baja en …\r\n--outer--\r\n`;
    const s = only(analyzePgp(bytes(raw)).protections, 'pgp-mime-signed');
    expect(s).toMatchObject({ partId: '1', coverage: 'part', signedPartId: '1.1' });
    expect(gpgVerifies(s)).toBe(true);
  });
});

describe('PGP-4 malformed PGP/MIME signed messages are reported, never verified', () => {
  const cases: [string, () => string, RegExp][] = [
    [
      'a wrong protocol',
      () => signedMessage(ENTITY, signature, { protocol: 'application/pgp-encrypted' }),
      /protocol/,
    ],
    [
      'a micalg that is not pgp-*',
      () => signedMessage(ENTITY, signature, { micalg: 'sha-256' }),
      /micalg/,
    ],
    [
      'a signature part of another type',
      () =>
        signedMessage(ENTITY, signature, {
          protocol: 'application/pgp-signature',
          signatureType: 'text/plain',
        }),
      /signature part/,
    ],
    [
      'three parts',
      () =>
        signedMessage(ENTITY, signature).replace(
          '--sig-1--',
          '--sig-1\r\nContent-Type: text/plain\r\n\r\nextra\r\n--sig-1--',
        ),
      /exactly two parts; this one has 3/,
    ],
    [
      'one part',
      () =>
        signedMessage(ENTITY, signature).replace(
          /--sig-1\r\nContent-Type: application\/pgp-signature[^]*$/,
          '--sig-1--\r\n',
        ),
      /exactly two parts; this one has 1/,
    ],
    [
      'no closing boundary',
      () => signedMessage(ENTITY, signature).replace('--sig-1--\r\n', ''),
      /closing boundary/,
    ],
    [
      'no boundary parameter',
      () => signedMessage(ENTITY, signature).replace(' boundary="sig-1"', ' charset="x"'),
      /no boundary/,
    ],
    [
      'a signature part without armor',
      () => signedMessage(ENTITY, 'not a signature'),
      /no armored/,
    ],
  ];
  for (const [what, make, reason] of cases) {
    it(`PGP-4 ${what}`, () => {
      const a = analyzePgp(bytes(make()));
      const bad = a.protections.find((p): p is PgpMalformed => p.kind === 'malformed');
      expect(bad?.claimed).toBe('pgp-mime-signed');
      expect(bad?.reason).toMatch(reason);
      expect(a.protections.some((p) => p.kind === 'pgp-mime-signed')).toBe(false);
    });
  }

  it('PGP-4 an S/MIME multipart/signed is not taken for OpenPGP at all', () => {
    const raw = signedMessage(ENTITY, 'MIIB…', {
      protocol: 'application/pkcs7-signature',
      micalg: 'sha-256',
      signatureType: 'application/pkcs7-signature',
    });
    expect(analyzePgp(bytes(raw)).protections).toEqual([]);
  });
});
