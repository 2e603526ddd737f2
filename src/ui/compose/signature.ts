// SEND-16: the signature block in the composer's text. It is ordinary text the user can
// edit or delete; the composer remembers exactly what it inserted, so "Add signature" off
// or another sender takes out that block — and leaves alone a block the user changed.

/** RFC 3676 §4.3: "-- " on a line of its own separates the signature (readers fold it). */
export const SIGNATURE_SEPARATOR = '-- ';

export type SignaturePlacement = 'bottom' | 'cursor';

/** The text a signature adds: separator, then the signature, set off by blank lines. */
export function signatureBlock(signature: string): string {
  return `\n\n${SIGNATURE_SEPARATOR}\n${signature.replace(/\s+$/, '')}\n`;
}

/**
 * The body with the block: at the end, or where the cursor starts (`at`) — the top of a
 * reply, above what it quotes.
 */
export function insertBlock(
  body: string,
  block: string,
  placement: SignaturePlacement,
  at = 0,
): string {
  if (placement === 'bottom') return `${body.replace(/\n+$/, '')}${block}`;
  const cut = Math.max(0, Math.min(at, body.length));
  return `${body.slice(0, cut)}${block}${body.slice(cut)}`;
}

/** The body without the block, or null when the block is no longer there as inserted. */
export function removeBlock(body: string, block: string): string | null {
  const at = body.lastIndexOf(block);
  if (at < 0) return null;
  return body.slice(0, at) + body.slice(at + block.length);
}
