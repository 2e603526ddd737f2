// OpenPGP on the MIME side (RFC 3156, inline PGP): pure, no openpgp import, so the reader
// can decide what is signed or encrypted before any crypto code is loaded.
export { analyzeDecrypted, analyzePgp } from './analyze.js';
export { buildEncryptedEntity, buildSignedEntity, signingInput } from './build.js';
export type {
  ByteRange,
  Coverage,
  InlineBlock,
  InlinePgp,
  PgpAnalysis,
  PgpMalformed,
  PgpMimeEncrypted,
  PgpMimeSigned,
  PgpProtection,
  TextRange,
} from './types.js';
