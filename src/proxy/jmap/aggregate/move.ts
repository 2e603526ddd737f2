// Moving a message to another account (ADR 0016): two servers cannot MOVE between them, so
// the proxy copies — the exact bytes, INTERNALDATE and keywords — into the target folder,
// then destroys the original, as Thunderbird does. The message gets the target's id: the
// client sees the old id destroyed and the new one created at its next /changes.
import type { SetError } from '../../../protocol/jmap-methods.js';
import { keywordToImapFlag } from '../../../protocol/keywords.js';
import { appendMessage } from '../../imap/append.js';
import { fetchSources } from '../../imap/messages.js';
import { ImapRefusedError } from '../../imap/writes.js';
import type { Args } from '../args.js';
import { inMailbox, locate } from '../email-index.js';
import { emailGet } from '../email-get.js';
import { emailSet } from '../email-set.js';
import { setError, setErrorFromImap } from '../set-args.js';
import type { Backend } from './backends.js';
import { argsFor } from './backends.js';

/** The keywords after the patch's keyword entries (`keywords` or `keywords/<k>`). */
function patchedKeywords(current: Record<string, true>, patch: Args): Record<string, true> {
  let out = new Map(Object.keys(current).map((k) => [k, true as const]));
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'keywords') {
      out = new Map(
        Object.keys((value as Record<string, true> | null) ?? {}).map((k) => [k, true]),
      );
    } else if (key.startsWith('keywords/')) {
      const keyword = key.slice('keywords/'.length).replace(/~1/g, '/').replace(/~0/g, '~');
      if (value === true) out.set(keyword, true);
      else out.delete(keyword);
    }
  }
  return Object.fromEntries(out);
}

async function sourceOf(from: Backend, id: string): Promise<Buffer | null> {
  const at = (await locate(from.ctx, [id])).get(id);
  const mailbox = at && (await from.ctx.mailboxes()).find((m) => m.id === at.mailboxId);
  if (!at || !mailbox) return null;
  const rows = await from.ctx.imap((client, cache) =>
    inMailbox(client, mailbox.path, () => fetchSources(client, cache, [at.uid])),
  );
  return rows.find((r) => r.id === id)?.source ?? null;
}

/** Copies `id` of `from` into `mailboxId` of `to`, then destroys it in `from`. */
export async function moveAcross(
  from: Backend,
  id: string,
  to: Backend,
  mailboxId: string,
  patch: Args,
): Promise<{ ok: true } | { ok: false; error: SetError }> {
  const got = await emailGet(
    argsFor(from, {}, { ids: [id], properties: ['keywords', 'receivedAt'] }),
    from.ctx,
  );
  const email = (got['list'] as Args[])[0];
  const bytes = email ? await sourceOf(from, id) : null;
  if (!email || !bytes) return { ok: false, error: setError('notFound', 'the message is gone') };
  const target = (await to.ctx.mailboxes()).find((m) => m.id === mailboxId && m.selectable);
  if (!target)
    return { ok: false, error: setError('invalidProperties', 'no such folder', ['mailboxIds']) };
  const keywords = patchedKeywords((email['keywords'] as Record<string, true>) ?? {}, patch);
  const flags = Object.keys(keywords).flatMap((k) => keywordToImapFlag(k) ?? []);
  const receivedAt = typeof email['receivedAt'] === 'string' ? new Date(email['receivedAt']) : null;
  try {
    await to.ctx.imap((client, cache) =>
      appendMessage(client, cache, target.path, bytes, flags, receivedAt),
    );
  } catch (err) {
    if (err instanceof ImapRefusedError) return { ok: false, error: setErrorFromImap(err) };
    throw err;
  }
  const removed = await emailSet(argsFor(from, {}, { destroy: [id] }), from.ctx);
  const refused = (removed['notDestroyed'] as Record<string, SetError> | null)?.[id];
  if (refused) {
    // The copy is there; the original stays too. Said plainly rather than hidden.
    return {
      ok: false,
      error: setError(
        'forbidden',
        `copied, but the original could not be removed: ${refused.description ?? refused.type}`,
      ),
    };
  }
  return { ok: true };
}
