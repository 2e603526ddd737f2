// A synced message as the sync engine hands it to the store: the fields the store tests
// do not care about filled with plain values.
import type { ServerEmail } from '../../src/store/sync/server-types.js';

export function serverEmail(id: string, mailboxId: string, seen = false): ServerEmail {
  return {
    id,
    blobId: `blob-${id}`,
    threadId: `t-${id}`,
    mailboxId,
    keywords: seen ? { $seen: true } : {},
    size: 100,
    receivedAt: 1_000,
    messageId: `${id}@example.org`,
    inReplyTo: null,
    references: [],
    from: [{ name: 'Ann', address: 'ann@example.org' }],
    to: [],
    cc: [],
    subject: id,
    sentAt: 1_000,
    hasAttachment: false,
    preview: '',
  };
}
