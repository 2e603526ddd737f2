// PGP-1…3 in the composer: a message that leaves signed or encrypted is built in its
// signable form and handed to the PgpService, which wraps the body entity (RFC 3156) and
// puts the message's header fields back around it; every message that leaves from an
// address with an own key carries its Autocrypt header (PGP-1) among those outer fields.
// No openpgp here: the service's chunk is loaded, its worker starts only for protection.
import type { OutgoingMessage } from '../../mail/mime/types.js';
import type { PgpSendOptions, PgpService, PgpServiceLoader } from '../pgp-types.js';

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

/**
 * The Autocrypt header for the sender, or none: none without OpenPGP wired, and none when
 * it cannot be had — it is an offer of a key, never a reason not to send.
 */
async function autocryptFor(pgp: PgpService | null, from: string): Promise<string | null> {
  return (await pgp?.autocryptHeader?.(from).catch(() => null)) ?? null;
}

/** The header fields with `extra` before MIME-Version (the last one the builder writes). */
function withField(headers: readonly string[], extra: string | null): string[] {
  if (extra === null) return [...headers];
  const at = headers.findIndex((h) => /^mime-version:/i.test(h));
  return at < 0 ? [...headers, extra] : [...headers.slice(0, at), extra, ...headers.slice(at)];
}

/**
 * The bytes of a message that leaves: signed (and encrypted) by the sender's own key when
 * `opts` asks, with the sender's Autocrypt header whenever there is one. Without either,
 * byte for byte buildMessage(message).
 */
export async function outgoingMessage(
  message: OutgoingMessage,
  opts: PgpSendOptions | undefined,
  loader: PgpServiceLoader | undefined,
): Promise<Uint8Array> {
  const protect = wantsProtection(opts);
  if (protect && !loader) throw new PgpUnavailableError();
  const [{ assembleMessage, buildMessageParts }, pgp] = await Promise.all([
    import('../../mail/mime/build.js'),
    loader ? loader().catch((err: unknown) => (protect ? Promise.reject(err) : null)) : null,
  ]);
  const autocrypt = await autocryptFor(pgp, message.from.address);
  if (!protect || !pgp) {
    const parts = buildMessageParts(message);
    return assembleMessage(withField(parts.headers, autocrypt), parts.entity);
  }
  const parts = buildMessageParts(message, { signable: true });
  // Every address the message goes to, automatic Bcc included: each must be able to read it.
  const recipients = [...message.to, ...(message.cc ?? []), ...(message.bcc ?? [])].map(
    (a) => a.address,
  );
  return pgp.protect(
    { headers: withField(parts.headers, autocrypt), entity: parts.entity },
    {
      from: message.from.address,
      recipients,
      bcc: (message.bcc ?? []).map((a) => a.address),
      sign: true,
      encrypt: opts.encrypt,
    },
  );
}
