// PGP-1: finding correspondents' keys — Web Key Directory by address (read for the user to
// confirm, nothing stored) and Autocrypt headers of incoming mail (stored unconfirmed).
// Either way a key is used only once the user said whose it is.
import { readAutocrypt } from '../../pgp/autocrypt.js';
import type { KeyInfo } from '../../pgp/crypto/types.js';
import { addCorrespondentKey, PgpKeystoreError } from '../../store/repos/pgp-keys.js';
import type { PgpService } from '../pgp-types.js';
import type { PgpContext } from './deps.js';
import { unreadable } from './inspect.js';
import { toKeyView } from './views.js';

/** WKD is not wired here (no proxy in this build): the lookup fails, as offline would. */
export class WkdUnavailableError extends Error {
  override name = 'WkdUnavailableError';
  constructor() {
    super('Looking up keys by address is not available here.');
  }
}

/** Public keys that name `address` among their self-certified user ids. */
function publicKeysFor(keys: readonly KeyInfo[], address: string): KeyInfo[] {
  const wanted = address.trim().toLowerCase();
  return keys.filter((k) => !k.isPrivate && k.emails.includes(wanted));
}

/** Keys a peer sent; unreadable data is no key at all. */
async function readOrNone(ctx: PgpContext, data: Uint8Array): Promise<KeyInfo[]> {
  try {
    return await ctx.client.readKeys(data);
  } catch (err) {
    if (unreadable(err) === null) throw err;
    return [];
  }
}

export function discoveryOps(ctx: PgpContext): Pick<PgpService, 'lookupWkd' | 'learnAutocrypt'> {
  return {
    async lookupWkd(address) {
      if (!ctx.fetchWkd) throw new WkdUnavailableError();
      const data = await ctx.fetchWkd(address.trim().toLowerCase());
      if (!data) return [];
      // RFC draft-koch-openpgp-webkey-service §3.1: only keys with a user id for the address.
      return publicKeysFor(await readOrNone(ctx, data), address);
    },
    async learnAutocrypt(raw) {
      const header = readAutocrypt(raw);
      if (!header) return null;
      const [info] = publicKeysFor(await readOrNone(ctx, header.keydata), header.addr);
      if (!info) return null;
      try {
        return toKeyView(
          await addCorrespondentKey(ctx.db, info, 'autocrypt', ctx.now()),
          ctx.now(),
        );
      } catch (err) {
        // The user's own key, seen in their own mail: nothing to learn.
        if (err instanceof PgpKeystoreError && err.problem === 'own-key') return null;
        throw err;
      }
    },
  };
}
