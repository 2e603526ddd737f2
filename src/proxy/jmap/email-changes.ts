// Email/changes (RFC 8621 §4.3, RFC 8620 §5.2) from the per-folder mod-sequences behind a
// remembered Email state (ADR 0010 § Changes): per changed folder one
// `UID FETCH 1:* … (CHANGEDSINCE m VANISHED)`; ids keep their identity across folders, so
// an id that vanished from one folder and appeared in another was moved (`updated`).
import type { IndexRow, SessionCache, StateSnapshot } from '../imap/cache.js';
import { changedSince, inRanges } from '../imap/changes.js';
import type { ImapMailbox } from '../imap/mailboxes.js';
import { checkAccount } from './args.js';
import type { Args } from './args.js';
import type { JmapContext } from './context.js';
import { inMailbox, rowsOf } from './email-index.js';
import { cannotCalculate, changesArgs, checkMax } from './mailbox-changes.js';
import { emailState } from './state.js';

interface Collected {
  /** Id → where it is now, for every message added or changed since the old state. */
  seen: Map<string, { mailboxId: string; uid: number }>;
  /** Id → the folder it vanished from. */
  vanished: Map<string, string>;
  /** Ids that existed (in some folder) at the old state. */
  knownBefore: Set<string>;
}

/** Ids that were in a folder since deleted: every UID the session saw there. */
function goneFolder(cache: SessionCache, mailboxId: string, uidValidity: bigint, out: Collected) {
  const history = cache.uidHistory.get(mailboxId);
  if (!history || history.uidValidity !== uidValidity) {
    // Never indexed: fine only if a remembered Mailbox state shows it empty at that point.
    const empty = [...cache.mailboxStates.values()].some((s) => {
      const facts = s.get(mailboxId);
      return facts?.uidValidity === uidValidity && facts.messages === 0;
    });
    if (!empty) throw cannotCalculate('a deleted folder was never indexed: resync');
    return;
  }
  for (const { id } of history.uids.values()) {
    out.vanished.set(id, mailboxId);
    out.knownBefore.add(id);
  }
}

/** Fetches one folder's changes since `since`, folds them into `out` and into the cache. */
async function changedFolder(
  ctx: JmapContext,
  mailbox: ImapMailbox,
  since: bigint,
  out: Collected,
): Promise<void> {
  await ctx.imap(async (client, cache) => {
    const { changed, vanished } = await inMailbox(client, mailbox.path, () =>
      changedSince(client, cache, since),
    );
    const history = cache.uidHistory.get(mailbox.id);
    const uids = history?.uidValidity === mailbox.uidValidity ? history.uids : new Map();
    for (const row of changed) {
      out.seen.set(row.id, { mailboxId: mailbox.id, uid: row.uid });
      const was = uids.get(row.uid);
      if (was?.id === row.id && was.seenAt <= since) out.knownBefore.add(row.id);
    }
    for (const [uid, { id }] of uids) {
      if (inRanges(uid, vanished)) out.vanished.set(id, mailbox.id);
    }
    applyToRows(cache, mailbox, since, changed, vanished);
  });
}

/** Keeps the folder's rows current in place, when they were at least as new as `since`. */
function applyToRows(
  cache: SessionCache,
  mailbox: ImapMailbox,
  since: bigint,
  changed: IndexRow[],
  vanished: [number, number][],
): void {
  const listing = { uidValidity: mailbox.uidValidity, highestModseq: mailbox.highestModseq };
  const rows = cache.rows.get(mailbox.id);
  if (!rows || rows.uidValidity !== mailbox.uidValidity || rows.highestModseq < since) {
    // Too old to patch: rowsOf() re-indexes on demand; the history still learns the UIDs.
    cache.recordRows(mailbox.id, { ...listing, rows: changed });
    return;
  }
  const changedUids = new Set(changed.map((r) => r.uid));
  const kept = rows.rows.filter((r) => !changedUids.has(r.uid) && !inRanges(r.uid, vanished));
  cache.rows.set(mailbox.id, { ...listing, rows: [...kept, ...changed] });
}

/** An id that vanished from `from` but the (current) index holds elsewhere was not destroyed. */
function livesElsewhere(
  cache: SessionCache,
  id: string,
  from: string,
  current: ReadonlyMap<string, ImapMailbox>,
): boolean {
  const at = cache.emails.get(id);
  if (!at || at.mailboxId === from) return false;
  const rows = cache.rows.get(at.mailboxId);
  const mailbox = current.get(at.mailboxId);
  return (
    mailbox !== undefined &&
    rows?.highestModseq === mailbox.highestModseq &&
    rows.rows.some((r) => r.uid === at.uid && r.id === id)
  );
}

async function collect(
  ctx: JmapContext,
  before: StateSnapshot,
  mailboxes: readonly ImapMailbox[],
): Promise<Collected> {
  const out: Collected = { seen: new Map(), vanished: new Map(), knownBefore: new Set() };
  const current = new Map(mailboxes.filter((m) => m.selectable).map((m) => [m.id, m]));
  for (const [mailboxId, then] of before) {
    const mailbox = current.get(mailboxId);
    if (!mailbox) {
      await ctx.imap(async (_c, cache) => goneFolder(cache, mailboxId, then.uidValidity, out));
      continue;
    }
    if (mailbox.uidValidity !== then.uidValidity)
      throw cannotCalculate(`UIDVALIDITY of ${JSON.stringify(mailbox.name)} changed: resync`);
    if (mailbox.highestModseq === then.highestModseq) continue;
    if (then.highestModseq === 0n) throw cannotCalculate('the server has no mod-sequences');
    await changedFolder(ctx, mailbox, then.highestModseq, out);
  }
  // Folders that appeared since: everything in them is new here.
  for (const mailbox of current.values()) {
    if (before.has(mailbox.id)) continue;
    for (const row of await rowsOf(ctx, mailbox))
      out.seen.set(row.id, { mailboxId: mailbox.id, uid: row.uid });
  }
  return out;
}

export async function emailChanges(args: Args, ctx: JmapContext): Promise<Args> {
  checkAccount(args, ctx);
  const { sinceState, maxChanges } = changesArgs(args);
  const mailboxes = await ctx.mailboxes();
  const { state: newState, snapshot } = emailState(mailboxes);
  const before = await ctx.imap(async (_c, cache) => cache.emailStates.get(sinceState));
  if (!before) throw cannotCalculate('this Email state is unknown to the session: resync');

  const { seen, vanished, knownBefore } = await collect(ctx, before, mailboxes);
  const current = new Map(mailboxes.map((m) => [m.id, m]));
  const created: string[] = [];
  const updated: string[] = [];
  const destroyed: string[] = [];
  await ctx.imap(async (_c, cache) => {
    for (const [id, at] of seen) {
      cache.emails.set(id, at);
      (vanished.has(id) || knownBefore.has(id) ? updated : created).push(id);
    }
    for (const [id, from] of vanished) {
      if (seen.has(id) || livesElsewhere(cache, id, from, current)) continue;
      cache.emails.delete(id);
      destroyed.push(id);
    }
  });
  checkMax(created.length + updated.length + destroyed.length, maxChanges);
  await ctx.imap(async (_c, cache) => cache.rememberEmailState(newState, snapshot));
  return {
    accountId: ctx.accountId,
    oldState: sinceState,
    newState,
    hasMoreChanges: false,
    created,
    updated,
    destroyed,
  };
}
