// PGP-4: opening one encrypted protection. The own key the message names decrypts it in the
// worker (OpenPGP.js refuses modified or unauthenticated ciphertext, and gives no plaintext
// then); a PGP/MIME payload is read by our own parse, a signed entity inside it (RFC 3156
// §6.1) verified, and the entity parsed for the reader. Nothing decrypted is stored unless
// the user opted in for the key (ADR 0031, kept.ts).
import { MalformedPgpError, NoDecryptionKeyError } from '../../pgp/crypto/errors.js';
import { analyzePgp } from '../../pgp/mime/analyze.js';
import { listPgpKeys } from '../../store/repos/pgp-keys.js';
import type { PgpDecrypted, PgpMessageRef, PgpService, PgpSignatureView } from '../pgp-types.js';
import { innerSigned, textEntity } from './decrypted-entity.js';
import type { PgpContext } from './deps.js';
import { protectionEntries } from './entries.js';
import { trustedKeys } from './trust.js';
import { findKept, keepIfWanted, openKept } from './kept.js';
import { ownKeyFinder } from './own-keys.js';
import { unlockFor } from './unlock.js';
import { signatureViews } from './views.js';

type Unlock = Parameters<PgpService['decrypt']>[2];

/** Not for the session: used for this decryption only, never kept. */
const THIS_USE_ONLY_MS = 0;

export async function decryptMessage(
  ctx: PgpContext,
  raw: Uint8Array,
  index: number,
  unlock?: Unlock,
  where?: PgpMessageRef,
): Promise<PgpDecrypted> {
  const entry = protectionEntries(analyzePgp(raw))[index];
  if (entry?.type !== 'encrypted')
    throw new MalformedPgpError('There is no encrypted part at that place in this message.');
  const kept = where ? await findKept(ctx, where.emailId, entry) : null;
  if (kept) return openKept(ctx, kept, entry);
  const rows = await listPgpKeys(ctx.db);
  const key = await ownKeyFinder(ctx, rows).find(await ctx.client.decryptionKeyIds(entry.armored));
  if (!key) throw new NoDecryptionKeyError();
  const trusted = trustedKeys(rows);
  const out = await ctx.client.decrypt({
    armored: entry.armored,
    privateKey: key.armored,
    verificationKeys: trusted,
    ...(unlock ? unlockFor(unlock.passphrase, unlock.rememberForSession, THIS_USE_ONLY_MS) : {}),
  });
  const outerResults = out.signatures === 'unsigned' ? [] : out.signatures;
  const outer = signatureViews(outerResults, rows, ctx.now());
  const payload = entry.form === 'mime' ? out.data : textEntity(out.data);
  let entity = payload;
  let inner: PgpSignatureView[] = [];
  if (entry.form === 'mime')
    ({ entity, signatures: inner } = await innerSigned(ctx, payload, trusted, rows));
  const signatures = [...outer, ...inner];
  const parsed = await ctx.parser.parse(entity);
  const keptNow = where
    ? await keepIfWanted(ctx, where.emailId, entry, { key, payload, parsed, outer: outerResults })
    : false;
  return {
    partId: entry.partId,
    coverage: entry.coverage,
    signatures: signatures.length > 0 ? signatures : 'unsigned',
    parsed,
    ...(keptNow ? { kept: true } : {}),
  };
}
