// PGP-4: the reader's OpenPGP wording, in words a non-expert understands. Only plain
// strings come out of here: signer user ids, key ids and reasons are data from a message
// or a key, and the elements put them into the page as text, never as HTML.
import { msg, str } from '@lit/localize';
import type { AttachmentInfo } from '../../../mail/types.js';
import type { PgpErrorKind } from '../../../pgp/crypto/errors.js';
import type { PgpKeyView, PgpProtectionView, PgpSignatureView } from '../../../state/pgp-types.js';

/**
 * Hex digits of the fingerprint shown: the last 16 (a v4 key id), enough to tell keys apart
 * at a glance; the keystore shows the whole fingerprint for a careful comparison.
 */
const SHORT_FINGERPRINT_DIGITS = 16;

/** "1A2B 3C4D 5E6F 7A8B": the tail of a fingerprint (or a key id), grouped by 4, upper case. */
export function shortFingerprint(hex: string): string {
  const tail = hex.replace(/\s+/g, '').slice(-SHORT_FINGERPRINT_DIGITS).toUpperCase();
  return tail.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The key as people know it: its first user id (or address), and its short fingerprint. */
export function keyLabel(key: PgpKeyView): string {
  const who = key.userIds[0] ?? key.emails[0] ?? '';
  const fp = shortFingerprint(key.fingerprint);
  return who ? `${who} (${fp})` : fp;
}

/** One signature's outcome as a sentence. */
export function signatureText(sig: PgpSignatureView): string {
  const who = sig.signer ? keyLabel(sig.signer) : shortFingerprint(sig.keyId);
  switch (sig.status) {
    case 'valid':
      return msg(str`Signed by ${who}. The signature is valid.`, { id: 'pgpReader.sigValid' });
    case 'invalid':
      return msg(
        str`The signature by ${who} is not valid: the message was changed after it was signed.`,
        { id: 'pgpReader.sigInvalid' },
      );
    case 'unknown-key':
      return msg(
        str`Signed with a key you do not have (key ID ${who}), so the signature cannot be checked.`,
        { id: 'pgpReader.sigUnknown' },
      );
    case 'revoked-key':
      return msg(
        str`Signed with a key its owner has revoked: ${who}. Do not trust this signature.`,
        { id: 'pgpReader.sigRevoked' },
      );
    case 'expired-key':
      return msg(str`Signed with an expired key: ${who}. Do not trust this signature.`, {
        id: 'pgpReader.sigExpired',
      });
  }
}

/**
 * ADR 0031: a signature of a kept copy that could not be checked again: its outcome is as
 * checked when the copy was kept, and the reader says when.
 */
export function checkedWhenKeptText(at: number): string {
  const when = new Date(at).toLocaleDateString(undefined, { dateStyle: 'medium' });
  return msg(str`(As checked on ${when}, when the decrypted copy was kept.)`, {
    id: 'pgpReader.checkedWhenKept',
  });
}

/** Is this outcome good news (shown in a calm colour) or a warning? */
export function signatureOk(sig: PgpSignatureView): boolean {
  return sig.status === 'valid';
}

/** OpenPGP's own parts (signature, version, ciphertext) do not name what is protected. */
const PGP_TYPES = /^application\/pgp-(signature|encrypted)$/i;

/**
 * How the reader names a part: the attachment's file name when the part is exactly one
 * attachment (or holds only one besides its signature), else its number ("part 2"). An
 * encrypted part is always named by number: its only attachment is the ciphertext.
 */
export function partLabel(p: PgpProtectionView, attachments: readonly AttachmentInfo[]): string {
  const partId = p.partId;
  const inside =
    p.kind === 'encrypted'
      ? []
      : attachments.filter(
          (a) =>
            (a.partId === partId || a.partId.startsWith(`${partId}.`)) &&
            !PGP_TYPES.test(a.mimeType),
        );
  const only = inside.length === 1 ? inside[0] : undefined;
  if (only) return msg(str`the part "${only.filename}"`, { id: 'pgpReader.partNamed' });
  return msg(str`part ${partId || '1'}`, { id: 'pgpReader.partNumber' });
}

/** For 'part' coverage: says that only that part is protected, and which. */
export function coverageText(p: PgpProtectionView, label: string): string {
  if (p.coverage === 'whole') return '';
  switch (p.kind) {
    case 'encrypted':
      return msg(str`Only ${label} is encrypted; the rest of the message is not.`, {
        id: 'pgpReader.onlyPartEncrypted',
      });
    case 'signed':
      return msg(str`Only ${label} is signed; the rest of the message is not.`, {
        id: 'pgpReader.onlyPartSigned',
      });
    case 'malformed':
      return msg(str`This concerns only ${label}.`, { id: 'pgpReader.onlyPartMalformed' });
  }
}

export function encryptedText(decryptWith: PgpKeyView | null): string {
  return decryptWith
    ? msg('This message is encrypted.', { id: 'pgpReader.encrypted' })
    : msg('This message is encrypted, but not to any of your keys.', {
        id: 'pgpReader.encryptedNoKey',
      });
}

export function malformedText(reason: string): string {
  return msg(str`This message claims to use OpenPGP but is damaged: ${reason}`, {
    id: 'pgpReader.malformed',
  });
}

export function problemText(problem: string): string {
  return msg(str`Part of the message could not be checked: ${problem}`, {
    id: 'pgpReader.problem',
  });
}

export function unsignedText(): string {
  return msg('Encrypted, but not signed: nothing shows who wrote it.', {
    id: 'pgpReader.unsigned',
  });
}

/** What a failed decryption says, by kind; `other` for anything unexpected. */
export function decryptErrorText(kind: PgpErrorKind | 'other', detail: string): string {
  switch (kind) {
    case 'wrong-passphrase':
      return msg('Wrong passphrase. Try again.', { id: 'pgpReader.errWrongPassphrase' });
    case 'passphrase-needed':
      return msg('Enter the passphrase of your key.', { id: 'pgpReader.errPassphraseNeeded' });
    case 'no-key':
      return msg('This message is not encrypted to any of your keys.', {
        id: 'pgpReader.errNoKey',
      });
    case 'tampered':
      return msg(
        'The encrypted message was modified or is not authenticated; nothing of it is shown.',
        { id: 'pgpReader.errTampered' },
      );
    case 'malformed':
      return msg('The encrypted message is damaged and cannot be read.', {
        id: 'pgpReader.errMalformed',
      });
    default:
      return msg(str`Could not decrypt the message: ${detail}`, { id: 'pgpReader.errOther' });
  }
}
