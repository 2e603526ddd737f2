// PGP-4, PGP-5: PGP/MIME encrypted messages (RFC 3156 §4, §6) made with real GnuPG: the
// ciphertext analyzePgp extracts decrypts in gpg, the decrypted entity is analyzed again
// (signed-then-encrypted), and an EFAIL-shaped message reports only partial coverage.
import { describe, expect, it } from 'vitest';
import { analyzeDecrypted, analyzePgp } from '../../../src/pgp/mime/index.js';
import type { PgpProtection } from '../../../src/pgp/mime/index.js';
import { gnupgForFile } from '../support/gnupg.js';
import {
  ENTITY,
  HEADERS,
  bytes,
  detachSign,
  efailMessage,
  encryptSign,
  encryptedEntity,
  signedMessage,
  text,
  toLf,
} from './messages.js';

const GUS = 'gus@example.org';
const gpg = gnupgForFile(`Gus <${GUS}>`);

function only<K extends PgpProtection['kind']>(
  list: PgpProtection[],
  kind: K,
): Extract<PgpProtection, { kind: K }> {
  expect(list.map((p) => p.kind)).toEqual([kind]);
  return list[0] as Extract<PgpProtection, { kind: K }>;
}

function gpgDecrypt(armored: string): { plaintext: Uint8Array; goodSig: boolean } {
  const r = gpg.ok(['--decrypt'], armored);
  return { plaintext: new Uint8Array(r.stdout), goodSig: r.stderr.includes('Good signature') };
}

describe('PGP-4 PGP/MIME encrypted, encrypted by GnuPG', () => {
  it('PGP-5 extracts the ciphertext that gpg --decrypt turns back into the entity (sign+encrypt in one, §6.2)', () => {
    const armored = encryptSign(gpg, ENTITY, GUS);
    const raw = bytes(HEADERS + encryptedEntity(armored));
    const e = only(analyzePgp(raw).protections, 'pgp-mime-encrypted');
    expect(e).toMatchObject({ partId: '', coverage: 'whole', ciphertextPartId: '2' });
    const { plaintext, goodSig } = gpgDecrypt(e.ciphertext);
    expect(text(plaintext)).toBe(ENTITY);
    expect(goodSig).toBe(true);
    const inner = analyzeDecrypted(plaintext);
    expect(inner.root).toMatchObject({ partId: '', mimeType: 'multipart/mixed' });
    expect(inner.protections).toEqual([]);
  });

  it('PGP-4 a message stored with LF line ends still yields a ciphertext gpg decrypts', () => {
    const armored = encryptSign(gpg, ENTITY, GUS);
    const e = only(
      analyzePgp(bytes(toLf(HEADERS + encryptedEntity(armored)))).protections,
      'pgp-mime-encrypted',
    );
    expect(text(gpgDecrypt(e.ciphertext).plaintext)).toBe(ENTITY);
  });

  it('PGP-4 signed then encrypted (§6.1): analyzeDecrypted finds the inner signature and gpg verifies it', () => {
    const signedEntity = signedMessage(ENTITY, detachSign(gpg, ENTITY)).slice(HEADERS.length);
    const armored = gpg
      .ok(['--encrypt', '--armor', '--recipient', GUS], signedEntity)
      .stdout.toString();
    const outer = only(
      analyzePgp(bytes(HEADERS + encryptedEntity(armored))).protections,
      'pgp-mime-encrypted',
    );
    const inner = analyzeDecrypted(gpgDecrypt(outer.ciphertext).plaintext);
    expect(inner.root.mimeType).toBe('multipart/signed');
    const s = only(inner.protections, 'pgp-mime-signed');
    expect(s).toMatchObject({ partId: '', coverage: 'whole', signedPartId: '1' });
    const r = gpg.run(['--verify', gpg.file(s.signature), gpg.file(s.signedBytes)]);
    expect(r.code).toBe(0);
  });

  it('PGP-4 a decrypted inline message (no MIME headers) is analyzed as a text body', () => {
    const a = analyzeDecrypted(bytes('Hola Gus,\n\nsin cabeceras MIME.\n'));
    expect(a.root).toMatchObject({ partId: '1', mimeType: 'text/plain' });
    expect(a.protections).toEqual([]);
    expect(a.problems).toEqual([]);
  });
});

describe('PGP-4 EFAIL: an encrypted part between other parts covers only that part', () => {
  it('PGP-4 reports the encrypted part of multipart/mixed as partial coverage, nothing joined', () => {
    const armored = encryptSign(gpg, 'Content-Type: text/plain\r\n\r\nsecreto\r\n', GUS);
    const raw = bytes(efailMessage(armored));
    const a = analyzePgp(raw);
    expect(a.root).toMatchObject({ partId: '', mimeType: 'multipart/mixed' });
    const e = only(a.protections, 'pgp-mime-encrypted');
    expect(e).toMatchObject({ partId: '2', coverage: 'part', ciphertextPartId: '2.2' });
    // The range is the encrypted part alone: neither HTML half is inside it.
    const inside = text(raw.subarray(e.range.start, e.range.end));
    expect(inside).not.toContain('<img');
    expect(inside).not.toContain('">');
    expect(text(gpgDecrypt(e.ciphertext).plaintext)).toContain('secreto');
  });

  it('PGP-4 an encrypted part inside a forwarded message covers only that attachment', () => {
    const armored = encryptSign(gpg, 'Content-Type: text/plain\r\n\r\nreenviado\r\n', GUS);
    const raw =
      HEADERS +
      'Content-Type: multipart/mixed; boundary="fwd"\r\n\r\n--fwd\r\nContent-Type: text/plain\r\n\r\nMira esto.\r\n' +
      '--fwd\r\nContent-Type: message/rfc822\r\n\r\n' +
      `${HEADERS}${encryptedEntity(armored)}\r\n--fwd--\r\n`;
    const e = only(analyzePgp(bytes(raw)).protections, 'pgp-mime-encrypted');
    expect(e).toMatchObject({ partId: '2', coverage: 'part', ciphertextPartId: '2.2' });
  });
});

describe('PGP-4 malformed PGP/MIME encrypted messages are reported, never decrypted', () => {
  const armored = '-----BEGIN PGP MESSAGE-----\r\n\r\nhQEMA0xyz\r\n-----END PGP MESSAGE-----\r\n';
  const good = HEADERS + encryptedEntity(armored);
  const cases: [string, string, RegExp][] = [
    [
      'a wrong protocol',
      good.replace('protocol="application/pgp-encrypted"', 'protocol="application/pgp-signature"'),
      /protocol/,
    ],
    ['no Version: 1', good.replace('\r\nVersion: 1\r\n', '\r\nVersion: 2\r\n'), /Version: 1/],
    [
      'a ciphertext part of another type',
      good.replace('application/octet-stream', 'text/html'),
      /ciphertext part/,
    ],
    ['no armored message', good.replace('-----BEGIN PGP MESSAGE-----', 'BEGIN'), /no armored/],
    [
      'three parts',
      good.replace('--enc-1--', '--enc-1\r\nContent-Type: text/plain\r\n\r\nx\r\n--enc-1--'),
      /exactly two parts/,
    ],
    ['no closing boundary', good.replace('--enc-1--', ''), /closing boundary/],
  ];
  for (const [what, raw, reason] of cases) {
    it(`PGP-4 ${what}`, () => {
      const m = only(analyzePgp(bytes(raw)).protections, 'malformed');
      expect(m.claimed).toBe('pgp-mime-encrypted');
      expect(m.reason).toMatch(reason);
    });
  }
});
