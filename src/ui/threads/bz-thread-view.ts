import { LitElement, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import {
  folderServiceContext,
  messageServiceContext,
  noticeServiceContext,
  settingsServiceContext,
  threadServiceContext,
} from '../../state/context.js';
import type {
  Folder,
  FolderService,
  MessageRow,
  MessageService,
  NoticeService,
  OpenedThread,
  Settings,
  SettingsService,
  ThreadService,
} from '../../state/types.js';
import { RenamedIdsController } from '../controllers/renamed-ids-controller.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { BzMessageOpenEvent } from '../events/bz-message-open.js';
import { need, reportError } from '../shared/errors.js';
import { folderLabel } from '../shared/folder-names.js';
import { formatFullDate, formatShortDate } from '../shared/format.js';
import { icons } from '../shared/icons.js';
import { baseStyles } from '../shared/styles.js';
import { threadViewStyles } from './thread-view-styles.js';
import '../reader/bz-message-view.js';

/**
 * An opened thread in the reader pane (THREAD-1, THREAD-2): its messages oldest first, the
 * newest at the bottom, each a header line (sender, folder when not this one, date, first
 * line) that expands into the ordinary reader (sanitised, sandboxed frames; expanding marks
 * the message read, as opening one does). The first unread message, else the newest, is
 * expanded and scrolled to. Mail data is text only here.
 *
 * @fires bz-message-open - with null, when the user goes back to the list (phone layout)
 */
@customElement('bz-thread-view')
@localized()
export class BzThreadView extends LitElement {
  static override styles = [baseStyles, threadViewStyles];

  @consume({ context: threadServiceContext }) threadService?: ThreadService;
  @consume({ context: messageServiceContext }) messageService?: MessageService;
  @consume({ context: folderServiceContext }) folderService?: FolderService;
  @consume({ context: noticeServiceContext }) notices?: NoticeService;
  @consume({ context: settingsServiceContext }) settingsService?: SettingsService;

  /** The folder whose thread row was opened: its messages are the row's. */
  @property() folderId: string | null = null;
  @property() threadKey: string | null = null;

  @state() private thread: OpenedThread | null = null;
  @state() private expanded: ReadonlySet<string> = new Set();
  @state() private loading = false;
  /** The message to bring into view once rendered (on opening only). */
  private scrollTarget: string | null = null;
  /** Any read, move or delete changes folder counts: the thread is read again then. */
  private readonly folders = new SubscribeController<Folder[]>(this, () => void this.load(false));
  /**
   * A message of the thread re-keyed to the server's id (ADR 0012) stays in it, open if it
   * was: the thread is read again, which counts do not tell.
   */
  private readonly renamed = new RenamedIdsController(
    this,
    () => this.messageService,
    (renamed) => {
      this.expanded = new Set([...this.expanded].map((id) => renamed.get(id) ?? id));
      void this.load(false);
    },
  );
  /** VIEW-2 "always display external images", ATTACH "hide the attachment area". */
  private readonly settings = new SubscribeController<Settings>(this);

  override connectedCallback(): void {
    super.connectedCallback();
    this.folders.setSource(this.folderService?.observeFolders());
    this.settings.setSource(this.settingsService?.observeSettings());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('folderId') || changed.has('threadKey')) {
      this.thread = null;
      void this.load(true);
    }
  }

  protected override updated(): void {
    // The expanded ids too: a reading of the thread that already has a message's new id
    // (another change woke it first) must not drop the watch that re-keys its expansion.
    this.renamed.watch([...(this.thread?.rows.map((r) => r.id) ?? []), ...this.expanded]);
    const target = this.scrollTarget;
    const index = target ? (this.thread?.rows.findIndex((r) => r.id === target) ?? -1) : -1;
    if (index < 0) return;
    this.scrollTarget = null;
    const item = this.renderRoot.querySelector(`#msg-${index}`);
    if (!item) return;
    // Just below the sticky thread header, which stays in view.
    const header = this.renderRoot.querySelector('.top')?.getBoundingClientRect().height ?? 0;
    this.scrollTop += item.getBoundingClientRect().top - this.getBoundingClientRect().top - header;
  }

  private async load(opening: boolean): Promise<void> {
    const folderId = this.folderId;
    const key = this.threadKey;
    if (!folderId || !key || !this.threadService) return;
    if (!opening && !this.thread) return;
    if (opening) this.loading = true;
    try {
      const opened = await this.threadService.openThread(folderId, key);
      if (folderId !== this.folderId || key !== this.threadKey) return;
      if (opening) {
        const target = opened.firstUnreadId ?? opened.rows.at(-1)?.id ?? null;
        this.expanded = new Set(target ? [target] : []);
        this.scrollTarget = target;
      }
      this.thread = opened;
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not open the conversation', { id: 'threads.openError' }),
        err,
      );
    } finally {
      if (opening && folderId === this.folderId && key === this.threadKey) this.loading = false;
    }
  }

  private toggle(id: string): void {
    const next = new Set(this.expanded);
    if (!next.delete(id)) next.add(id);
    this.expanded = next;
  }

  private async act(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (err) {
      reportError(this.notices, msg('Could not mark', { id: 'error.mark' }), err);
    }
  }

  private markMessage(row: MessageRow): Promise<void> {
    return this.act(() => need(this.messageService).setSeen([row.id], !row.seen));
  }

  private markThread(seen: boolean): Promise<void> {
    const folderId = this.folderId;
    const key = this.threadKey;
    if (!folderId || !key) return Promise.resolve();
    return this.act(() => need(this.threadService).setThreadSeen(folderId, key, seen));
  }

  private folderName(id: string): string {
    const f = this.folders.value?.find((x) => x.id === id);
    return f ? folderLabel(f) : id;
  }

  private renderMessage(row: MessageRow, index: number) {
    const open = this.expanded.has(row.id);
    const who =
      row.from[0]?.name || row.from[0]?.address || msg('(no sender)', { id: 'list.noSender' });
    const when = row.sentAt ?? row.receivedAt;
    const elsewhere = row.folderId !== this.folderId;
    return html`<li
      id="msg-${index}"
      class=${row.seen ? '' : 'unread'}
      data-testid="thread-message"
      data-message-id=${row.messageId}
      aria-label=${who}
    >
      <div class="head">
        <button
          class="toggle"
          data-testid="thread-message-toggle"
          aria-expanded=${open ? 'true' : 'false'}
          aria-controls="body-${index}"
          @click=${() => this.toggle(row.id)}
        >
          ${row.seen ? nothing : html`<span class="visually-hidden">${msg('Unread', { id: 'list.unread' })}, </span>`}
          <bdi class="who">${who}</bdi>
          ${
            elsewhere
              ? html`<span class="where" data-testid="thread-message-folder"
                  >${msg(str`in ${this.folderName(row.folderId)}`, { id: 'threads.inFolder' })}</span
                >`
              : nothing
          }
          <bdi class="first" dir="auto">${row.preview}</bdi>
          <time datetime=${new Date(when).toISOString()} title=${formatFullDate(when)}
            >${formatShortDate(when)}</time
          >
        </button>
        <button
          class="seen"
          data-testid="thread-message-seen"
          @click=${() => this.markMessage(row)}
        >
          ${row.seen ? msg('Mark unread', { id: 'list.markUnread' }) : msg('Mark read', { id: 'list.markRead' })}
        </button>
      </div>
      ${
        open
          ? html`<div class="body" id="body-${index}">
              <bz-message-view
                .messageId=${row.id}
                embedded
                ?alwaysShowRemote=${this.settings.value?.alwaysShowRemote ?? false}
                ?hideAttachments=${this.settings.value?.hideAttachments ?? false}
              ></bz-message-view>
            </div>`
          : nothing
      }
    </li>`;
  }

  override render() {
    const t = this.thread;
    if (!t || t.rows.length === 0) {
      return html`<p class="placeholder">
        ${this.loading ? msg('Loading…', { id: 'common.loading' }) : msg('This conversation is empty.', { id: 'threads.empty' })}
      </p>`;
    }
    const subject = t.rows[0]?.subject || msg('(no subject)', { id: 'list.noSubject' });
    const n = t.rows.length;
    return html`<section
      data-testid="thread-view"
      aria-label=${msg('Conversation', { id: 'threads.conversation' })}
      aria-busy=${this.loading ? 'true' : 'false'}
    >
      <div class="top">
        <div class="tools">
          <button class="back" @click=${() => this.dispatchEvent(new BzMessageOpenEvent(null))}>
            ${icons.back} ${msg('Back to the list', { id: 'reader.back' })}
          </button>
          <button data-testid="thread-mark-read" @click=${() => this.markThread(true)}>
            ${msg('Mark thread as read', { id: 'threads.markRead' })}
          </button>
          <button data-testid="thread-mark-unread" @click=${() => this.markThread(false)}>
            ${msg('Mark thread as unread', { id: 'threads.markUnread' })}
          </button>
        </div>
        <h2><bdi>${subject}</bdi></h2>
        <p class="count">
          ${n === 1 ? msg('1 message', { id: 'threads.one' }) : msg(str`${n} messages`, { id: 'threads.count' })}
        </p>
      </div>
      <ol aria-label=${msg('Messages in this conversation', { id: 'threads.messages' })}>
        ${repeat(
          t.rows,
          (r) => r.id,
          (r, i) => this.renderMessage(r, i),
        )}
      </ol>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-thread-view': BzThreadView;
  }
}
