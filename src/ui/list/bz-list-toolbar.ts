import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import {
  folderServiceContext,
  messageServiceContext,
  noticeServiceContext,
  settingsServiceContext,
  spamServiceContext,
} from '../../state/context.js';
import type { SpamServiceLoader } from '../../state/spam-types.js';
import type {
  Folder,
  FolderService,
  MessageService,
  NoticeService,
  Settings,
  SettingsService,
  SortField,
} from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { BzArchiveRequestEvent } from '../events/bz-archive-request.js';
import { BzTagRequestEvent } from '../events/bz-tag-request.js';
import type { ListCommand } from '../events/bz-list-command.js';
import { SpamMarksController } from './spam-marks.js';
import { folderLabel, orderFolders } from '../shared/folder-names.js';
import { need, reportError } from '../shared/errors.js';
import { baseStyles } from '../shared/styles.js';
import '../shared/bz-confirm-dialog.js';
import '../shared/bz-folder-picker.js';
import type { BzConfirmDialog } from '../shared/bz-confirm-dialog.js';
import type { BzFolderPicker } from '../shared/bz-folder-picker.js';

/**
 * Above the message list: sort (VIEW-3), "Unread only" (VIEW-1), compact (VIEW-5), and
 * the actions on the selection — Move, Delete, Restore, Mark read/unread, Archive, Spam /
 * Not spam (FOLDER-6, DELETE-1…2, ARCHIVE-1, SPAM-2). Also runs the list's keyboard commands.
 *
 * @fires bz-archive-request - the user asked to archive the folder or the selection
 * @fires bz-tag-request - the user asked to tag the selection (TAG-1)
 */
