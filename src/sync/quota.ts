// ACCOUNT-1, browser side: the server quota (RFC 9425 Quota/get through the proxy) as the
// storage meter shows it. The last answer is kept: offline, or when the server fails for
// a moment, the meter goes on showing what was last known instead of disappearing.
import type { Session } from '../protocol/jmap-core.js';
import type { Quota, QuotaGetResponse } from '../protocol/jmap-quota.js';
import { QUOTA_CAPABILITY } from '../protocol/jmap-quota.js';
import { MAIL_CAPABILITY } from '../protocol/jmap-mail.js';
import { ValueSubject } from '../state/subscribable.js';
import type { QuotaService, ServerQuota } from '../state/types.js';
import type { JmapClient } from './jmap-client.js';
import { MethodCallError } from './jmap-client.js';

/**
 * A refresh within this long of the last answer is skipped: the sync engine asks after
 * every sync (push can make that every few seconds), each costs the server a
 * GETQUOTAROOT, and usage that moved a few seconds ago is not worth one more.
 */
export const MIN_REFRESH_INTERVAL_MS = 15_000;

export interface QuotaServiceOptions {
  /** The clock (tests move it past MIN_REFRESH_INTERVAL_MS). */
  now?: () => number;
  /**
   * The first ask waits for this: the page's first sync pass. The proxy serves a session's
   * requests on one IMAP connection, so a quota asked at page start came before the first
   * sync's folder list (~60 ms of a first download's start).
   */
  notBefore?: () => Promise<void>;
}

/** A quota counts mail when it names `Mail`, or no type at all (RFC 9425 §5: all types). */
const countsMail = (q: Quota) => q.types.length === 0 || q.types.includes('Mail');

/** Of several quotas of one kind (several IMAP roots), the one closest to full. */
function tightest(list: readonly Quota[]): Quota | undefined {
  const fill = (q: Quota) => (q.hardLimit > 0 ? q.used / q.hardLimit : Infinity);
  return [...list].sort((a, b) => fill(b) - fill(a))[0];
}

/** RFC 9425 quotas → the meter's figures; null when the server sets no mail quota. */
export function toServerQuota(list: readonly Quota[]): ServerQuota | null {
  const mail = list.filter(countsMail);
  const octets = tightest(mail.filter((q) => q.resourceType === 'octets'));
  const count = tightest(mail.filter((q) => q.resourceType === 'count'));
  if (!octets && !count) return null;
  return {
    usedBytes: octets?.used ?? 0,
    limitBytes: octets?.hardLimit ?? null,
    usedMessages: count?.used ?? null,
    limitMessages: count?.hardLimit ?? null,
  };
}

/** The account quota belongs to, or null when the Session does not offer quota. */
function quotaAccount(session: Session): string | null {
  if (!(QUOTA_CAPABILITY in session.capabilities)) return null;
  return (
    session.primaryAccounts[QUOTA_CAPABILITY] ?? session.primaryAccounts[MAIL_CAPABILITY] ?? null
  );
}

export function createQuotaService(
  client: JmapClient,
  opts: QuotaServiceOptions = {},
): QuotaService {
  const now = opts.now ?? (() => Date.now());
  const value = new ValueSubject<ServerQuota | null>(null);
  let answeredAt: number | null = null;
  let inFlight: Promise<void> | null = null;

  let waited = false;

  async function ask(): Promise<void> {
    try {
      if (!waited && opts.notBefore) await opts.notBefore().catch(() => undefined);
      waited = true;
      const accountId = quotaAccount(await client.session());
      if (accountId === null) {
        value.set(null);
      } else {
        const got = await client.call<QuotaGetResponse>(
          'Quota/get',
          { accountId, ids: null },
          undefined,
          [QUOTA_CAPABILITY],
        );
        value.set(toServerQuota(got.list));
      }
      answeredAt = now();
    } catch (err) {
      // The server no longer serves quota: say so. Anything else (offline, signed out, a
      // failing server) keeps the last known figures; the next refresh tries again.
      if (err instanceof MethodCallError && err.type === 'unknownMethod') value.set(null);
    }
  }

  async function refresh(): Promise<void> {
    if (answeredAt !== null && now() - answeredAt < MIN_REFRESH_INTERVAL_MS) return;
    inFlight ??= ask().finally(() => (inFlight = null));
    return inFlight;
  }

  return {
    observeQuota() {
      // The first observer starts the first ask; later ones share its answer.
      if (answeredAt === null) void refresh();
      return value;
    },
    refresh,
  };
}
