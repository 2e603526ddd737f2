// ARCHIVE-2: the archive viewer's table of entries: a checkbox to pick each for import,
// folder, sender, subject (a button that reads it) and date. Mail data is text only.
import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { ArchiveEntry, OpenedArchive } from '../../state/types.js';
import { addressLabel } from '../list/message-row.js';
import { formatFullDate, formatShortDate } from '../shared/format.js';

/** Rows shown at once: a search narrows a big archive down; the count says how many match. */
const MAX_SHOWN = 500;

export interface EntriesView {
  /** The entries the search matched, in order. */
  shown: readonly ArchiveEntry[];
  checked: ReadonlySet<string>;
  /** Path of the entry being read. */
  current: string | null;
  onToggle(path: string, on: boolean): void;
  onRead(entry: ArchiveEntry): void;
}

export function renderArchiveEntries(a: OpenedArchive, v: EntriesView) {
  const rows = v.shown.slice(0, MAX_SHOWN);
  return html`<p class="count">
      ${msg(str`${v.shown.length} of ${a.entries.length} messages`, { id: 'viewer.count' })}
      ${a.rejected.length ? msg(str`(${a.rejected.length} could not be read)`, { id: 'viewer.rejected' }) : nothing}
    </p>
    <table>
      <thead>
        <tr>
          <th scope="col">
            <span class="visually-hidden">${msg('Import', { id: 'toolbar.import' })}</span>
          </th>
          <th scope="col">${msg('Folder', { id: 'viewer.folder' })}</th>
          <th scope="col">${msg('Sender', { id: 'sort.from' })}</th>
          <th scope="col">${msg('Subject', { id: 'sort.subject' })}</th>
          <th scope="col">${msg('Date', { id: 'sort.date' })}</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (e) =>
            html`<tr data-testid="archive-entry" class=${v.current === e.path ? 'current' : ''}>
              <td>
                <input
                  type="checkbox"
                  aria-label=${msg(str`Select ${e.subject}`, { id: 'viewer.select' })}
                  .checked=${v.checked.has(e.path)}
                  @change=${(ev: Event) => v.onToggle(e.path, (ev.target as HTMLInputElement).checked)}
                />
              </td>
              <td><bdi>${e.folderPath.join('/')}</bdi></td>
              <td><bdi>${addressLabel(e.from)}</bdi></td>
              <td>
                <button class="link" @click=${() => v.onRead(e)}>
                  <bdi>${e.subject || msg('(no subject)', { id: 'list.noSubject' })}</bdi>
                </button>
              </td>
              <td>
                ${e.sentAt === null ? '' : html`<time title=${formatFullDate(e.sentAt)}>${formatShortDate(e.sentAt)}</time>`}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}
