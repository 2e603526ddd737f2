// PGP-4 (ADR 0031): decrypted copies kept by the user's choice. Off by default per own key
// (issue 6: "encrypted messages stay encrypted at rest"); when on, a message encrypted
// whole is kept after it was decrypted, in the mailbox's database beside the message, and
// read back without the passphrase. A part is never kept (EFAIL: its plaintext would be
// stored and indexed as the body of a message someone else may have built around it).
import { bodyToIndex } from '../../search/index/doc-text.js';
import type { ParsedMessage, UnparseableMessage } from '../../mail/types.js';
import type { SignatureResult } from '../../pgp/crypto/types.js';
import {
  deleteDecrypted,
  deleteDecryptedForKey,
  getDecrypted,
  putDecrypted,
} from '../../store/repos/decrypted.js';
import { getPgpKey, listPgpKeys } from '../../store/repos/pgp-keys.js';
import type { DecryptedRecord, PgpKeyRecord } from '../../store/records.js';
import { sha256Hex } from '../hash.js';
import type { PgpDecrypted } from '../pgp-types.js';
import { innerSigned } from './decrypted-entity.js';
import type { PgpContext } from './deps.js';
import type { ProtectionEntry } from './entries.js';
import { trustedKeys } from './trust.js';
import { signatureViews } from './views.js';

export type EncryptedEntry = Extract<ProtectionEntry, { type: 'encrypted' }>;

const utf8 = new TextEncoder();

/** Only a message encrypted whole is kept: one copy per message, the message itself. */
export const keepable = (entry: EncryptedEntry): boolean => entry.coverage === 'whole';

/** Binds a copy to the ciphertext it came from (records.ts DecryptedRecord.source). */
const sourceOf = (entry: EncryptedEntry): Promise<string> => sha256Hex(utf8.encode(entry.armored));

const stillKeeps = (key: PgpKeyRecord | undefined): boolean =>
  key?.kind === 'own' && key.storeDecrypted;

/**
 * The kept copy of this message's encrypted entry, when there is one for this very
 * ciphertext and its key still keeps; a copy that no longer should exist is deleted.
 */
export async function findKept(
  ctx: PgpContext,
  emailId: string,
  entry: EncryptedEntry,
): Promise<DecryptedRecord | null> {
  if (!keepable(entry)) return null;
  const row = await getDecrypted(ctx.mailDb, emailId);
  if (!row) return null;
  const mine = row.partId === entry.partId && row.source === (await sourceOf(entry));
  if (mine && stillKeeps(await getPgpKey(ctx.db, row.fingerprint))) return row;
  // Another message's text under this id, or its key stopped keeping (in another tab).
  await deleteDecrypted(ctx.mailDb, [emailId]);
  return null;
}

/**
 * A kept copy as the reader shows it. A signed entity inside (RFC 3156 §6.1) is verified
 * again now; the OpenPGP message's own signatures (§6.2) cannot be without decrypting, so
 * they are shown as verified when kept (`checkedAt`), never as verified now.
 */
export async function openKept(
  ctx: PgpContext,
  row: DecryptedRecord,
  entry: EncryptedEntry,
): Promise<PgpDecrypted> {
  const rows = await listPgpKeys(ctx.db);
  const outer = signatureViews(row.signatures, rows, ctx.now()).map((s) => ({
    ...s,
    checkedAt: row.at,
  }));
  const { entity, signatures: inner } =
    entry.form === 'mime'
      ? await innerSigned(ctx, row.entity, trustedKeys(rows), rows)
      : { entity: row.entity, signatures: [] };
  const signatures = [...outer, ...inner];
  return {
    partId: entry.partId,
    coverage: entry.coverage,
    signatures: signatures.length > 0 ? signatures : 'unsigned',
    parsed: await ctx.parser.parse(entity),
    kept: true,
  };
}

export interface Decryption {
  key: PgpKeyRecord;
  /** The decrypted payload (an inline block already as a text/plain entity). */
  payload: Uint8Array;
  /** The entity shown, parsed: its text is what search indexes. */
  parsed: ParsedMessage | UnparseableMessage;
  /** The OpenPGP message's own signatures, as verified now. */
  outer: SignatureResult[];
}

/** Keeps a fresh decryption when its key opts in; true when it is kept. */
export async function keepIfWanted(
  ctx: PgpContext,
  emailId: string,
  entry: EncryptedEntry,
  d: Decryption,
): Promise<boolean> {
  if (!keepable(entry) || !d.key.storeDecrypted) return false;
  try {
    await putDecrypted(ctx.mailDb, {
      id: emailId,
      fingerprint: d.key.fingerprint,
      partId: entry.partId,
      source: await sourceOf(entry),
      entity: d.payload,
      text: bodyToIndex(d.parsed),
      at: ctx.now(),
      signatures: d.outer,
    });
  } catch {
    // Keeping is a convenience: a full disk must not hide what was just decrypted.
    return false;
  }
  // Turned off (or the key deleted) meanwhile: that purge may have run before this write.
  if (stillKeeps(await getPgpKey(ctx.db, d.key.fingerprint))) return true;
  await deleteDecrypted(ctx.mailDb, [emailId]);
  return false;
}

/** Opt-out or key deleted: every copy that key decrypted, in the shown mailbox, at once. */
export function purgeKept(ctx: PgpContext, fingerprint: string): Promise<number> {
  return deleteDecryptedForKey(ctx.mailDb, fingerprint);
}
