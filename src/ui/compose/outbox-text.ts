import { msg, str } from '@lit/localize';
import type { OutboxItem } from '../../state/types.js';

/** An Outbox item's state in words (SEND-13), the failure's reason included. */
export function outboxStateText(item: OutboxItem): string {
  switch (item.state) {
    case 'waiting':
      return msg('Waiting to send', { id: 'outbox.waiting' });
    case 'queued':
      return msg('Waiting for the network', { id: 'outbox.queued' });
    case 'sending':
      return msg('Sending…', { id: 'outbox.sending' });
    case 'failed': {
      const why = item.error ?? msg('unknown error', { id: 'outbox.unknownError' });
      return msg(str`Failed: ${why}`, { id: 'outbox.failed' });
    }
    case 'sent':
      // SEND-8/9: the sentence says who was not reached (already in the interface language).
      return item.error ?? msg('Sent', { id: 'outbox.sent' });
  }
}

/** The messages still to go: what the "Outbox (n)" button counts. */
export function unsentCount(items: readonly OutboxItem[] | undefined): number {
  return (items ?? []).filter((i) => i.state !== 'sent').length;
}
