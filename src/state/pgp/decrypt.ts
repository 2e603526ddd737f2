// PGP-4: opening one encrypted protection. The own key the message names decrypts it in the
// worker (OpenPGP.js refuses modified or unauthenticated ciphertext, and gives no plaintext
// then); a PGP/MIME payload is read by our own parse, a signed entity inside it (RFC 3156
// §6.1) verified, and the entity parsed for the reader. Nothing decrypted is stored.
import { MalformedPgpError, NoDecryptionKeyError } from '../../pgp/crypto/errors.js';
import type { SignatureResult } from '../../pgp/crypto/types.js';
import { analyzeDecrypted, analyzePgp } from '../../pgp/mime/analyze.js';
import { listPgpKeys } from '../../store/repos/pgp-keys.js';
import type { PgpKeyRecord } from '../../store/records.js';
import type { PgpDecrypted, PgpService, PgpSignatureView } from '../pgp-types.js';
import type { PgpContext } from './deps.js';
import { protectionEntries } from './entries.js';
import { trustedKeys, unreadable } from './inspect.js';
import { ownKeyFinder } from './own-keys.js';
import { unlockFor } from './unlock.js';
import { signatureViews } from './views.js';

type Unlock = Parameters<PgpService['decrypt']>[2];

/** Not for the session: used for this decryption only, never kept. */
const THIS_USE_ONLY_MS = 0;

const utf8 = new TextEncoder();

/** An inline block's text as a headerless text/plain entity (its charset as well as we can tell). */
function textEntity(data: Uint8Array): Uint8Array {
  let charset = 'utf-8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    // Not UTF-8: the older clients that write inline PGP mostly wrote Latin-1 / cp1252.
    charset = 'windows-1252';
  }
  const head = utf8.encode(
    `Content-Type: text/plain; charset=${charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
  );
  const out = new Uint8Array(head.length + data.length);
  out.set(head);
  out.set(data, head.length);
  return out;
}

/**
 * RFC 3156 §6.1: a payload that is a whole multipart/signed is verified, and the reader
 * gets the signed entity. A signature over only part of the payload is not reported (the
 * decrypted entity has one coverage), and the payload is shown as it is.
 */
async function innerSigned(
  ctx: PgpContext,
  data: Uint8Array,
  trusted: string[],
  rows: readonly PgpKeyRecord[],
): Promise<{ entity: Uint8Array; signatures: PgpSignatureView[] }> {
  const inner = analyzeDecrypted(data).protections[0];
  if (inner?.kind !== 'pgp-mime-signed' || inner.coverage !== 'whole')
    return { entity: data, signatures: [] };
  const entity = data.subarray(inner.signedRange.start, inner.signedRange.end);
  let results: SignatureResult[];
  try {
    results = await ctx.client.verifyDetached(inner.signedBytes, inner.signature, trusted);
  } catch (err) {
    if (unreadable(err) === null) throw err;
    // An unreadable signature is a signature that does not verify, never "not signed".
    return { entity, signatures: [{ status: 'invalid', keyId: '' }] };
  }
  return { entity, signatures: signatureViews(results, rows, ctx.now()) };
}

export async function decryptMessage(
  ctx: PgpContext,
  raw: Uint8Array,
  index: number,
  unlock?: Unlock,
): Promise<PgpDecrypted> {
  const entry = protectionEntries(analyzePgp(raw))[index];
  if (entry?.type !== 'encrypted')
    throw new MalformedPgpError('There is no encrypted part at that place in this message.');
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
  const outer =
    out.signatures === 'unsigned' ? [] : signatureViews(out.signatures, rows, ctx.now());
  let entity: Uint8Array;
  let inner: PgpSignatureView[] = [];
  if (entry.form === 'mime')
    ({ entity, signatures: inner } = await innerSigned(ctx, out.data, trusted, rows));
  else entity = textEntity(out.data);
  const signatures = [...outer, ...inner];
  return {
    partId: entry.partId,
    coverage: entry.coverage,
    signatures: signatures.length > 0 ? signatures : 'unsigned',
    parsed: await ctx.parser.parse(entity),
  };
}
