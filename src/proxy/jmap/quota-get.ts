// Quota/get and Quota/changes (RFC 9425 §5) over IMAP GETQUOTAROOT INBOX (RFC 9208).
// Each quota root gives up to two JMAP quotas: STORAGE (KiB on the wire, octets in JMAP)
// and MESSAGE (a count). Other IMAP resources (MAILBOX, ANNOTATION-STORAGE) have no JMAP
// resource type and are left out.
import type { Quota, QuotaProperty } from '../../protocol/jmap-quota.js';
import { digest } from '../imap/ids.js';
import { quotaRoots } from '../imap/quota.js';
import type { ImapQuotaRoot } from '../imap/quota.js';
import { checkAccount, getIds, getProperties, getResponse } from './args.js';
import type { Args } from './args.js';
import type { JmapContext } from './context.js';
import { cannotCalculate, changesArgs, checkMax } from './mailbox-changes.js';

const QUOTA_PROPERTIES = [
  'id',
  'resourceType',
  'used',
  'hardLimit',
  'scope',
  'name',
  'types',
] as const satisfies readonly QuotaProperty[];

/** RFC 9208 §5.1: STORAGE is counted in units of 1024 octets. */
const OCTETS_PER_KIB = 1024;

/** Characters of the per-quota usage digest in a state string (see quotaState). */
const USED_DIGEST_CHARS = 4;

/** JMAP quotas of the IMAP roots; ids are stable for a root and resource. */
export function toQuotas(roots: readonly ImapQuotaRoot[]): Quota[] {
  const out: Quota[] = [];
  for (const { root, resources } of roots) {
    for (const r of resources) {
      const octets = r.name === 'STORAGE';
      if (!octets && r.name !== 'MESSAGE') continue;
      out.push({
        // `Q` + s/c + a digest of the root: an Id (RFC 8620 §1.2) whatever the root's name.
        id: `Q${octets ? 's' : 'c'}${digest('quota', root)}`,
        resourceType: octets ? 'octets' : 'count',
        used: octets ? r.usage * OCTETS_PER_KIB : r.usage,
        hardLimit: octets ? r.limit * OCTETS_PER_KIB : r.limit,
        // IMAP quota roots are the user's own (Dovecot: per user); a shared or domain root
        // cannot be told apart over IMAP.
        scope: 'account',
        name: root,
        types: ['Mail'],
      });
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The Quota state: `q`, a digest of everything but usage (ids, limits, names), then a
 * short digest of each quota's usage in id order. The state changes with any value, and
 * Quota/changes can tell from it alone — after a proxy restart too — which quotas' usage
 * moved; a change in anything else is `cannotCalculateChanges`.
 */
export function quotaState(quotas: readonly Quota[]): string {
  const shape = digest('quota-shape', JSON.stringify(quotas.map((q) => ({ ...q, used: 0 }))));
  const used = quotas.map((q) =>
    digest('quota-used', q.id, String(q.used)).slice(0, USED_DIGEST_CHARS),
  );
  return `q${shape}${used.join('')}`;
}

async function currentQuotas(ctx: JmapContext): Promise<Quota[]> {
  return toQuotas(await ctx.imap((client) => quotaRoots(client)));
}

export async function quotaGet(args: Args, ctx: JmapContext): Promise<Args> {
  checkAccount(args, ctx);
  const ids = getIds(args);
  const wanted = getProperties(args, QUOTA_PROPERTIES);
  const all = await currentQuotas(ctx);
  return getResponse(ctx, all, ids, wanted, quotaState(all));
}

export async function quotaChanges(args: Args, ctx: JmapContext): Promise<Args> {
  checkAccount(args, ctx);
  const { sinceState, maxChanges } = changesArgs(args);
  const quotas = await currentQuotas(ctx);
  const state = quotaState(quotas);
  const prefixLength = state.length - quotas.length * USED_DIGEST_CHARS;
  if (sinceState.length !== state.length || !sinceState.startsWith(state.slice(0, prefixLength))) {
    throw cannotCalculate('the quotas or their limits changed since this state: get them again');
  }
  const updated = quotas
    .filter((_q, i) => {
      const at = prefixLength + i * USED_DIGEST_CHARS;
      return (
        sinceState.slice(at, at + USED_DIGEST_CHARS) !== state.slice(at, at + USED_DIGEST_CHARS)
      );
    })
    .map((q) => q.id);
  checkMax(updated.length, maxChanges);
  return {
    accountId: ctx.accountId,
    oldState: sinceState,
    newState: state,
    hasMoreChanges: false,
    created: [],
    updated,
    destroyed: [],
    // RFC 9425 §5.2: only usage can differ here (anything else was refused above).
    updatedProperties: updated.length > 0 ? ['used'] : null,
  };
}
