// PGP-2, PGP-3: the PGP/MIME wrappers of an outgoing body entity (RFC 3156 §4, §5), bytes
// in and bytes out. The entity comes from buildMessageParts (src/mail/mime/build.ts); the
// signature and ciphertext come from the crypto worker. Put the result back into a message
// with assembleMessage.
import { MimeBuildError } from '../../mail/mime/errors.js';
import { boundaryAvoiding, concat } from '../../mail/mime/part.js';
import { BEGIN_MESSAGE, BEGIN_SIGNATURE, END_MESSAGE, END_SIGNATURE } from './armor.js';

const utf8 = new TextEncoder();
const CR = 13;
const LF = 10;
const SPACE = 0x20;
const TAB = 0x09;
const FROM_ = utf8.encode('From ');
/** RFC 5322 §2.1.1: at most 998 octets a line. */
const MAX_LINE_OCTETS = 998;
/** RFC 4880 §9.4 hash names as RFC 3156 §5 writes them: pgp-sha256, pgp-sha512, … */
const MICALG = /^pgp-[a-z0-9-]{1,20}$/;

/** Shown by mail readers that do not understand MIME; MIME readers skip a preamble. */
const SIGNED_PREAMBLE = 'This is an OpenPGP/MIME signed message (RFC 4880 and 3156)';
const ENCRYPTED_PREAMBLE = 'This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)';

function problemFor(entity: Uint8Array): string | null {
  let lineStart = 0;
  for (let i = 0; i < entity.length; i++) {
    const b = entity[i];
    if (b === 0 || b >= 0x80) return 'it holds 8-bit data';
    if (b === LF) return 'it has a bare line feed';
    if (b !== CR) continue;
    if (entity[i + 1] !== LF) return 'it has a bare carriage return';
    if (i - lineStart > MAX_LINE_OCTETS) return 'it has a line longer than 998 octets';
    const last = entity[i - 1];
    if (i > lineStart && (last === SPACE || last === TAB)) return 'a line ends in white space';
    if (FROM_.every((c, k) => entity[lineStart + k] === c)) return 'a line starts with "From "';
    lineStart = i + 2;
    i++;
  }
  if (entity.length - lineStart > MAX_LINE_OCTETS) return 'it has a line longer than 998 octets';
  return null;
}

/**
 * PGP-2: exactly the bytes to sign for `entity` (RFC 3156 §5: the MIME entity, headers
 * included, in canonical CRLF form). RFC 3156 §3 also requires it to pass any transport
 * unchanged; an entity that would not (8-bit data, trailing white space, a "From " line)
 * is refused with MimeBuildError rather than signed and broken on the way.
 * Build the entity with buildMessageParts(message, { signable: true }).
 */
export function signingInput(entity: Uint8Array): Uint8Array {
  const problem = problemFor(entity);
  if (problem) throw new MimeBuildError(`This message cannot be signed as is: ${problem}.`);
  return entity.slice();
}

/** Armored text as CRLF lines, refusing anything but one armored block of ASCII. */
function armorBytes(armored: string, begin: string, end: string, what: string): Uint8Array {
  const text = armored.replace(/\r\n|\r|\n/g, '\r\n').replace(/(\r\n)+$/, '');
  const trimmed = text.trim();
  // eslint-disable-next-line no-control-regex
  if (!trimmed.startsWith(begin) || !trimmed.endsWith(end) || /[^\x09\x0d\x0a\x20-\x7e]/.test(text))
    throw new MimeBuildError(`The ${what} is not ASCII-armored OpenPGP data.`);
  return utf8.encode(trimmed);
}

function multipart(headers: string[], preamble: string, parts: Uint8Array[]): Uint8Array {
  const boundary = boundaryAvoiding(parts);
  const chunks: Uint8Array[] = [
    utf8.encode(`${headers.join('\r\n')}\r\n boundary="${boundary}"\r\n\r\n${preamble}\r\n`),
  ];
  // RFC 2046 §5.1.1: the CRLF before each delimiter belongs to the delimiter, so each part
  // sits between delimiters byte for byte; the entity ends at the close delimiter.
  for (const part of parts)
    chunks.push(utf8.encode(`--${boundary}\r\n`), part, utf8.encode('\r\n'));
  chunks.push(utf8.encode(`--${boundary}--`));
  return concat(chunks);
}

/**
 * PGP-2: the multipart/signed entity (RFC 3156 §5) around `entity`, which stays byte for
 * byte as it was signed. `armoredSignature` is the detached signature over
 * signingInput(entity); `micalg` names its hash ("pgp-sha256"). Throws MimeBuildError.
 */
export function buildSignedEntity(
  entity: Uint8Array,
  armoredSignature: string,
  micalg: string,
): Uint8Array {
  const alg = micalg.trim().toLowerCase();
  if (!MICALG.test(alg)) throw new MimeBuildError(`"${micalg}" is not an OpenPGP micalg.`);
  signingInput(entity);
  const signature = armorBytes(armoredSignature, BEGIN_SIGNATURE, END_SIGNATURE, 'signature');
  const sigPart = concat([
    utf8.encode(
      'Content-Type: application/pgp-signature; name="signature.asc"\r\n' +
        'Content-Description: OpenPGP digital signature\r\n' +
        'Content-Disposition: attachment; filename="signature.asc"\r\n\r\n',
    ),
    signature,
  ]);
  const headers = [
    `Content-Type: multipart/signed; micalg=${alg};`,
    ' protocol="application/pgp-signature";',
  ];
  // signingInput refused bare line feeds, so the entity goes in exactly as signed.
  return multipart(headers, SIGNED_PREAMBLE, [entity, sigPart]);
}

/**
 * PGP-3: the multipart/encrypted entity (RFC 3156 §4): the "Version: 1" control part and
 * the ciphertext as application/octet-stream. Throws MimeBuildError.
 */
export function buildEncryptedEntity(armoredCiphertext: string): Uint8Array {
  const ciphertext = armorBytes(armoredCiphertext, BEGIN_MESSAGE, END_MESSAGE, 'ciphertext');
  const control = utf8.encode(
    'Content-Type: application/pgp-encrypted\r\n' +
      'Content-Description: PGP/MIME version identification\r\n\r\nVersion: 1\r\n',
  );
  const data = concat([
    utf8.encode(
      'Content-Type: application/octet-stream; name="encrypted.asc"\r\n' +
        'Content-Description: OpenPGP encrypted message\r\n' +
        'Content-Disposition: inline; filename="encrypted.asc"\r\n\r\n',
    ),
    ciphertext,
  ]);
  const headers = ['Content-Type: multipart/encrypted;', ' protocol="application/pgp-encrypted";'];
  return multipart(headers, ENCRYPTED_PREAMBLE, [control, data]);
}
