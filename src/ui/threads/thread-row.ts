import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { ThreadRow } from '../../state/types.js';
import { formatFullDate, formatShortDate } from '../shared/format.js';
import { icons } from '../shared/icons.js';

/**
 * Senders named on a thread row: a row has room for a few, and the ThreadRow keeps the
 * first eight anyway; the rest show as "+n".
 */
export const SHOWN_PARTICIPANTS = 3;

/** "Ann, Bob, Carl +2": the first senders by their names (text only), in writing order. */
export function participantsLabel(row: ThreadRow): string {
  const names = row.participants.map((p) => p.name || p.address);
  const shown = names.slice(0, SHOWN_PARTICIPANTS).join(', ');
  const more = names.length - SHOWN_PARTICIPANTS;
  return more > 0 ? `${shown} +${more}` : shown;
}

/**
 * A thread row's cells (THREAD-1), as text only: participants, a count badge when there
 * is more than one message, flag and attachment marks, the subject and the newest
 * activity's date. Bold (the list's `.unread`) when any message here is unread.
 */
export function renderThreadRowContent(row: ThreadRow, compact: boolean) {
  const who = participantsLabel(row) || msg('(no sender)', { id: 'list.noSender' });
  const whoTitle = row.participants
    .map((a) => (a.name ? `${a.name} <${a.address}>` : a.address))
    .join(', ');
  const subject = row.subject || msg('(no subject)', { id: 'list.noSubject' });
  const count =
    row.count > 1
      ? html`<span
          class="thread-count"
          data-testid="thread-count"
          title=${msg(str`${row.count} messages`, { id: 'threads.count' })}
          >${row.count}</span
        >`
      : nothing;
  const marks =
    row.flagged || row.hasAttachment
      ? html`<span class="marks"
          >${
            row.flagged
              ? html`<span
                  class="flag"
                  data-testid="mark-flagged"
                  title=${msg('Flagged', { id: 'threads.flagged' })}
                  >★</span
                >`
              : nothing
          }${
            row.hasAttachment
              ? html`<span
                  class="clip"
                  title=${msg('Has attachments', { id: 'list.hasAttachment' })}
                  >${icons.paperclip}</span
                >`
              : nothing
          }</span
        >`
      : nothing;
  const date = html`<time
    class="date"
    datetime=${new Date(row.latestAt).toISOString()}
    title=${formatFullDate(row.latestAt)}
    >${formatShortDate(row.latestAt)}</time
  >`;
  const status = html`<span class="visually-hidden"
    >${row.unread ? msg('Unread', { id: 'list.unread' }) + ', ' : ''}${
      row.count > 1
        ? msg(str`conversation of ${row.count} messages`, { id: 'threads.countLong' }) + ', '
        : ''
    }</span
  >`;
  if (compact) {
    return html`${status}${marks}<bdi class="who" title=${whoTitle}>${who}</bdi>${count}<bdi
        class="subject"
        >${subject}</bdi
      >${date}`;
  }
  return html`${status}
    <div class="line1"><bdi class="who" title=${whoTitle}>${who}</bdi>${count}${date}</div>
    <div class="line2">${marks}<bdi class="subject">${subject}</bdi></div>`;
}
