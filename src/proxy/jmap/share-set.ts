// Share/set (SHARED-1, SHARED-3, ADR 0013): create = SETACL with full rights on every
// folder for one person; destroy = DELETEACL for them on every folder. Folders made later
// take the INBOX's ACL on servers configured for it (Dovecot `acl_defaults_from_inbox`).
import { isJsonObject } from '../../protocol/json-pointer.js';
import { deleteAcl, FULL_RIGHTS, refuseGrantee, setAcl } from '../imap/acl.js';
import { checkAccount } from './args.js';
import type { Args } from './args.js';
import type { JmapContext } from './context.js';
import { MethodError } from './errors.js';
import { emptyOutcome, parseSetArgs, setError, setResponse } from './set-args.js';
import type { SetOutcome } from './set-args.js';
import {
  checkOwnAccount,
  currentShares,
  hasAcl,
  sharedPaths,
  shareIdOf,
  shareState,
} from './share-support.js';

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function grant(ctx: JmapContext, paths: readonly string[], address: string): Promise<void> {
  await ctx.imap(async (client) => {
    const done: string[] = [];
    try {
      for (const path of paths) {
        await setAcl(client, path, address, FULL_RIGHTS);
        done.push(path);
      }
    } catch (err) {
      // All folders or none: a half share would show some mail and hide the rest.
      for (const path of done) await deleteAcl(client, path, address).catch(() => undefined);
      throw err;
    }
  });
}

async function revoke(ctx: JmapContext, paths: readonly string[], address: string): Promise<void> {
  await ctx.imap(async (client) => {
    let failed: unknown = null;
    // Every folder is tried even when one fails: as much as possible stops at once.
    for (const path of paths) {
      await deleteAcl(client, path, address).catch((err: unknown) => (failed ??= err));
    }
    if (failed !== null) throw failed;
  });
}

export async function shareSet(args: Args, ctx: JmapContext): Promise<Args> {
  checkAccount(args, ctx);
  checkOwnAccount(ctx);
  const request = parseSetArgs(args);
  if (Object.keys(request.update).length > 0) {
    throw new MethodError('invalidArguments', 'a share has nothing to update');
  }
  const paths = sharedPaths(await ctx.mailboxes(true));
  const own = ctx.session.username;
  const read = () =>
    ctx.imap(async (client) => {
      if (!hasAcl(client))
        throw new MethodError('forbidden', 'the mail server cannot share (no IMAP ACL)');
      return currentShares(client, paths, own);
    });
  const before = await read();
  const oldState = shareState(before);
  if (request.ifInState !== null && request.ifInState !== oldState) {
    throw new MethodError('stateMismatch', 'the shares changed since "ifInState"');
  }
  const outcome: SetOutcome = emptyOutcome();
  for (const [creationId, value] of Object.entries(request.create)) {
    const address = isJsonObject(value) ? value['address'] : undefined;
    const extra = isJsonObject(value) ? Object.keys(value).filter((k) => k !== 'address') : [];
    if (typeof address !== 'string' || extra.length > 0) {
      outcome.notCreated[creationId] = setError('invalidProperties', 'a share is { address }', [
        'address',
        ...extra,
      ]);
      continue;
    }
    const refused = refuseGrantee(address, own);
    if (refused !== null) {
      outcome.notCreated[creationId] = setError('invalidProperties', refused, ['address']);
      continue;
    }
    const trimmed = address.trim();
    try {
      await grant(ctx, paths, trimmed);
      outcome.created[creationId] = { id: shareIdOf(trimmed), address: trimmed };
    } catch (err) {
      outcome.notCreated[creationId] = setError(
        'forbidden',
        `the mail server refused: ${describe(err)}`,
      );
    }
  }
  for (const id of request.destroy) {
    const share = before.find((s) => s.id === id);
    if (!share) {
      outcome.notDestroyed[id] = setError('notFound', 'no such share');
      continue;
    }
    try {
      await revoke(ctx, paths, share.address);
      outcome.destroyed.push(id);
    } catch (err) {
      outcome.notDestroyed[id] = setError('forbidden', `the mail server refused: ${describe(err)}`);
    }
  }
  const newState = shareState(await read());
  return setResponse(ctx.accountId, oldState, newState, outcome);
}
