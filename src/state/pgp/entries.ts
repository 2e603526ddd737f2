// PGP-4: the protections of an analysis as one flat list — one entry per PGP/MIME wrapper,
// per inline armored block, per malformed claim — in document order. inspect() shows this
// list and decrypt() is asked for a position in it, so both must build it the same way.
import type { Coverage, PgpAnalysis } from '../../pgp/mime/types.js';

interface At {
  partId: string;
  coverage: Coverage;
}

export type ProtectionEntry =
  | (At & {
      type: 'signed';
      form: 'mime';
      /** The bytes the detached signature covers (RFC 3156 §5 canonical form). */
      signedBytes: Uint8Array;
      signature: string;
    })
  | (At & { type: 'signed'; form: 'inline'; armored: string })
  | (At & { type: 'encrypted'; form: 'mime' | 'inline'; armored: string })
  | (At & { type: 'malformed'; reason: string });

export function protectionEntries(analysis: PgpAnalysis): ProtectionEntry[] {
  const out: ProtectionEntry[] = [];
  for (const p of analysis.protections) {
    const at = { partId: p.partId, coverage: p.coverage };
    switch (p.kind) {
      case 'pgp-mime-signed':
        out.push({
          ...at,
          type: 'signed',
          form: 'mime',
          signedBytes: p.signedBytes,
          signature: p.signature,
        });
        break;
      case 'pgp-mime-encrypted':
        out.push({ ...at, type: 'encrypted', form: 'mime', armored: p.ciphertext });
        break;
      case 'inline':
        // Each block covers only itself: text around it is not protected by it.
        for (const b of p.blocks) {
          const block = { partId: p.partId, coverage: b.coverage, form: 'inline' as const };
          out.push(
            b.type === 'clearsigned'
              ? { ...block, type: 'signed', armored: b.armored }
              : { ...block, type: 'encrypted', armored: b.armored },
          );
        }
        break;
      case 'malformed':
        out.push({ ...at, type: 'malformed', reason: p.reason });
        break;
    }
  }
  return out;
}
