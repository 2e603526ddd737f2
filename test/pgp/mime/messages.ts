// Hand-built OpenPGP messages for the MIME analysis tests, each shaped like what a real
// client sends (Thunderbird, Mutt, GnuPG's own output), with gpg supplying the crypto.
import type { Gnupg } from '../support/gnupg.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

export const HEADERS =
  'From: Ana Núñez <ana@example.org>\r\nTo: Gus <gus@example.org>\r\n' +
  'Subject: Presupuesto\r\nDate: Sat, 14 Mar 2026 09:30:05 +0000\r\n' +
  'Message-ID: <pgp-test@example.org>\r\nMIME-Version: 1.0\r\n';

/** A body entity with a QP text part and a base64 attachment, as Thunderbird signs it. */
export const ENTITY =
  'Content-Type: multipart/mixed; boundary="mixed-1"\r\n\r\n' +
  '--mixed-1\r\nContent-Type: text/plain; charset=utf-8\r\n' +
  'Content-Transfer-Encoding: quoted-printable\r\n\r\n' +
  'Hola Gus,\r\nel presupuesto para el a=C3=B1o 2026.\r\n\r\n' +
  '--mixed-1\r\nContent-Type: application/pdf; name="presupuesto.pdf"\r\n' +
  'Content-Disposition: attachment; filename="presupuesto.pdf"\r\n' +
  'Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSPj4Kc3RyZWFtCg==\r\n' +
  '--mixed-1--\r\n';

export function bytes(s: string): Uint8Array {
  return enc.encode(s);
}

export function text(b: Uint8Array): string {
  return dec.decode(b);
}

/** All line ends as LF, as a message saved by a Unix mail tool looks. */
export function toLf(s: string): string {
  return s.replace(/\r\n/g, '\n');
}

export function detachSign(gpg: Gnupg, data: Uint8Array | string): string {
  return gpg.ok(['--detach-sign', '--armor', '--digest-algo', 'SHA256'], data).stdout.toString();
}

export function encryptSign(gpg: Gnupg, data: Uint8Array | string, to: string): string {
  return gpg.ok(['--encrypt', '--sign', '--armor', '--recipient', to], data).stdout.toString();
}

interface SignedOptions {
  protocol?: string;
  micalg?: string;
  signatureType?: string;
}

/** RFC 3156 §5: `entity` (CRLF) and gpg's detached signature over it. */
export function signedMessage(entity: string, signature: string, o: SignedOptions = {}): string {
  const protocol = o.protocol ?? 'application/pgp-signature';
  const micalg = o.micalg ?? 'pgp-sha256';
  return (
    HEADERS +
    `Content-Type: multipart/signed; micalg=${micalg};\r\n protocol="${protocol}";\r\n` +
    ' boundary="sig-1"\r\n\r\nThis is an OpenPGP/MIME signed message (RFC 4880 and 3156)\r\n' +
    `--sig-1\r\n${entity}\r\n--sig-1\r\n` +
    `Content-Type: ${o.signatureType ?? 'application/pgp-signature'}; name="signature.asc"\r\n` +
    'Content-Description: OpenPGP digital signature\r\n\r\n' +
    `${signature.replace(/\r?\n/g, '\r\n')}\r\n--sig-1--\r\n`
  );
}

/** RFC 3156 §4: the multipart/encrypted entity (no message headers). */
export function encryptedEntity(armored: string, boundary = 'enc-1'): string {
  return (
    `Content-Type: multipart/encrypted; protocol="application/pgp-encrypted";\r\n boundary="${boundary}"\r\n\r\n` +
    'This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)\r\n' +
    `--${boundary}\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n\r\n` +
    `--${boundary}\r\nContent-Type: application/octet-stream; name="encrypted.asc"\r\n\r\n` +
    `${armored.replace(/\r?\n/g, '\r\n')}\r\n--${boundary}--\r\n`
  );
}

/** EFAIL (Poddebniak et al., 2018): HTML parts around an encrypted part, meant to be joined. */
export function efailMessage(armored: string): string {
  return (
    HEADERS +
    'Content-Type: multipart/mixed; boundary="efail"\r\n\r\n' +
    '--efail\r\nContent-Type: text/html\r\n\r\n<img src="http://x/\r\n' +
    `--efail\r\n${encryptedEntity(armored)}\r\n` +
    '--efail\r\nContent-Type: text/html\r\n\r\n">\r\n--efail--\r\n'
  );
}
