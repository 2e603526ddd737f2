// PGP-1…5 on the page: the contract between the PgpService (state/pgp/, loaded lazily with
// its worker) and the elements that use it — the keystore in Settings, the composer's
// sign/encrypt options and the reader's status line. Plain data only: no openpgp import,
// so elements can import these types without loading OpenPGP.js.
import type { ParsedMessage, UnparseableMessage } from '../mail/types.js';
import type { MessageParts } from '../mail/mime/build.js';
import type { KeyInfo, PgpKeySource, SignatureStatus } from '../pgp/crypto/types.js';
import type { Coverage } from '../pgp/mime/types.js';
import type { Subscribable } from './observable.js';

export type { KeyInfo, PgpKeySource, SignatureStatus, Coverage };

/** A key in the keystore, as lists and prompts show it (never the key material itself). */
export interface PgpKeyView {
  /** Primary key fingerprint, lower-case hex: shown grouped by 4 for the user to compare. */
  fingerprint: string;
  keyId: string;
  kind: 'own' | 'correspondent';
  userIds: string[];
  emails: string[];
  source: PgpKeySource;
  /** Own keys are always confirmed; a correspondent's only after the user said whose it is. */
  confirmed: boolean;
  revoked: boolean;
  /** Epoch ms; null: never expires. */
  expiresAt: number | null;
  algorithm: string;
  created: number;
  /** Own keys: keep decrypted text of messages to this key (opt-in, default off). */
  storeDecrypted: boolean;
  /** Own or confirmed, and neither revoked nor expired: may encrypt to / counts as known signer. */
  usable: boolean;
}

/** One signature as the reader shows it. */
export interface PgpSignatureView {
  status: SignatureStatus;
  /** The issuer key id (what "Import key" looks up when the key is unknown). */
  keyId: string;
  /** The keystore key that made it; absent when unknown. */
  signer?: PgpKeyView;
  /** Epoch ms the signature claims. */
  created?: number;
  /**
   * PGP-4, a kept decrypted copy (ADR 0031): set when `status` is as verified at this time
   * (epoch ms, when the copy was kept) and could not be checked again now; the reader says so.
   */
  checkedAt?: number;
}

/** One OpenPGP protection found in a message (our own MIME parse decides, never the crypto). */
export type PgpProtectionView =
  | {
      kind: 'signed';
      /** 'mime': RFC 3156 multipart/signed; 'inline': a clearsigned block in a text part. */
      form: 'mime' | 'inline';
      partId: string;
      /** 'part': the signature covers only this part; the reader says so. */
      coverage: Coverage;
      signatures: PgpSignatureView[];
    }
  | {
      kind: 'encrypted';
      form: 'mime' | 'inline';
      partId: string;
      coverage: Coverage;
      /** 0-based index among the protections: what `decrypt` is asked to open. */
      index: number;
    }
  | {
      kind: 'malformed';
      partId: string;
      coverage: Coverage;
      /** Why, in words the status line can show. */
      reason: string;
    };

/** PGP-4: what the reader shows above a message that carries OpenPGP. */
export interface PgpMessageStatus {
  protections: PgpProtectionView[];
  /** Parts not analyzed (a limit hit); shown as a warning, never hidden. */
  problems: string[];
  /**
   * The own key a `decrypt` would use for the first encrypted protection (the one whose
   * passphrase to ask for), null when no own key can open it (the status says so), or
   * when nothing is encrypted.
   */
  decryptWith: PgpKeyView | null;
  /** Whether that key's passphrase is remembered (no prompt needed). */
  unlocked: boolean;
  /**
   * PGP-4 (ADR 0031): the encrypted protection whose decrypted copy is kept on this device
   * (the user opted in for its key): `decrypt` with the same message opens it without the
   * passphrase. Absent when nothing is kept, or `inspect` was not told which message it is.
   */
  keptIndex?: number;
}

/** Which stored message the bytes are: lets the service keep and find a decrypted copy. */
export interface PgpMessageRef {
  emailId: string;
}

/** PGP-4: a decrypted protection, shown on its own (never joined with other parts). */
export interface PgpDecrypted {
  partId: string;
  coverage: Coverage;
  /** 'unsigned' is shown as "encrypted, not signed", never as verified. */
  signatures: PgpSignatureView[] | 'unsigned';
  /**
   * The decrypted entity, parsed (a PGP/MIME payload is a MIME entity; an inline block's
   * text is given as a text/plain message). Rendered through the sanitizer in its own
   * sandboxed iframe; a signed entity inside it (RFC 3156 §6.1) is verified and its
   * signatures are in `signatures`.
   */
  parsed: ParsedMessage | UnparseableMessage;
  /**
   * PGP-4 (ADR 0031): true when this decrypted text is kept on this device — read from the
   * kept copy (no passphrase asked), or kept just now because its key opts in. Absent or
   * false: nothing of it was stored.
   */
  kept?: boolean;
}

/** How the composer asks for protection (PGP-2, PGP-3). */
export interface PgpSendOptions {
  sign: boolean;
  /** PGP-3: encrypt is always signed too; refused while any recipient has no usable key. */
  encrypt: boolean;
}

/** PGP-2/3: what the composer must know before Send. */
export interface PgpSendCheck {
  /** The own key that signs for this sender, null when there is none (sign/encrypt disabled). */
  signingKey: PgpKeyView | null;
  /** Whether its passphrase is remembered (else the composer asks for it before Send). */
  unlocked: boolean;
  /** PGP-3: recipients (lower-case addresses) without a usable key; encrypt is refused. */
  missing: string[];
}

