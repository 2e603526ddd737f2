import { html, nothing } from 'lit';
import { msg } from '@lit/localize';
import type { MailAddress } from '../../mail/types.js';
import type { MessageRow, SearchSnippet } from '../../state/types.js';
import { renderSegments } from '../search/highlight.js';
import { formatFullDate, formatShortDate, formatSize } from '../shared/format.js';
import { icons } from '../shared/icons.js';

/** X-Priority 1 and 2 are "highest" and "high": shown with a red "!" (SEND-10). */
const HIGH_PRIORITY_MAX = 2;

export function addressLabel(list: readonly MailAddress[]): string {
  const first = list[0];
  if (!first) return '';
  const name = first.name || first.address;
  return list.length > 1 ? `${name} +${list.length - 1}` : name;
}

/**
 * A row's cells, as text only (no mail data ever becomes HTML). A found message (SEARCH-6)
 * shows its highlighted subject and a one-line snippet of its body.
 */
export function renderRowContent(
  row: MessageRow,
  showTo: boolean,
  compact: boolean,
  found?: SearchSnippet,
) {
  const who =
    addressLabel(showTo ? row.to : row.from) || msg('(no sender)', { id: 'list.noSender' });
  const whoTitle = (showTo ? row.to : row.from)
    .map((a) => (a.name ? `${a.name} <${a.address}>` : a.address))
    .join(', ');
  // The list is sorted by receivedAt (the Date header when sane, else arrival), so it shows that.
  const when = row.receivedAt;
  const subject = found?.subject.length
    ? renderSegments(found.subject)
    : row.subject || msg('(no subject)', { id: 'list.noSubject' });
  const snippet = found?.body.length
    ? html`<bdi class="snippet" dir="auto" data-testid="search-snippet"
        >${renderSegments(found.body)}</bdi
      >`
    : nothing;
  const marks = html`${
    row.answered
      ? html`<span
          class="done"
          data-testid="mark-answered"
          title=${msg('Answered', { id: 'list.answered' })}
          >${icons.reply}</span
        >`
      : nothing
  }${
    row.forwarded
      ? html`<span
          class="done"
          data-testid="mark-forwarded"
          title=${msg('Forwarded', { id: 'list.forwarded' })}
          >${icons.forward}</span
        >`
      : nothing
  }${
    row.priority <= HIGH_PRIORITY_MAX
      ? html`<span class="prio" title=${msg('High priority', { id: 'list.highPriority' })}>!</span>`
      : nothing
  }${
    row.hasAttachment
      ? html`<span class="clip" title=${msg('Has attachments', { id: 'list.hasAttachment' })}
          >${icons.paperclip}</span
        >`
      : nothing
  }${
    row.warnings.length
      ? html`<span class="warn" title=${msg('Suspicious headers', { id: 'list.warning' })}
          >${icons.warning}</span
        >`
      : nothing
  }`;
  const hasMarks =
    row.answered ||
    row.forwarded ||
    row.priority <= HIGH_PRIORITY_MAX ||
    row.hasAttachment ||
    row.warnings.length > 0;
  const date = html`<time
    class="date"
    datetime=${new Date(when).toISOString()}
    title=${formatFullDate(when)}
    >${formatShortDate(when)}</time
  >`;
  const status = row.seen
    ? nothing
    : html`<span class="visually-hidden">${msg('Unread', { id: 'list.unread' })}, </span>`;
  // TAG-1, COMMENT-1: the row's tags and comment icon, live (defined after the first paint).
  const tagged = html`<bz-row-marks .emailId=${row.id}></bz-row-marks>`;
  if (compact) {
    return html`${status}<span class="marks">${marks}</span
      ><bdi class="who" title=${whoTitle}>${who}</bdi
      >${tagged}<bdi class="subject">${subject}</bdi>${snippet}${date}`;
  }
  return html`${status}
    <div class="line1">
      <bdi class="who" title=${whoTitle}>${who}</bdi
      ><span class="size">${formatSize(row.size)}</span>${date}
    </div>
    <div class="line2">
      ${hasMarks ? html`<span class="marks">${marks}</span>` : nothing}${tagged}<bdi
        class="subject"
        >${subject}</bdi
      >
    </div>
    ${found ? html`<div class="line3">${snippet}</div>` : nothing}`;
}
