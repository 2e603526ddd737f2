// PGP-4: what a decryption gives the reader, from the decrypted bytes — an inline block's
// text as a text/plain entity, a PGP/MIME payload that is a whole multipart/signed
// (RFC 3156 §6.1) verified and unwrapped. Used on a fresh decryption and on a kept copy
// (ADR 0031), so both show the same entity with the same checks.
import type { SignatureResult } from '../../pgp/crypto/types.js';
import { analyzeDecrypted } from '../../pgp/mime/analyze.js';
import type { PgpKeyRecord } from '../../store/records.js';
import type { PgpSignatureView } from '../pgp-types.js';
import type { PgpContext } from './deps.js';
import { unreadable } from './trust.js';
import { signatureViews } from './views.js';

const utf8 = new TextEncoder();

/** An inline block's text as a headerless text/plain entity (its charset as well as we can tell). */
export function textEntity(data: Uint8Array): Uint8Array {
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
export async function innerSigned(
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
