// PGP-4: the reader's status for a message — what our own MIME parse found, each signature
// verified against the trusted keys (own and confirmed), each encrypted part described with
// the own key that opens it. Needs no passphrase and decrypts nothing.
import type { SignatureResult } from '../../pgp/crypto/types.js';
import { analyzePgp } from '../../pgp/mime/analyze.js';
import { listPgpKeys } from '../../store/repos/pgp-keys.js';
import type { PgpKeyRecord } from '../../store/records.js';
import type { PgpMessageRef, PgpMessageStatus, PgpProtectionView } from '../pgp-types.js';
import type { PgpContext } from './deps.js';
import type { ProtectionEntry } from './entries.js';
import { protectionEntries } from './entries.js';
import { ownKeyFinder, type OwnKeyFinder } from './own-keys.js';
import { findKept } from './kept.js';
import { trustedKeys, unreadable } from './trust.js';
import { signatureViews, toKeyView } from './views.js';

export { trustedKeys, unreadable };

interface Viewed {
  view: PgpProtectionView;
  /** For an encrypted protection: the own key that opens it (null: none). */
  opener?: PgpKeyRecord | null;
}

async function verify(ctx: PgpContext, e: ProtectionEntry, trusted: string[]) {
  if (e.type === 'signed' && e.form === 'mime')
    return ctx.client.verifyDetached(e.signedBytes, e.signature, trusted);
  if (e.type === 'malformed') return [];
  return (await ctx.client.verifyInline(e.armored, trusted)).signatures;
}

async function viewOf(
  ctx: PgpContext,
  e: ProtectionEntry,
  index: number,
  rows: readonly PgpKeyRecord[],
  finder: OwnKeyFinder,
): Promise<Viewed> {
  const at = { partId: e.partId, coverage: e.coverage };
  if (e.type === 'malformed') return { view: { kind: 'malformed', ...at, reason: e.reason } };
  const signed = (results: SignatureResult[]): Viewed => ({
    view: {
      kind: 'signed',
      form: e.form,
      ...at,
      signatures: signatureViews(results, rows, ctx.now()),
    },
  });
  try {
    if (e.type === 'signed') return signed(await verify(ctx, e, trustedKeys(rows)));
    const ids = await ctx.client.decryptionKeyIds(e.armored);
    if (ids.length === 0) {
      // "BEGIN PGP MESSAGE" that is only signed (`gpg --sign --armor`): verified, not decrypted.
      if (e.form === 'inline') return signed(await verify(ctx, e, trustedKeys(rows)));
      return {
        view: { kind: 'malformed', ...at, reason: 'The encrypted part is not encrypted to a key.' },
      };
    }
    return {
      view: { kind: 'encrypted', form: e.form, ...at, index },
      opener: await finder.find(ids),
    };
  } catch (err) {
    const reason = unreadable(err);
    if (reason === null) throw err;
    return { view: { kind: 'malformed', ...at, reason } };
  }
}

/** ADR 0031: the encrypted protection whose decrypted copy is kept (at most one: the whole). */
async function keptIndex(
  ctx: PgpContext,
  entries: readonly ProtectionEntry[],
  viewed: readonly Viewed[],
  where: PgpMessageRef,
): Promise<number | undefined> {
  const i = viewed.findIndex((v) => v.view.kind === 'encrypted' && v.view.coverage === 'whole');
  const entry = entries[i];
  if (entry?.type !== 'encrypted') return undefined;
  return (await findKept(ctx, where.emailId, entry)) ? i : undefined;
}

export async function inspectMessage(
  ctx: PgpContext,
  raw: Uint8Array,
  where?: PgpMessageRef,
): Promise<PgpMessageStatus> {
  const analysis = analyzePgp(raw);
  const entries = protectionEntries(analysis);
  if (entries.length === 0)
    return { protections: [], problems: analysis.problems, decryptWith: null, unlocked: false };
  const rows = await listPgpKeys(ctx.db);
  const finder = ownKeyFinder(ctx, rows);
  const viewed: Viewed[] = [];
  // One at a time: the worker does one job at a time anyway, and order is the document's.
  for (const [i, e] of entries.entries()) viewed.push(await viewOf(ctx, e, i, rows, finder));
  const firstEncrypted = viewed.find((v) => v.view.kind === 'encrypted');
  const opener = firstEncrypted?.opener ?? null;
  const kept = where ? await keptIndex(ctx, entries, viewed, where) : undefined;
  return {
    protections: viewed.map((v) => v.view),
    problems: analysis.problems,
    decryptWith: opener ? toKeyView(opener, ctx.now()) : null,
    unlocked: opener ? await ctx.client.hasPassphrase(opener.fingerprint) : false,
    ...(kept !== undefined ? { keptIndex: kept } : {}),
  };
}
