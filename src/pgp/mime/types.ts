// What analyzePgp reports: every OpenPGP protection in a message, where it is (IMAP-style
// part id and byte range) and how much of the message it covers. Plain data, no openpgp
// types, so it can cross a worker boundary (structured clone) as is.

/** A half-open byte range [start, end) into the analyzed bytes. */
export interface ByteRange {
  start: number;
  end: number;
}

/** A half-open range [start, end) of UTF-16 code units in a decoded text. */
export interface TextRange {
  start: number;
  end: number;
}

/**
 * `whole`: the protection is the message's root entity, or the root's only content
 * (single-child multiparts down to it; the signed half of a whole multipart/signed).
 * `part`: anything else, e.g. an encrypted part between other parts (the EFAIL shape).
 * A verified or decrypted `part` is shown as covering only that part and rendered alone.
 */
export type Coverage = 'whole' | 'part';

interface Located {
  /** IMAP-style section ("" for a multipart root, "1" for a single-part root, "2.1", …). */
  partId: string;
  /** The whole protected entity (headers included) in the analyzed bytes. */
  range: ByteRange;
  coverage: Coverage;
}

/** RFC 3156 §5 multipart/signed with protocol application/pgp-signature. */
export interface PgpMimeSigned extends Located {
  kind: 'pgp-mime-signed';
  /** The micalg parameter, lowercased (e.g. "pgp-sha256"); the verifier checks it matches. */
  micalg: string;
  /** The first body part: what the signature covers, and what the reader renders. */
  signedPartId: string;
  /** Its headers and body exactly as in the message, before canonicalization. */
  signedRange: ByteRange;
  /** The bytes to verify: signedRange with bare LF made CRLF, nothing else changed. */
  signedBytes: Uint8Array;
  /** The detached signature, ASCII-armored, transfer encoding removed. */
  signature: string;
}

/** RFC 3156 §4 multipart/encrypted with protocol application/pgp-encrypted. */
export interface PgpMimeEncrypted extends Located {
  kind: 'pgp-mime-encrypted';
  /** The ASCII-armored OpenPGP message (BEGIN to END line), transfer encoding removed. */
  ciphertext: string;
  /** The second body part, which carries it. */
  ciphertextPartId: string;
}

export interface InlineBlock {
  /** `-----BEGIN PGP MESSAGE-----` or `-----BEGIN PGP SIGNED MESSAGE-----` (clearsigned). */
  type: 'encrypted' | 'clearsigned';
  /** Where the block is in InlinePgp.text, BEGIN line to END line (its line break excluded). */
  range: TextRange;
  /** The block as text (a slice of InlinePgp.text). */
  armored: string;
  /**
   * The block's bytes after transfer decoding, charset untouched: a clearsigned text in
   * latin-1 only verifies over these, not over a UTF-8 re-encoding of `armored`.
   */
  bytes: Uint8Array;
  /** `whole` only when its part is whole and nothing but white space lies outside the block. */
  coverage: Coverage;
}

/** ASCII-armored blocks inside a text/plain body (traditional "inline PGP"). */
export interface InlinePgp extends Located {
  kind: 'inline';
  /** The part's decoded text (transfer encoding and charset removed). */
  text: string;
  blocks: InlineBlock[];
  /** The text between and around the blocks: unprotected, never shown as covered. */
  outside: TextRange[];
}

/** Something that claims to be OpenPGP but is not well formed; never verified or decrypted. */
export interface PgpMalformed extends Located {
  kind: 'malformed';
  claimed: 'pgp-mime-signed' | 'pgp-mime-encrypted' | 'inline';
  /** Why, in words a status line can show. */
  reason: string;
}

export type PgpProtection = PgpMimeSigned | PgpMimeEncrypted | InlinePgp | PgpMalformed;

export interface PgpAnalysis {
  /** The root entity: its part id, lowercased media type and byte range. */
  root: { partId: string; mimeType: string; range: ByteRange };
  /** In document order (depth first). */
  protections: PgpProtection[];
  /**
   * Why parts of the message were not analyzed (a limit hit, an unreadable structure);
   * empty when the whole tree was walked. Protections found before that are still listed.
   */
  problems: string[];
}
