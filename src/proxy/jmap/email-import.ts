// Email/import (RFC 8621 §4.8) over IMAP: each blob (an upload, or an existing email's
// blob) is APPENDed to its one folder with flags from `keywords` and INTERNALDATE from
// `receivedAt`. The id answered comes from the appended message itself (APPENDUID, then
// X-GUID), so it is the id Email/get, Email/query and Email/changes give it afterwards.
import type { SetError } from '../../protocol/jmap-methods.js';
import { appendMessage } from '../imap/append.js';
import { ImapRefusedError } from '../imap/writes.js';
import { fetchSource } from '../imap/messages.js';
import { checkAccount } from './args.js';
import type { Args } from './args.js';
import type { JmapContext } from './context.js';
import { inMailbox, locate } from './email-index.js';
import { messageProblem, parseImportArgs, planImport } from './email-import-args.js';
import type { PlannedImport } from './email-import-args.js';
import { MethodError } from './errors.js';
import {
  checkIfInState,
  emptyOutcome,
  setError,
  setErrorFromImap,
  setResponse,
} from './set-args.js';
import { emailState } from './state.js';

/** The bytes of a blob this account can read: an upload of this session, or an email. */
async function blobBytes(ctx: JmapContext, blobId: string): Promise<Buffer | null> {
  const upload = ctx.upload(blobId);
  if (upload) return upload.bytes;
  for (const refresh of [false, true]) {
    const where = (await locate(ctx, [blobId], refresh)).get(blobId);
    const mailbox = where && (await ctx.mailboxes()).find((m) => m.id === where.mailboxId);
    if (!where || !mailbox) continue;
    const row = await ctx.imap((client, cache) =>
      inMailbox(client, mailbox.path, () => fetchSource(client, cache, where.uid)),
    );
    if (row?.id === blobId) return row.source;
  }
  return null;
}

/** An APPEND refused with NO, as the SetError RFC 8621 §4.8 names for it. */
function importErrorFromImap(err: unknown): SetError {
  if (err instanceof ImapRefusedError) {
    switch (err.code) {
      case 'TRYCREATE':
      case 'NONEXISTENT':
        return setError('invalidProperties', 'the mailbox no longer exists', ['mailboxIds']);
      case 'LIMIT':
      case 'TOOBIG':
        return setError('tooLarge', 'the mail server does not take a message this large');
      case 'PARSE':
        return setError('invalidEmail', 'the mail server could not parse the message');
    }
  }
  return setErrorFromImap(err);
}

type Imported = { ok: true; created: Record<string, unknown> } | { ok: false; error: SetError };

async function importOne(ctx: JmapContext, plan: PlannedImport): Promise<Imported> {
  const bytes = await blobBytes(ctx, plan.blobId);
  if (bytes === null) {
    const error = setError('blobNotFound', 'no such blob (uploads expire after an hour)');
    return { ok: false, error: { ...error, notFound: [plan.blobId] } };
  }
  const problem = messageProblem(bytes);
  if (problem !== null) return { ok: false, error: setError('invalidEmail', problem) };
  const mailbox = (await ctx.mailboxes()).find((m) => m.id === plan.mailboxId);
  if (!mailbox) return { ok: false, error: setError('invalidProperties', 'no such mailbox') };
  let appended;
  try {
    appended = await ctx.imap(async (client, cache) => {
      const done = await appendMessage(
        client,
        cache,
        mailbox.path,
        bytes,
        plan.flags,
        plan.receivedAt,
      );
      // Where the new id lives, so an Email/get in this same request finds it in one FETCH.
      if (done.id !== null && done.uid !== null)
        cache.emails.set(done.id, { mailboxId: mailbox.id, uid: done.uid });
      return done;
    });
  } catch (err) {
    return { ok: false, error: importErrorFromImap(err) };
  }
  if (appended.id === null) {
    // Stored, but the server said not where (no UIDPLUS, no EXISTS): a retry would
    // duplicate it, so the whole call fails and the client resyncs.
    throw new MethodError('serverFail', 'the message was stored but the server did not say where');
  }
  const upload = ctx.upload(plan.blobId);
  if (upload) upload.imported = true;
  // Blob and thread ids are the email id in this facade (ADR 0010).
  const { id, size } = appended;
  return { ok: true, created: { id, blobId: id, threadId: id, size } };
}

export async function emailImport(args: Args, ctx: JmapContext): Promise<Args> {
  checkAccount(args, ctx);
  const request = parseImportArgs(args);
  const old = emailState(await ctx.mailboxes(true));
  checkIfInState(request.ifInState, old.state);
  const known = new Set((await ctx.mailboxes()).filter((m) => m.selectable).map((m) => m.id));
  const outcome = emptyOutcome();
  for (const [creationId, item] of Object.entries(request.emails)) {
    const checked = planImport(item, known);
    const result = checked.ok ? await importOne(ctx, checked.plan) : checked;
    if (result.ok) outcome.created[creationId] = result.created;
    else outcome.notCreated[creationId] = result.error;
  }
  // Listed afresh so later calls in this request see the new messages.
  const now = emailState(await ctx.mailboxes(true));
  await ctx.imap(async (_client, cache) => {
    cache.rememberEmailState(old.state, old.snapshot);
    cache.rememberEmailState(now.state, now.snapshot);
  });
  const { created, notCreated } = setResponse(ctx.accountId, old.state, now.state, outcome);
  return {
    accountId: ctx.accountId,
    oldState: old.state,
    newState: now.state,
    created,
    notCreated,
  };
}
