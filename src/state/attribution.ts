// The lines that introduce a quoted original (SEND-5/6), in the interface language.
import { msg, str } from '@lit/localize';
import type { AttributionText } from '../mail/reply.js';

function when(sentAt: number | null): string {
  if (sentAt === null) return msg('an unknown date', { id: 'reply.unknownDate' });
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(sentAt),
  );
}

export function attributionText(): AttributionText {
  return {
    wrote: (name, sentAt) => msg(str`On ${when(sentAt)}, ${name} wrote:`, { id: 'reply.wrote' }),
    forwarded: msg('-------- Forwarded message --------', { id: 'reply.forwarded' }),
    labels: {
      from: msg('From', { id: 'reply.from' }),
      date: msg('Date', { id: 'reply.date' }),
      subject: msg('Subject', { id: 'reply.subject' }),
      to: msg('To', { id: 'reply.to' }),
      cc: msg('Cc', { id: 'reply.cc' }),
    },
    date: when,
  };
}

/** SEND-11: the subject of a read receipt. */
export function receiptSubject(subject: string): string {
  return msg(str`Read: ${subject}`, { id: 'receipt.subject' });
}

/** SEND-11: the human-readable part of a read receipt (RFC 8098 §2.1 asks for one). */
export function receiptText(subject: string, when: string): string {
  return msg(
    str`Your message "${subject}" was displayed on ${when}. This does not guarantee that it was read or understood.`,
    { id: 'receipt.text' },
  );
}
