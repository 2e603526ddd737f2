// PGP-2, PGP-3 in the composer: a message that leaves signed or encrypted is built in its
// signable form and handed to the PgpService, which wraps the body entity (RFC 3156) and
// puts the message's header fields back around it. No openpgp here: the service is loaded
// only when a message asks for protection.
import type { OutgoingMessage } from '../../mail/mime/types.js';
import type { PgpSendOptions, PgpServiceLoader } from '../pgp-types.js';

/** A draft asks for OpenPGP where none is wired (a build or mailbox without the worker). */
export class PgpUnavailableError extends Error {
  override name = 'PgpUnavailableError';
  constructor() {
    super('Signing and encryption are not available here; send the message without them.');
  }
}

export function wantsProtection(opts: PgpSendOptions | undefined): opts is PgpSendOptions {
  return opts !== undefined && (opts.sign || opts.encrypt);
}

/** The message's bytes, signed (and encrypted when asked) by the sender's own key. */
export async function protectedMessage(
  message: OutgoingMessage,
  opts: PgpSendOptions,
  loader: PgpServiceLoader | undefined,
): Promise<Uint8Array> {
  if (!loader) throw new PgpUnavailableError();
  const [{ buildMessageParts }, pgp] = await Promise.all([
    import('../../mail/mime/build.js'),
    loader(),
  ]);
  const parts = buildMessageParts(message, { signable: true });
  // Every address the message goes to, automatic Bcc included: each must be able to read it.
  const recipients = [...message.to, ...(message.cc ?? []), ...(message.bcc ?? [])].map(
    (a) => a.address,
  );
  return pgp.protect(parts, {
    from: message.from.address,
    recipients,
    sign: true,
    encrypt: opts.encrypt,
  });
}
