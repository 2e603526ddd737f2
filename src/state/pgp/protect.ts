// PGP-2, PGP-3: what the composer checks before Send, and the protection put around the
// body entity when the message leaves — RFC 3156 §5 multipart/signed, or §4
// multipart/encrypted whose payload is the entity encrypted and signed in one OpenPGP
// message (§6.2). The message's own header fields stay outside, as RFC 3156 has them.
import { assembleMessage } from '../../mail/mime/build.js';
import { buildEncryptedEntity, buildSignedEntity, signingInput } from '../../pgp/mime/build.js';
import type { PgpKeyRecord } from '../../store/records.js';
import { findEncryptionKeys, isUsableKey } from '../../store/repos/pgp-keys.js';
import { MissingRecipientKeysError, NoSigningKeyError } from '../pgp-errors.js';
import type { PgpService } from '../pgp-types.js';
import type { PgpContext } from './deps.js';
import { toKeyView } from './views.js';

const norm = (address: string) => address.trim().toLowerCase();

/** The own key that signs for `from`: usable, the newest when there are several. */
export async function signingKeyFor(ctx: PgpContext, from: string): Promise<PgpKeyRecord | null> {
  const rows = await ctx.db.pgpKeys.where('emails').equals(norm(from)).toArray();
  const own = rows.filter((r) => r.kind === 'own' && isUsableKey(r, ctx.now()));
  own.sort((a, b) => b.created - a.created);
  return own[0] ?? null;
}

/** Recipients other than the sender, lower case, once each. */
function othersThan(from: string, recipients: readonly string[]): string[] {
  const sender = norm(from);
  return [...new Set(recipients.map(norm))].filter((a) => a !== '' && a !== sender);
}

export function protectOps(ctx: PgpContext): Pick<PgpService, 'checkSend' | 'protect'> {
  return {
    async checkSend(from, recipients) {
      const key = await signingKeyFor(ctx, from);
      const { missing } = await findEncryptionKeys(ctx.db, othersThan(from, recipients), ctx.now());
      return {
        signingKey: key ? toKeyView(key, ctx.now()) : null,
        unlocked: key ? await ctx.client.hasPassphrase(key.fingerprint) : false,
        missing,
      };
    },
    async protect(parts, opts) {
      if (!opts.sign && !opts.encrypt) return assembleMessage(parts.headers, parts.entity);
      const key = await signingKeyFor(ctx, opts.from);
      if (!key) throw new NoSigningKeyError(norm(opts.from));
      if (opts.encrypt) {
        const found = await findEncryptionKeys(
          ctx.db,
          othersThan(opts.from, opts.recipients),
          ctx.now(),
        );
        if (found.missing.length > 0) throw new MissingRecipientKeysError(found.missing);
        // The sender's own key too, so the copy in Sent stays readable.
        const recipientKeys = [...new Set([...found.publicKeys, key.publicArmored])];
        const armored = await ctx.client.encryptAndSign({
          data: parts.entity,
          recipientKeys,
          signingKey: key.armored,
          hideRecipients: (opts.bcc ?? []).length > 0,
        });
        return assembleMessage(parts.headers, buildEncryptedEntity(armored));
      }
      const signature = await ctx.client.signDetached(signingInput(parts.entity), key.armored);
      return assembleMessage(
        parts.headers,
        buildSignedEntity(parts.entity, signature.armored, signature.micalg),
      );
    },
  };
}
