// Email/set (RFC 8621 §4.6) over IMAP: keyword patches → UID STORE ±FLAGS, a mailboxIds
// patch → UID MOVE, destroy → \Deleted + UID EXPUNGE of just those UIDs. `create` is not
// served: the client builds MIME itself and uses Email/import (ARCHITECTURE § Wire
// protocol). Each item succeeds or fails on its own; an id the server no longer has is
// notFound (ARCHITECTURE § Sync: a delete on the server beats a local flag change).
import type { SetError } from '../../protocol/jmap-methods.js';
import { isId } from '../../protocol/primitives.js';
import type { ImapMailbox } from '../imap/mailboxes.js';
import { expungeUids, fetchHeld, moveUids, storeFlags } from '../imap/writes.js';
import { checkAccount } from './args.js';
import type { Args } from './args.js';
import type { JmapContext } from './context.js';
import { locate } from './email-index.js';
import { planEmailUpdate } from './email-patch.js';
import type { EmailChange } from './email-patch.js';
import {
  checkIfInState,
  emptyOutcome,
  parseSetArgs,
  setError,
  setErrorFromImap,
  setResponse,
} from './set-args.js';
import type { SetOutcome } from './set-args.js';
import { emailState } from './state.js';

type Op = { kind: 'update'; patch: unknown } | { kind: 'destroy' };

/** What one folder's work produced; merged into the outcome only once the work is done. */
interface FolderResult {
  /** Ids settled here, successfully or not; the rest were not at their indexed UID. */
  settled: Map<string, { ok: true } | { ok: false; error: SetError }>;
  /** Ids moved: where they are now. */
  moved: Map<string, { mailboxId: string; uid: number }>;
}

/** A planned update or destroy of one message that the server confirmed is at `uid`. */
interface Planned {
  id: string;
  uid: number;
  change: EmailChange | 'destroy';
}

/**
 * Applies the ops of the messages indexed in one folder, in one SELECT (read-write):
 * FETCH confirms each id is still at its UID and gives its flags, then STOREs, then
 * EXPUNGE of the destroyed, then MOVEs (flags travel with a moved message).
 */
async function applyInFolder(
  ctx: JmapContext,
  mailbox: ImapMailbox,
  items: readonly { id: string; uid: number; op: Op }[],
  mailboxes: readonly ImapMailbox[],
): Promise<FolderResult> {
  const known = new Set(mailboxes.filter((m) => m.selectable).map((m) => m.id));
  return ctx.imap(async (client, cache) => {
    const result: FolderResult = { settled: new Map(), moved: new Map() };
    const fail = (ids: readonly string[], error: SetError) => {
      for (const id of ids) result.settled.set(id, { ok: false, error });
    };
    let lock: Awaited<ReturnType<typeof client.getMailboxLock>>;
    try {
      lock = await client.getMailboxLock(mailbox.path, { readOnly: false });
    } catch (err) {
      // The folder went away since it was listed: its messages are located again.
      if ((err as { responseStatus?: string }).responseStatus === 'NO') return result;
      throw err;
    }
    try {
      const held = await fetchHeld(
        client,
        cache,
        items.map((i) => i.uid),
      );
      const planned: Planned[] = [];
      for (const { id, uid, op } of items) {
        const now = held.get(uid);
        if (now?.id !== id) continue; // moved or expunged meanwhile: located again later
        if (op.kind === 'destroy') {
          planned.push({ id, uid, change: 'destroy' });
          continue;
        }
        const plan = planEmailUpdate(now.flags, mailbox.id, op.patch, known);
        if (plan.ok) planned.push({ id, uid, change: plan.change });
        else fail([id], plan.error);
      }
      const alive = () => planned.filter((p) => !result.settled.has(p.id));
      // One STORE per distinct flag change: marking 200 messages read is one command.
      for (const operation of ['add', 'remove'] as const) {
        const groups = new Map<string, Planned[]>();
        for (const p of alive()) {
          if (p.change === 'destroy') continue;
          const flags = operation === 'add' ? p.change.addFlags : p.change.removeFlags;
          if (flags.length === 0) continue;
          const key = JSON.stringify([...flags].sort());
          groups.set(key, [...(groups.get(key) ?? []), p]);
        }
        for (const [key, group] of groups) {
          try {
            await storeFlags(
              client,
              group.map((p) => p.uid),
              operation,
              JSON.parse(key) as string[],
            );
          } catch (err) {
            fail(
              group.map((p) => p.id),
              setErrorFromImap(err),
            );
          }
        }
      }
      const destroyed = alive().filter((p) => p.change === 'destroy');
      try {
        await expungeUids(
          client,
          destroyed.map((p) => p.uid),
        );
      } catch (err) {
        fail(
          destroyed.map((p) => p.id),
          setErrorFromImap(err),
        );
      }
      const moves = new Map<string, Planned[]>();
      for (const p of alive()) {
        if (p.change === 'destroy' || p.change.moveTo === null) continue;
        moves.set(p.change.moveTo, [...(moves.get(p.change.moveTo) ?? []), p]);
      }
      for (const [target, group] of moves) {
        const destination = mailboxes.find((m) => m.id === target) as ImapMailbox;
        try {
          const uidMap = await moveUids(
            client,
            group.map((p) => p.uid),
            destination.path,
          );
          for (const p of group) {
            const uid = uidMap.get(p.uid);
            if (uid === undefined) {
              fail([p.id], setError('notFound', 'the message was removed on the server'));
            } else {
              result.moved.set(p.id, { mailboxId: target, uid });
            }
          }
        } catch (err) {
          fail(
            group.map((p) => p.id),
            setErrorFromImap(err),
          );
        }
      }
      for (const p of alive()) result.settled.set(p.id, { ok: true });
    } finally {
      lock.release();
    }
    return result;
  });
}