export interface PgpService {
  observeKeys(): Subscribable<PgpKeyView[]>;
  /** PGP-1: a new key pair for an identity; the revocation certificate is offered for download. */
  generateKey(opts: {
    name: string;
    email: string;
    passphrase: string;
  }): Promise<{ key: PgpKeyView; revocationCertificate: string }>;
  /** PGP-1 import, step 1: read keys (armored or binary) for the user to look at. Stores nothing. */
  readKeys(input: string | Uint8Array): Promise<KeyInfo[]>;
  /**
   * PGP-1 import, step 2: a secret key becomes an own key (refused unless passphrase-protected);
   * a public key is stored as a correspondent's, confirmed only when `confirm` is true (the
   * user saw the user ids and fingerprint and said whose key it is).
   */
  addKey(info: KeyInfo, source: PgpKeySource, opts?: { confirm?: boolean }): Promise<PgpKeyView>;
  confirmKey(fingerprint: string): Promise<void>;
  deleteKey(fingerprint: string): Promise<void>;
  /** Armored public key (own or correspondent). */
  exportPublicKey(fingerprint: string): Promise<string>;
  /** Own key: the armored secret key, still passphrase-protected. */
  backupPrivateKey(fingerprint: string): Promise<string>;
  /** Own key: revokes it (needs the passphrase); returns the revoked public key to publish. */
  revokeKey(
    fingerprint: string,
    passphrase: string,
  ): Promise<{ key: PgpKeyView; publicKey: string }>;
  setStoreDecrypted(fingerprint: string, on: boolean): Promise<void>;
  /**
   * Checks the passphrase against the key (WrongPassphraseError if it fails) and keeps it in
   * the worker's memory: for the session when asked, else just long enough for the next use.
   */
  unlockKey(
    fingerprint: string,
    passphrase: string,
    opts: { rememberForSession: boolean },
  ): Promise<void>;
  isUnlocked(fingerprint: string): Promise<boolean>;
  forgetPassphrases(): Promise<void>;
  /**
   * PGP-1: keys published for this address by Web Key Directory (through the proxy), read
   * for the user to confirm (stores nothing; `addKey(info, 'wkd')` next). [] when none is
   * published; throws when the lookup itself fails (offline, no proxy).
   */
  lookupWkd(address: string): Promise<KeyInfo[]>;
  /**
   * PGP-1: the Autocrypt header of an incoming message (its `addr` must be the From), stored
   * as an unconfirmed correspondent's key ('autocrypt'); null when there is none or it is
   * unreadable. Never confirms: the user still says whose key it is.
   */
  learnAutocrypt(raw: Uint8Array): Promise<PgpKeyView | null>;

  /**
   * PGP-1 (Autocrypt Level 1 §2.1): the Autocrypt header field for a message sent from
   * `from` — addr and the sender's own public key, minimal for that address — folded
   * (CRLF and a space before each keydata line, no line over 76 characters), without its
   * final CRLF; null when the address has no usable own key. Reads the keystore only:
   * never starts the worker. Optional so doubles without it send no header.
   */
  autocryptHeader?(from: string): Promise<string | null>;

  /** PGP-2/3: the composer's check for this sender and these recipient addresses. */
  checkSend(from: string, recipients: readonly string[]): Promise<PgpSendCheck>;
  /**
   * PGP-2/3: the signed (RFC 3156 §5) or encrypted-and-signed (§4, to every recipient and
   * the sender) message from its parts (built with `signable: true`). Throws
   * MissingRecipientKeysError, NoSigningKeyError, or PassphraseNeededError (unlock first).
   */
  protect(
    parts: MessageParts,
    opts: {
      from: string;
      recipients: readonly string[];
      /**
       * Bcc recipients (also in `recipients`): when there are any, every key id in the
       * ciphertext is hidden, so no recipient learns who else can read it.
       */
      bcc?: readonly string[];
    } & PgpSendOptions,
  ): Promise<Uint8Array>;

  /**
   * PGP-4: verify what is signed and describe what is encrypted; needs no passphrase. With
   * `where`, also says whether a decrypted copy of it is kept (`keptIndex`).
   */
  inspect(raw: Uint8Array, where?: PgpMessageRef): Promise<PgpMessageStatus>;
  /**
   * PGP-4: decrypt the protection at `index` (PgpProtectionView.index) with the own key that
   * can (its passphrase given here or remembered). Throws typed PgpErrors
   * (wrong-passphrase, passphrase-needed, no-key, tampered, malformed); never partial text.
   * With `where` (ADR 0031): a kept copy of that message is returned first, without the
   * passphrase; else a message encrypted whole, decrypted by a key whose `storeDecrypted`
   * is on, is kept (`kept: true`). Without `where` nothing is ever kept.
   */
  decrypt(
    raw: Uint8Array,
    index: number,
    unlock?: { passphrase: string; rememberForSession: boolean },
    where?: PgpMessageRef,
  ): Promise<PgpDecrypted>;
}

export type PgpServiceLoader = () => Promise<PgpService>;

/**
 * Cheap test on the raw bytes, without loading OpenPGP: could this message carry OpenPGP
 * (a PGP/MIME content type or an armor line)? False means the reader shows no status.
 */
export function mayCarryPgp(raw: Uint8Array): boolean {
  // Latin-1 decoding keeps every byte: an ASCII needle found here is found in the bytes.
  const text = new TextDecoder('latin1').decode(raw);
  return /application\/pgp-(signature|encrypted)|-----BEGIN PGP (SIGNED )?MESSAGE-----/i.test(text);
}
