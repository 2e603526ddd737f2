import { msg, str } from '@lit/localize';
import { LinksNeedNetworkError, MessageTooLargeError } from '../../state/compose-errors.js';
import { formatSize } from '../shared/format.js';
import { pgpErrorText } from './pgp/pgp-text.js';

/**
 * A composer error as the user reads it: the typed errors of Send and Save (SEND-12,
 * SEND-15, PGP-2/3) in words of their own, anything else by its message. One place, so
 * every composer part that can fail says the same thing for the same failure.
 */
export function errorText(err: unknown): string {
  if (err instanceof LinksNeedNetworkError) {
    return msg(
      'Sending files as links needs a connection. Send them as attachments, or try again when you are online.',
      { id: 'compose.linksOffline' },
    );
  }
  if (err instanceof MessageTooLargeError) {
    return msg(
      str`This message is ${formatSize(err.size)}; this account sends at most ${formatSize(err.limit)}. Remove some attachments.`,
      { id: 'compose.tooLarge' },
    );
  }
  return pgpErrorText(err) ?? (err instanceof Error ? err.message : String(err));
}

/** ATTACH-1: a file that could not be read, and why. */
export function fileUnreadableText(err: unknown): string {
  return msg(str`Could not read the file: ${errorText(err)}`, { id: 'compose.fileUnreadable' });
}

/** SEND-4: an inline image over the limit still goes, but the user hears it is heavy. */
export function heavyImageText(name: string, bytes: number): string {
  return msg(
    str`${name} is ${formatSize(bytes)}: heavy for a picture in a message. Recipients on a slow connection wait for it.`,
    { id: 'compose.heavyImage' },
  );
}

/** SEND-14: "Attach my card" with My card still empty. */
export function noMyCardText(): string {
  return msg('Fill in My card under Contacts first: it is what this attaches.', {
    id: 'compose.noMyCard',
  });
}
