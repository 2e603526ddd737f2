// PGP-2, PGP-3, PGP-5: messages built by Buzón's PGP/MIME builders with GnuPG's signature
// and ciphertext, read back the way a recipient's client reads them: postal-mime shows
// the message to someone without OpenPGP, and an RFC 3156 extraction verifies in gpg.
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { assembleMessage, buildMessageParts } from '../../../src/mail/mime/build.js';
import { MimeBuildError } from '../../../src/mail/mime/errors.js';
import type { OutgoingMessage } from '../../../src/mail/mime/types.js';
import {
  analyzeDecrypted,
  analyzePgp,
  buildEncryptedEntity,
  buildSignedEntity,
  signingInput,
} from '../../../src/pgp/mime/index.js';
import type { PgpMimeSigned, PgpProtection } from '../../../src/pgp/mime/index.js';
import { FIXTURES, base } from '../../mail/mime/fixtures.js';
import { gnupgForFile } from '../support/gnupg.js';
import { bytes, detachSign, text, toLf } from './messages.js';

const GUS = 'gus@example.org';
const gpg = gnupgForFile(`Gus <${GUS}>`);

function signed(message: OutgoingMessage): { raw: Uint8Array; entity: Uint8Array } {
  const parts = buildMessageParts(message, { signable: true });
  const signature = detachSign(gpg, signingInput(parts.entity));
  const raw = assembleMessage(
    parts.headers,
    buildSignedEntity(parts.entity, signature, 'pgp-sha256'),
  );
  return { raw, entity: parts.entity };
}

function only<K extends PgpProtection['kind']>(
  list: PgpProtection[],
  kind: K,
): Extract<PgpProtection, { kind: K }> {
  expect(list.map((p) => p.kind)).toEqual([kind]);
  return list[0] as Extract<PgpProtection, { kind: K }>;
}

/**
 * RFC 3156 §5 done independently of analyzePgp, on the string: the boundary from the
 * header, the first part between the first two delimiters (their CRLFs excluded).
 */
function extractFirstPart(raw: string): string {
  const boundary = /boundary="([^"]+)"/.exec(raw)?.[1] ?? '';
  const start = raw.indexOf(`\r\n--${boundary}\r\n`) + boundary.length + 6;
  return raw.slice(start, raw.indexOf(`\r\n--${boundary}\r\n`, start));
}

const norm = (s: string | undefined): string =>
  (s ?? '').replace(/\r\n/g, '\n').replace(/\n+$/, '');

describe('PGP-2 signed by Buzón, read and verified as a recipient would', () => {
  const cases = ['rich', 'inline', 'filenames', 'nonLatin', 'nastyText', 'forwardEml'];
  for (const name of cases) {
    it(`PGP-5 "${name}": postal-mime shows it, and gpg --verify accepts the RFC 3156 extraction`, async () => {
      const message = FIXTURES[name];
      const { raw, entity } = signed(message);
      const read = await PostalMime.parse(raw);
      expect(norm(read.text)).toBe(norm(message.text.replace(/\r\n?/g, '\n')));
      expect(read.subject).toBe(message.subject);
      const sig = read.attachments.find((a) => a.mimeType === 'application/pgp-signature');
      const sigText =
        typeof sig?.content === 'string' ? sig.content : new TextDecoder().decode(sig?.content);
      const received = read.attachments.map((a) =>
        [...new Uint8Array(a.content as ArrayBuffer)].join(),
      );
      for (const a of message.attachments ?? []) expect(received).toContain([...a.bytes].join());
      const firstPart = bytes(extractFirstPart(text(raw)));
      expect(firstPart).toEqual(entity);
      expect(gpg.run(['--verify', gpg.file(sigText), gpg.file(firstPart)]).code).toBe(0);
      const s = only(analyzePgp(raw).protections, 'pgp-mime-signed');
      expect(s.coverage).toBe('whole');
      expect(s.signedBytes).toEqual(entity);
    });
  }

  it('PGP-2 still verifies after a relay or mbox rewrote every line end as LF', () => {
    const { raw } = signed(FIXTURES.inline);
    const s: PgpMimeSigned = only(
      analyzePgp(bytes(toLf(text(raw)))).protections,
      'pgp-mime-signed',
    );
    expect(gpg.run(['--verify', gpg.file(s.signature), gpg.file(s.signedBytes)]).code).toBe(0);
  });

  it('PGP-2 the boundary occurs nowhere in the signed entity, which sits in the message byte for byte', () => {
    const message = base({ text: `Hola\n--=_bz_\n--=_bz_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n` });
    const { raw, entity } = signed(message);
    const s = only(analyzePgp(raw).protections, 'pgp-mime-signed');
    expect(raw.subarray(s.signedRange.start, s.signedRange.end)).toEqual(entity);
    const boundary = /boundary="([^"]+)"/.exec(text(raw))?.[1] ?? '';
    expect(text(entity)).not.toContain(`--${boundary}`);
  });

  it('PGP-2 refuses a bad micalg, a signature that is not armored, and an 8-bit entity', () => {
    const { entity } = buildMessageParts(FIXTURES.rich, { signable: true });
    const sig = detachSign(gpg, entity);
    expect(() => buildSignedEntity(entity, sig, 'sha256')).toThrow(MimeBuildError);
    expect(() => buildSignedEntity(entity, 'hello', 'pgp-sha256')).toThrow(/not ASCII-armored/);
    const eightBit = buildMessageParts(FIXTURES.forwardEml).entity;
    expect(() => buildSignedEntity(eightBit, sig, 'pgp-sha256')).toThrow(/8-bit/);
  });
});

describe('PGP-3 encrypted (and signed) by Buzón, decrypted as a recipient would', () => {
  it('PGP-5 signed then encrypted (RFC 3156 §6.1): gpg decrypts to the signed entity, whose signature verifies', async () => {
    const parts = buildMessageParts(FIXTURES.inline, { signable: true });
    const signature = detachSign(gpg, signingInput(parts.entity));
    const signedEntity = buildSignedEntity(parts.entity, signature, 'pgp-sha256');
    const armored = gpg
      .ok(['--encrypt', '--armor', '--recipient', GUS], signedEntity)
      .stdout.toString();
    const raw = assembleMessage(parts.headers, buildEncryptedEntity(armored));
    const read = await PostalMime.parse(raw);
    expect(read.attachments.map((a) => a.mimeType)).toEqual([
      'application/pgp-encrypted',
      'application/octet-stream',
    ]);
    expect(text(raw)).not.toContain('Mira el logo');
    const e = only(analyzePgp(raw).protections, 'pgp-mime-encrypted');
    expect(e.coverage).toBe('whole');
    const plaintext = new Uint8Array(gpg.ok(['--decrypt'], e.ciphertext).stdout);
    expect(plaintext).toEqual(signedEntity);
    const inner = only(analyzeDecrypted(plaintext).protections, 'pgp-mime-signed');
    expect(inner.signedBytes).toEqual(parts.entity);
    expect(gpg.run(['--verify', gpg.file(inner.signature), gpg.file(inner.signedBytes)]).code).toBe(
      0,
    );
  });

  it('PGP-3 refuses a ciphertext that is not an armored OpenPGP message', () => {
    expect(() =>
      buildEncryptedEntity('-----BEGIN PGP SIGNATURE-----\nx\n-----END PGP SIGNATURE-----'),
    ).toThrow(MimeBuildError);
  });
});
