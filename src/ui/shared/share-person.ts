// Who a mailbox (SHARED-1) or a contact list (CONTACTS-5) can be shared with: one person,
// by their address, never everybody and never oneself. The two share dialogs add their own
// rules (already shared, how many) after these.
import { msg } from '@lit/localize';
import { checkShareAddress } from '../../protocol/jmap-share.js';

/** Identifiers that name everybody or a role, never one person (RFC 4314 §2). */
const NOT_A_PERSON = new Set(['anyone', 'authenticated', 'owner', 'anonymous']);

/** Why `value` (trimmed) names no one to share with, in the user's language, or ''. */
export function personRefusal(value: string, ownAddress: string): string {
  if (value === '')
    return msg('Type the address of the person to share with.', { id: 'share.error.empty' });
  if (NOT_A_PERSON.has(value.toLowerCase()))
    return msg('Share with one person at a time, by their address.', {
      id: 'share.error.everyone',
    });
  if (checkShareAddress(value) !== null)
    return msg('This is not a valid address.', { id: 'share.error.invalid' });
  if (value.toLowerCase() === ownAddress.trim().toLowerCase())
    return msg('That is your own address.', { id: 'share.error.self' });
  return '';
}