export async function emailSet(args: Args, ctx: JmapContext): Promise<Args> {
  checkAccount(args, ctx);
  const request = parseSetArgs(args);
  const old = emailState(await ctx.mailboxes(true));
  checkIfInState(request.ifInState, old.state);
  const outcome: SetOutcome = emptyOutcome();
  for (const creationId of Object.keys(request.create)) {
    outcome.notCreated[creationId] = setError(
      'forbidden',
      'Email/set cannot create mail here: upload the message and use Email/import',
    );
  }
  const ops = new Map<string, Op>();
  const destroying = new Set(request.destroy);
  for (const [id, patch] of Object.entries(request.update)) {
    if (!isId(id)) outcome.notUpdated[id] = setError('notFound', 'not an email id');
    else if (destroying.has(id))
      outcome.notUpdated[id] = setError('willDestroy', 'destroyed in the same call');
    else ops.set(id, { kind: 'update', patch });
  }
  for (const id of request.destroy) {
    if (isId(id)) ops.set(id, { kind: 'destroy' });
    else outcome.notDestroyed[id] = setError('notFound', 'not an email id');
  }

  // Indexed places first; ids not found where the index said are located once more with
  // the folders listed afresh (another client may have moved them), then are notFound.
  let todo = [...ops.keys()];
  for (const refresh of [false, true]) {
    if (todo.length === 0) break;
    const where = await locate(ctx, todo, refresh);
    const mailboxes = await ctx.mailboxes();
    const byFolder = new Map<string, { id: string; uid: number; op: Op }[]>();
    for (const id of todo) {
      const at = where.get(id);
      if (!at) continue;
      const item = { id, uid: at.uid, op: ops.get(id) as Op };
      byFolder.set(at.mailboxId, [...(byFolder.get(at.mailboxId) ?? []), item]);
    }
    for (const [mailboxId, items] of byFolder) {
      const mailbox = mailboxes.find((m) => m.id === mailboxId && m.selectable);
      if (!mailbox) continue;
      const result = await applyInFolder(ctx, mailbox, items, mailboxes);
      record(outcome, ops, result);
      await ctx.imap(async (_client, cache) => {
        for (const [id, done] of result.settled) {
          if (!done.ok) continue;
          const moved = result.moved.get(id);
          if (moved) cache.emails.set(id, moved);
          else if (ops.get(id)?.kind === 'destroy') cache.emails.delete(id);
        }
      });
    }
    todo = todo.filter((id) => !settledIn(outcome, id));
  }
  for (const id of todo) {
    const error = setError('notFound', 'the server no longer has this email');
    if (ops.get(id)?.kind === 'destroy') outcome.notDestroyed[id] = error;
    else outcome.notUpdated[id] = error;
  }

  // Listed afresh so later calls in this request see the change too.
  const now = emailState(await ctx.mailboxes(true));
  await ctx.imap(async (_client, cache) => {
    cache.rememberEmailState(old.state, old.snapshot);
    cache.rememberEmailState(now.state, now.snapshot);
  });
  return setResponse(ctx.accountId, old.state, now.state, outcome);
}

function record(outcome: SetOutcome, ops: ReadonlyMap<string, Op>, result: FolderResult): void {
  for (const [id, done] of result.settled) {
    const destroy = ops.get(id)?.kind === 'destroy';
    if (done.ok && destroy) outcome.destroyed.push(id);
    else if (done.ok) outcome.updated[id] = null;
    else if (destroy) outcome.notDestroyed[id] = done.error;
    else outcome.notUpdated[id] = done.error;
  }
}

function settledIn(outcome: SetOutcome, id: string): boolean {
  return (
    Object.hasOwn(outcome.updated, id) ||
    Object.hasOwn(outcome.notUpdated, id) ||
    outcome.destroyed.includes(id) ||
    Object.hasOwn(outcome.notDestroyed, id)
  );
}
