// CONTACTS-5: what the Contacts tool and the address-book picker do when they open — read
// the server's lists again. Offline, the copies kept in the book serve, without a word.
import { msg } from '@lit/localize';
import { SharedListError } from '../../state/contact-types.js';
import type { ContactService } from '../../state/contact-types.js';
import type { NoticeService } from '../../state/types.js';
import { reportError } from '../shared/errors.js';

/**
 * Whether the server keeps shared lists; their copies are refreshed meanwhile. A failure
 * other than being offline is told through `notices` when given (the picker stays quiet).
 */
export async function refreshSharedLists(
  service: ContactService,
  notices?: NoticeService,
): Promise<boolean> {
  let available = false;
  try {
    available = await service.sharedListsAvailable();
    if (available) await service.refreshSharedLists();
  } catch (err) {
    if (notices && !(err instanceof SharedListError && err.reason === 'offline'))
      reportError(
        notices,
        msg('Could not read the shared lists', { id: 'contacts.shared.readError' }),
        err,
      );
  }
  return available;
}
