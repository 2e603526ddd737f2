// RFC 3156 PGP/MIME: recognising multipart/signed (§5) and multipart/encrypted (§4) and
// checking their shape. Anything that claims to be OpenPGP but is not exactly the shape
// the RFC asks for is reported malformed with a reason, and is never verified or decrypted.
import type { EntityInfo, RawEntity } from '../../mail/raw-mime.js';
import {
  BEGIN_MESSAGE,
  BEGIN_SIGNATURE,
  END_MESSAGE,
  END_SIGNATURE,
  extractArmor,
} from './armor.js';
import { asciiText, toCrlf, transferDecode } from './decode.js';
import type { Coverage, PgpMalformed, PgpMimeEncrypted, PgpMimeSigned } from './types.js';

const SIGNATURE_TYPE = 'application/pgp-signature';
const ENCRYPTED_TYPE = 'application/pgp-encrypted';
const OCTET_STREAM = 'application/octet-stream';
/** Parameter values quoted in a reason are cut to this, so a hostile header cannot flood the status line. */
const MAX_QUOTED = 60;

/** A multipart entity as the walk sees it. */
export interface MultipartView {
  raw: Uint8Array;
  entity: RawEntity;
  info: EntityInfo;
  partId: string;
  coverage: Coverage;
  /** Its body parts in order (none when the boundary is missing). */
  children: RawEntity[];
  childIds: string[];
  /** Header information of a child, counted against the header budget. */
  describe(e: RawEntity): EntityInfo;
  /** The close delimiter (`--boundary--`) is present. */
  closed: boolean;
}

function quote(value: string): string {
  return value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value;
}

function param(info: EntityInfo, name: string): string {
  return (info.contentType.params[name] ?? '').trim().toLowerCase();
}

function body(raw: Uint8Array, e: RawEntity, info: EntityInfo): Uint8Array {
  return transferDecode(raw.subarray(e.bodyStart, e.end), info.transferEncoding);
}

function malformed(
  v: MultipartView,
  claimed: PgpMalformed['claimed'],
  reason: string,
): PgpMalformed {
  const range = { start: v.entity.start, end: v.entity.end };
  return { kind: 'malformed', claimed, partId: v.partId, range, coverage: v.coverage, reason };
}

/** Shape problems common to both kinds, or null. */
function shapeProblem(v: MultipartView, what: string): string | null {
  if (!v.info.contentType.params.boundary)
    return `The ${what} part has no boundary, so its parts cannot be told apart.`;
  if (v.children.length !== 2)
    return `The ${what} part must have exactly two parts; this one has ${v.children.length}.`;
  if (!v.closed) return `The ${what} part is cut off: its closing boundary is missing.`;
  return null;
}

/**
 * RFC 3156 §5. Returns null when the multipart/signed is not OpenPGP at all (S/MIME);
 * a malformed report when it claims OpenPGP (by protocol, micalg or signature part type)
 * but breaks the RFC's rules.
 */
export function classifySigned(v: MultipartView): PgpMimeSigned | PgpMalformed | null {
  const protocol = param(v.info, 'protocol');
  const micalg = param(v.info, 'micalg');
  const second = v.children[1] ? v.describe(v.children[1]) : null;
  const claims =
    protocol === SIGNATURE_TYPE ||
    micalg.startsWith('pgp-') ||
    second?.contentType.value === SIGNATURE_TYPE;
  if (!claims) return null;
  const bad = (reason: string): PgpMalformed => malformed(v, 'pgp-mime-signed', reason);
  const shape = shapeProblem(v, 'signed');
  if (shape) return bad(shape);
  if (protocol !== SIGNATURE_TYPE)
    return bad(`The signed part declares protocol "${quote(protocol)}", not "${SIGNATURE_TYPE}".`);
  if (!micalg.startsWith('pgp-'))
    return bad(`The signed part's micalg "${quote(micalg)}" does not name an OpenPGP hash.`);
  if (!second || second.contentType.value !== SIGNATURE_TYPE)
    return bad(
      `The signature part is "${quote(second?.contentType.value ?? '')}", not "${SIGNATURE_TYPE}".`,
    );
  const sigPart = v.children[1];
  const signature = extractArmor(body(v.raw, sigPart, second), BEGIN_SIGNATURE, END_SIGNATURE);
  if (!signature) return bad('The signature part holds no armored OpenPGP signature.');
  const signed = v.children[0];
  return {
    kind: 'pgp-mime-signed',
    partId: v.partId,
    range: { start: v.entity.start, end: v.entity.end },
    coverage: v.coverage,
    micalg,
    signedPartId: v.childIds[0],
    signedRange: { start: signed.start, end: signed.end },
    signedBytes: toCrlf(v.raw.subarray(signed.start, signed.end)),
    signature,
  };
}

/** RFC 3156 §4. Returns null when the multipart/encrypted is not OpenPGP. */
export function classifyEncrypted(v: MultipartView): PgpMimeEncrypted | PgpMalformed | null {
  const protocol = param(v.info, 'protocol');
  const first = v.children[0] ? v.describe(v.children[0]) : null;
  const claims = protocol === ENCRYPTED_TYPE || first?.contentType.value === ENCRYPTED_TYPE;
  if (!claims) return null;
  const bad = (reason: string): PgpMalformed => malformed(v, 'pgp-mime-encrypted', reason);
  const shape = shapeProblem(v, 'encrypted');
  if (shape) return bad(shape);
  if (protocol !== ENCRYPTED_TYPE)
    return bad(
      `The encrypted part declares protocol "${quote(protocol)}", not "${ENCRYPTED_TYPE}".`,
    );
  if (!first || first.contentType.value !== ENCRYPTED_TYPE)
    return bad(
      `The first encrypted part is "${quote(first?.contentType.value ?? '')}", not "${ENCRYPTED_TYPE}".`,
    );
  const control = asciiText(body(v.raw, v.children[0], first));
  if (!/^[ \t]*Version:[ \t]*1[ \t]*\r?$/m.test(control))
    return bad('The encrypted part does not say "Version: 1".');
  const second = v.describe(v.children[1]);
  if (second.contentType.value !== OCTET_STREAM)
    return bad(
      `The ciphertext part is "${quote(second.contentType.value)}", not "${OCTET_STREAM}".`,
    );
  const ciphertext = extractArmor(body(v.raw, v.children[1], second), BEGIN_MESSAGE, END_MESSAGE);
  if (!ciphertext) return bad('The ciphertext part holds no armored OpenPGP message.');
  return {
    kind: 'pgp-mime-encrypted',
    partId: v.partId,
    range: { start: v.entity.start, end: v.entity.end },
    coverage: v.coverage,
    ciphertext,
    ciphertextPartId: v.childIds[1],
  };
}