@customElement('bz-list-toolbar')
@localized()
export class BzListToolbar extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.4rem;
        padding: 0.4rem 0.6rem;
        border-bottom: 1px solid var(--bz-border);
      }
      h2 {
        font-size: 1rem;
        margin: 0 auto 0 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        max-width: 40%;
      }
      .group {
        display: flex;
        gap: 0.3rem;
        align-items: center;
        flex-wrap: wrap;
      }
      .selection {
        flex-basis: 100%;
      }
      [aria-pressed='true'] {
        background: var(--bz-selected);
      }
      @media (max-width: 640px) {
        .wide-only {
          display: none;
        }
      }
      .count {
        color: var(--bz-muted);
        font-size: 0.9em;
      }
    `,
  ];

  @consume({ context: messageServiceContext }) messageService?: MessageService;
  @consume({ context: folderServiceContext }) folderService?: FolderService;
  @consume({ context: settingsServiceContext }) settingsService?: SettingsService;
  @consume({ context: noticeServiceContext }) notices?: NoticeService;
  @consume({ context: spamServiceContext }) spamService?: SpamServiceLoader;

  @property({ attribute: false }) folder: Folder | null = null;
  @property({ attribute: false }) selectedIds: readonly string[] = [];
  @property({ attribute: false }) settings: Settings | null = null;
  /** Whether the selected messages are all read, to offer the opposite. */
  @property({ type: Boolean }) selectionSeen = false;

  @query('bz-confirm-dialog') private confirm!: BzConfirmDialog;
  @query('bz-folder-picker') private picker!: BzFolderPicker;
  private readonly folders = new SubscribeController<Folder[]>(this);
  private readonly spam = new SpamMarksController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    this.folders.setSource(this.folderService?.observeFolders());
  }

  private get inTrash(): boolean {
    return this.folder?.role === 'trash' || this.folder?.inTrash === true;
  }

  /** Runs a keyboard command from the list on the current selection. */
  run(command: ListCommand): void {
    if (command === 'delete') void this.removeItem();
    else if (command === 'move') void this.move();
    else if (command === 'toggle-read') void this.markSeen(!this.selectionSeen);
    else this.archive();
  }

  private async act(what: string, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (err) {
      reportError(this.notices, what, err);
    }
  }

  private async move(): Promise<void> {
    const ids = [...this.selectedIds];
    if (!ids.length) return;
    const targets = orderFolders(this.folders.value ?? []).filter((f) => f.id !== this.folder?.id);
    const target = await this.picker.pick(msg('Move to…', { id: 'list.moveTo' }), targets);
    if (target)
      await this.act(msg('Could not move', { id: 'error.move' }), () =>
        need(this.messageService).moveMessages(ids, target),
      );
  }

  /**
   * Whether deleting the selection deletes for good. Search results (no folder) may mix
   * folders: any found message already in Trash makes it so, and the user is asked.
   */
  private async selectionInTrash(ids: string[]): Promise<boolean> {
    if (this.folder) return this.inTrash;
    const trash = new Set(
      (this.folders.value ?? []).filter((f) => f.role === 'trash' || f.inTrash).map((f) => f.id),
    );
    const rows = await need(this.messageService).getRows(ids);
    return rows.some((r) => trash.has(r.folderId));
  }

  private async removeItem(): Promise<void> {
    const ids = [...this.selectedIds];
    if (!ids.length) return;
    if (await this.selectionInTrash(ids)) {
      const ok = await this.confirm.ask(
        msg(str`Delete ${ids.length} messages for good? This cannot be undone.`, {
          id: 'list.deleteForeverConfirm',
        }),
        msg('Delete for good', { id: 'list.deleteForever' }),
      );
      if (!ok) return;
    }
    await this.act(msg('Could not delete', { id: 'error.delete' }), () =>
      need(this.messageService).deleteMessages(ids),
    );
  }

  private async restore(): Promise<void> {
    const ids = [...this.selectedIds];
    await this.act(msg('Could not restore', { id: 'error.restore' }), () =>
      need(this.messageService).restoreMessages(ids),
    );
  }

  private async markSeen(seen: boolean): Promise<void> {
    const ids = [...this.selectedIds];
    if (!ids.length) return;
    await this.act(msg('Could not mark', { id: 'error.mark' }), () =>
      need(this.messageService).setSeen(ids, seen),
    );
  }

  private async emptyTrash(): Promise<void> {
    const ok = await this.confirm.ask(
      msg('Delete everything in Trash for good? This cannot be undone.', {
        id: 'trash.emptyConfirm',
      }),
      msg('Empty Trash', { id: 'trash.empty' }),
    );
    if (ok)
      await this.act(msg('Could not empty Trash', { id: 'error.emptyTrash' }), () =>
        need(this.folderService).emptyTrash(),
      );
  }

  private archive(): void {
    if (this.folder)
      this.dispatchEvent(new BzArchiveRequestEvent(this.folder.id, [...this.selectedIds]));
  }

  private update_(patch: Partial<Settings>): void {
    void this.act(msg('Could not save the setting', { id: 'error.settings' }), () =>
      need(this.settingsService).updateSettings(patch),
    );
  }

  private toggleUnreadOnly(): void {
    const s = this.settings;
    const id = this.folder?.id;
    if (!s || !id) return;
    const on = s.unreadOnlyFolders.includes(id);
    this.update_({
      unreadOnlyFolders: on
        ? s.unreadOnlyFolders.filter((f) => f !== id)
        : [...s.unreadOnlyFolders, id],
    });
  }

  private renderViewControls(s: Settings) {
    const unreadOnly = !!this.folder && s.unreadOnlyFolders.includes(this.folder.id);
    const fields: [SortField, string][] = [
      ['date', msg('Date', { id: 'sort.date' })],
      ['read', msg('Read state', { id: 'sort.read' })],
      ['subject', msg('Subject', { id: 'sort.subject' })],
      ['from', msg('Sender', { id: 'sort.from' })],
      ['size', msg('Size', { id: 'sort.size' })],
    ];
    return html`<div class="group">
      <label>
        <span class="visually-hidden">${msg('Sort by', { id: 'sort.label' })}</span>
        <select
          title=${msg('Sort by', { id: 'sort.label' })}
          ?disabled=${s.threadsView}
          @change=${(e: Event) => this.update_({ sort: (e.target as HTMLSelectElement).value as SortField })}
        >
          ${fields.map(([v, label]) => html`<option value=${v} ?selected=${s.sort === v}>${label}</option>`)}
        </select>
      </label>
      <button
        ?disabled=${s.threadsView}
        @click=${() => this.update_({ descending: !s.descending })}
      >
        ${s.descending ? msg('Descending', { id: 'sort.desc' }) : msg('Ascending', { id: 'sort.asc' })}
      </button>
      <button aria-pressed=${unreadOnly ? 'true' : 'false'} @click=${this.toggleUnreadOnly}>
        ${msg('Unread only', { id: 'list.unreadOnly' })}
      </button>
      <button
        class="wide-only"
        aria-pressed=${s.compact ? 'true' : 'false'}
        @click=${() => this.update_({ compact: !s.compact })}
      >
        ${msg('Compact', { id: 'list.compact' })}
      </button>
      <button
        aria-pressed=${s.threadsView ? 'true' : 'false'}
        title=${msg('One row per conversation (newest activity first)', { id: 'list.threadsHint' })}
        @click=${() => this.update_({ threadsView: !s.threadsView })}
      >
        ${msg('Conversations', { id: 'list.threads' })}
      </button>
    </div>`;
  }

  private renderSelectionActions() {
    const n = this.selectedIds.length;
    if (!n) return nothing;
    return html`<div
      class="group selection"
      role="group"
      aria-label=${msg('Selected messages', { id: 'list.selectionGroup' })}
    >
      <span class="count" aria-live="polite"
        >${
          n === 1
            ? msg('1 selected', { id: 'list.selectedOne' })
            : msg(str`${n} selected`, { id: 'list.selectedCount' })
        }</span
      >
      <button @click=${this.move}>${msg('Move…', { id: 'common.moveAction' })}</button>
      <button @click=${() => this.dispatchEvent(new BzTagRequestEvent([...this.selectedIds]))}>
        ${msg('Tag…', { id: 'tags.action' })}
      </button>
      ${this.spam.render()}
      <button class="danger" @click=${this.removeItem}>
        ${this.inTrash ? msg('Delete for good', { id: 'list.deleteForever' }) : msg('Delete', { id: 'common.delete' })}
      </button>
      ${this.inTrash ? html`<button @click=${this.restore}>${msg('Restore', { id: 'list.restore' })}</button>` : nothing}
      ${
        this.selectionSeen
          ? html`<button @click=${() => this.markSeen(false)}>
              ${msg('Mark unread', { id: 'list.markUnread' })}
            </button>`
          : html`<button @click=${() => this.markSeen(true)}>
              ${msg('Mark read', { id: 'list.markRead' })}
            </button>`
      }
      ${this.folder ? html`<button @click=${this.archive}>${msg('Archive…', { id: 'archive.action' })}</button>` : nothing}
    </div>`;
  }

  override render() {
    return html`<h2><bdi>${this.folder ? folderLabel(this.folder) : ''}</bdi></h2>
      ${this.settings ? this.renderViewControls(this.settings) : nothing}
      ${this.renderSelectionActions()}
      ${
        this.folder?.role === 'trash'
          ? html`<button class="danger" @click=${this.emptyTrash}>
              ${msg('Empty Trash', { id: 'trash.empty' })}
            </button>`
          : nothing
      }
      <bz-confirm-dialog></bz-confirm-dialog>
      <bz-folder-picker></bz-folder-picker>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-list-toolbar': BzListToolbar;
  }
}
