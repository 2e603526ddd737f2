// The OpenPGP operations (PGP-1…5) over OpenPGP.js. Imported by the PGP worker (lazily, so
// openpgp stays out of the start-up bundle) and by the Node tests.
export {
  generateKeyPair,
  exportPublic,
  backupPrivate,
  protectPrivateKey,
  revokeKey,
  checkPassphrase,
} from './keys.js';
export { decryptionKeyIds, keyIdsOf } from './ids.js';
export { readKeys, fingerprintOf } from './read.js';
export { signDetached, verifyDetached, verifyInline } from './sign.js';
export { encryptAndSign, decrypt } from './message.js';
