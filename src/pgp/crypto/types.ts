// The shapes the OpenPGP side hands across the worker boundary (PGP-1…5). Plain data only:
// no OpenPGP.js objects, so the page can import these without loading openpgp.

/** Where a key came from (PGP-1): shown to the user when they confirm whose key it is. */
export type PgpKeySource = 'generated' | 'imported' | 'autocrypt' | 'wkd';

/** What the app shows about a key, read from its packets (never from a message). */
export interface KeyInfo {
  /** The primary key's fingerprint, lower-case hex (v4: 40 digits). */
  fingerprint: string;
  /** The primary key's 16-hex-digit key id, lower case. */
  keyId: string;
  /** Every user id with a valid self-signature, as written in the key. */
  userIds: string[];
  /** The addresses in those user ids, lower case, no duplicates. */
  emails: string[];
  /** True for a secret key (Transferable Secret Key). */
  isPrivate: boolean;
  /** For a secret key: every secret (sub)key packet is passphrase-encrypted. False for public keys. */
  passphraseProtected: boolean;
  revoked: boolean;
  /** Epoch ms; null when the key never expires. */
  expiresAt: number | null;
  /** e.g. "eddsaLegacy ed25519Legacy", "rsaEncryptSign 4096". */
  algorithm: string;
  /** Epoch ms of the primary key's creation. */
  created: number;
  /** The key as armored text: the public key, or the (still encrypted) secret key. */
  armored: string;
}

export interface GenerateKeyOptions {
  name: string;
  email: string;
  /** Protects the secret key; the app never stores it. */
  passphrase: string;
}

/** A new key pair: the private key is armored and passphrase-encrypted. */
export interface GeneratedKeyPair {
  info: KeyInfo;
  privateKey: string;
  publicKey: string;
  /** Keep it apart from the key: it revokes the key without the passphrase. */
  revocationCertificate: string;
}

export interface RevokedKey {
  /** The revoked public key, to publish and to send to correspondents. */
  publicKey: string;
  /** The revoked secret key, encrypted with the same passphrase as before. */
  privateKey: string;
  revocationCertificate: string;
  info: KeyInfo;
}

/** PGP-2: a detached signature and the RFC 3156 `micalg` naming its hash. */
export interface DetachedSignature {
  armored: string;
  /** e.g. "pgp-sha512" (RFC 3156 § 5, lower case). */
  micalg: string;
}

/** PGP-4: the outcome of one signature, as the reader shows it. */
export type SignatureStatus = 'valid' | 'invalid' | 'unknown-key' | 'revoked-key' | 'expired-key';

export interface SignatureResult {
  status: SignatureStatus;
  /** The primary fingerprint of the key that made it; absent when the key is unknown. */
  signerFingerprint?: string;
  /** The issuer key id in the signature (lower-case hex): what to look up when unknown. */
  keyId: string;
  /** Epoch ms the signature claims it was made. */
  created?: number;
}

export interface EncryptOptions {
  data: Uint8Array;
  /** Armored public keys of every recipient, the sender's own included (Sent stays readable). */
  recipientKeys: string[];
  /** Armored passphrase-encrypted secret key: PGP-3 encrypts only signed. */
  signingKey: string;
  passphrase: string;
  /**
   * Write every recipient's key id as the wildcard (RFC 9580 § 5.1, `gpg --throw-keyids`):
   * with Bcc recipients, the others must not learn from the ciphertext who else can read it.
   */
  hideRecipients?: boolean;
}

export interface DecryptOptions {
  armored: string;
  /** Armored passphrase-encrypted secret key. */
  privateKey: string;
  passphrase: string;
  /** Armored public keys trusted to verify (confirmed correspondents and own keys). */
  verificationKeys: string[];
}

export interface DecryptResult {
  data: Uint8Array;
  /** 'unsigned': encrypted without a signature, shown as such, never as verified. */
  signatures: SignatureResult[] | 'unsigned';
}

/** PGP-4 inline: a signed message's content and its signatures. */
export interface VerifiedMessage {
  /** The signed content; for a cleartext signature, the text without dash-escaping (UTF-8). */
  data: Uint8Array;
  signatures: SignatureResult[];
}
