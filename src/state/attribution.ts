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
