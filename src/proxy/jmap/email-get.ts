// Email/get (RFC 8621 §4.2), metadata only: one UID FETCH per folder holding requested
// ids. An id found at a UID that now holds another message (moved, expunged) sends the
// whole index to be rebuilt once; what is still missing is notFound.
import { EMAIL_METADATA_PROPERTIES } from '../../protocol/jmap-mail.js';
import type { Email } from '../../protocol/jmap-mail.js';
import type { EmailLocation } from '../imap/cache.js';
import { fetchMetadata, metadataItemsFor, type MetadataItems } from '../imap/messages.js';
import { checkAccount, getIds, getProperties, pick } from './args.js';
import type { Args } from './args.js';
import type { JmapContext } from './context.js';
import { inMailbox, locate } from './email-index.js';
import { MethodError } from './errors.js';
import { toEmail } from './email-convert.js';
import { emailState } from './state.js';

async function fetchAt(
  ctx: JmapContext,
  where: Map<string, EmailLocation>,
  want: MetadataItems,
): Promise<Map<string, Email>> {
  const mailboxes = await ctx.mailboxes();
  const byFolder = new Map<string, number[]>();
  for (const at of where.values())
    byFolder.set(at.mailboxId, [...(byFolder.get(at.mailboxId) ?? []), at.uid]);
  const found = new Map<string, Email>();
  for (const [mailboxId, uids] of byFolder) {
    const mailbox = mailboxes.find((m) => m.id === mailboxId);
    if (!mailbox) continue;
    const rows = await ctx.imap((client, cache) =>
      inMailbox(client, mailbox.path, () => fetchMetadata(client, cache, uids, want)),
    );
    for (const row of rows) {
      // The UID must still hold the message the index says: ids are checked, not trusted.
      if (where.get(row.id)?.uid === row.message.uid) found.set(row.id, toEmail(row, mailboxId));
    }
  }
  return found;
}

export async function emailGet(args: Args, ctx: JmapContext): Promise<Args> {
  checkAccount(args, ctx);
  const ids = getIds(args);
  if (ids === null) {
    throw new MethodError('requestTooLarge', 'Email/get needs "ids": page through Email/query');
  }
  const wanted = getProperties(args, EMAIL_METADATA_PROPERTIES);
  const { state, snapshot } = emailState(await ctx.mailboxes());
  const want = metadataItemsFor(wanted);
  let found = await fetchAt(ctx, await locate(ctx, ids), want);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    const again = await fetchAt(ctx, await locate(ctx, missing, true), want);
    found = new Map([...found, ...again]);
  }
  await ctx.imap(async (_c, cache) => cache.rememberEmailState(state, snapshot));
  return {
    accountId: ctx.accountId,
    state,
    list: ids.flatMap((id) => {
      const email = found.get(id);
      return email ? [pick(email, wanted)] : [];
    }),
    notFound: ids.filter((id) => !found.has(id)),
  };
}
