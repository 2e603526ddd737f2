// SPAM-2: what the list toolbar's "Spam" / "Not spam" does, loaded on the first click (out
// of the start-up bundle): the mark through the SpamService and the notice after it.
import { msg, str } from '@lit/localize';
import type { SpamServiceLoader } from '../../state/spam-types.js';
import type { NoticeService } from '../../state/types.js';
import { need, reportError } from '../shared/errors.js';

export async function markSelection(
  loader: SpamServiceLoader | undefined,
  notices: NoticeService | undefined,
  ids: readonly string[],
  spam: boolean,
): Promise<void> {
  if (!ids.length) return;
  try {
    const service = await need(loader, 'spam service')();
    const { marked } = spam ? await service.markSpam(ids) : await service.markNotSpam(ids);
    if (!marked) return;
    notices?.notify(
      'info',
      spam
        ? marked === 1
          ? msg('Marked as spam and moved to Spam.', { id: 'spam.markedOne' })
          : msg(str`${marked} messages marked as spam and moved to Spam.`, { id: 'spam.marked' })
        : marked === 1
          ? msg('Marked as not spam and moved to the Inbox.', { id: 'spam.notSpamOne' })
          : msg(str`${marked} messages marked as not spam and moved to the Inbox.`, {
              id: 'spam.notSpamMany',
            }),
    );
  } catch (err) {
    reportError(
      notices,
      spam
        ? msg('Could not mark as spam', { id: 'error.spam' })
        : msg('Could not mark as not spam', { id: 'error.notSpam' }),
      err,
    );
  }
}
