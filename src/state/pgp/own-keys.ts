// PGP-4: which own key opens a message. The message names the (sub)key ids it is encrypted
// to; an own key matches when one of its ids is among them. Revoked own keys still count:
// mail encrypted to them before the revocation must stay readable.
import { listPgpKeys } from '../../store/repos/pgp-keys.js';
import type { PgpKeyRecord } from '../../store/records.js';
import type { PgpContext } from './deps.js';

/** RFC 9580 §5.1: an all-zero key id hides the recipient (`gpg --throw-keyids`). */
const WILDCARD_KEY_ID = '0000000000000000';

export interface OwnKeyFinder {
  /** The own key the ids point at; for a hidden recipient, the first own key (to try). */
  find(messageKeyIds: readonly string[]): Promise<PgpKeyRecord | null>;
}

/** Key ids per stored key version, so a message list does not ask the worker again. */
const cache = new WeakMap<PgpContext, Map<string, Promise<string[]>>>();

function idsOf(ctx: PgpContext, row: PgpKeyRecord): Promise<string[]> {
  let byKey = cache.get(ctx);
  if (!byKey) cache.set(ctx, (byKey = new Map()));
  const k = `${row.fingerprint}:${row.updatedAt}`;
  let ids = byKey.get(k);
  if (!ids) {
    ids = ctx.client.keyIds(row.armored).catch((err: unknown) => {
      byKey.delete(k);
      throw err;
    });
    byKey.set(k, ids);
  }
  return ids;
}

export function ownKeyFinder(ctx: PgpContext, rows?: readonly PgpKeyRecord[]): OwnKeyFinder {
  let own: Promise<PgpKeyRecord[]> | null = null;
  const ownKeys = () =>
    (own ??= (rows ? Promise.resolve([...rows]) : listPgpKeys(ctx.db)).then((all) =>
      all.filter((r) => r.kind === 'own').sort((a, b) => b.created - a.created),
    ));
  return {
    async find(messageKeyIds) {
      const wanted = new Set(messageKeyIds.map((id) => id.toLowerCase()));
      const keys = await ownKeys();
      for (const row of keys) {
        const ids = await idsOf(ctx, row);
        if (ids.some((id) => wanted.has(id))) return row;
      }
      return wanted.has(WILDCARD_KEY_ID) ? (keys[0] ?? null) : null;
    },
  };
}
