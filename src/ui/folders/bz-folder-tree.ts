import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import {
  folderServiceContext,
  messageServiceContext,
  noticeServiceContext,
  accountServiceContext,
} from '../../state/context.js';
import type {
  AccountService,
  Folder,
  FolderService,
  MessageService,
  NoticeService,
} from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { BzFolderSelectEvent } from '../events/bz-folder-select.js';
import { FOLDER_ID_TYPE, MESSAGE_IDS_TYPE, hasType } from '../shared/drag.js';
import { folderLabel, isSelfOrDescendant, orderFolders } from '../shared/folder-names.js';
import { reportError } from '../shared/errors.js';
import { icons } from '../shared/icons.js';
import { baseStyles } from '../shared/styles.js';
import type { BzFolderActions } from './bz-folder-actions.js';

const ROLE_ICONS = {
  inbox: icons.inbox,
  drafts: icons.draft,
  sent: icons.send,
  templates: icons.template,
  spam: icons.spam,
  trash: icons.trash,
} as const;

/**
 * The folder tree "On this device" (FOLDER-1…6): system folders first, user folders
 * indented by depth, unread counts; drop messages onto a folder to move them (onto Trash
 * to delete them) and folders onto folders to move them. Saved searches (SEARCH-4) follow
 * as a group of their own when the app loaded them.
 *
 * @fires bz-folder-select - when the user opens a folder
 */
@customElement('bz-folder-tree')
@localized()
export class BzFolderTree extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      header {
        display: flex;
        align-items: center;
        justify-content: space-between;
        padding: 0.5rem 0.5rem 0.25rem 0.75rem;
      }
      h2 {
        font-size: 0.8rem;
        text-transform: uppercase;
        letter-spacing: 0.05em;
        margin: 0;
        color: var(--bz-muted);
      }
      /* An address keeps its case and may be long. */
      h2 .address {
        text-transform: none;
        letter-spacing: 0;
        overflow-wrap: anywhere;
      }
      [role='tree'] {
        padding: 0 0.25rem;
      }
      [role='treeitem'] {
        display: flex;
        align-items: center;
        gap: 0.45rem;
        padding: 0.35rem 0.5rem;
        border-radius: 6px;
        cursor: pointer;
        user-select: none;
      }
      [role='treeitem']:hover {
        background: var(--bz-hover);
      }
      [role='treeitem'][aria-selected='true'] {
        background: var(--bz-selected);
        font-weight: 600;
      }
      [role='treeitem'].drop {
        outline: 2px dashed var(--bz-accent);
      }
      .name {
        flex: 1;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .unread {
        font-weight: 700;
        font-size: 0.85em;
        color: var(--bz-accent);
      }
      .actions {
        display: flex;
        gap: 0.25rem;
      }
    `,
  ];

  @consume({ context: folderServiceContext }) folderService?: FolderService;
  @consume({ context: messageServiceContext }) messageService?: MessageService;
  @consume({ context: noticeServiceContext }) notices?: NoticeService;
  @consume({ context: accountServiceContext }) accounts?: AccountService;

  /** The folder shown in the list. */
  @property() selectedId: string | null = null;

  @query('bz-folder-actions') private actions!: BzFolderActions;
  private readonly folders = new SubscribeController<Folder[]>(this, (list) =>
    this.onFolders(list),
  );
  private draggedFolderId: string | null = null;
  private focusId: string | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.folders.setSource(this.folderService?.observeFolders());
  }

  /** Opens Inbox the first time folders arrive, so the app lands on a mailbox. */
  private onFolders(list: Folder[]): void {
    if (this.selectedId && list.some((f) => f.id === this.selectedId)) return;
    const inbox = list.find((f) => f.role === 'inbox') ?? list[0];
    if (inbox) this.select(inbox.id);
  }

  private get ordered(): Folder[] {
    // COMMENT-1: the folder keeping comment messages is never shown (ADR 0025).
    return orderFolders(this.folders.value ?? []);
  }

  /** Moves keyboard focus to the current folder (the "f" shortcut). */
  focusTree(): void {
    const el =
      this.renderRoot.querySelector<HTMLElement>('[role="treeitem"][tabindex="0"]') ??
      this.renderRoot.querySelector<HTMLElement>('[role="treeitem"]');
    el?.focus();
  }

  private select(id: string): void {
    this.focusId = id;
    this.dispatchEvent(new BzFolderSelectEvent(id));
  }

  private onKeydown(e: KeyboardEvent, folder: Folder): void {
    const list = this.ordered;
    const i = list.findIndex((f) => f.id === folder.id);
    let next: Folder | undefined;
    if (e.key === 'ArrowDown') next = list[i + 1];
    else if (e.key === 'ArrowUp') next = list[i - 1];
    else if (e.key === 'Home') next = list[0];
    else if (e.key === 'End') next = list[list.length - 1];
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.select(folder.id);
      return;
    } else if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      e.preventDefault();
      void this.openActions(folder);
      return;
    } else return;
    e.preventDefault();
    if (!next) return;
    this.focusId = next.id;
    this.requestUpdate();
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`[data-id="${CSS.escape(next.id)}"]`)?.focus(),
    );
  }

  private canDrop(e: DragEvent, target: Folder): boolean {
    if (hasType(e, MESSAGE_IDS_TYPE)) return target.id !== this.selectedId;
    if (hasType(e, FOLDER_ID_TYPE) && this.draggedFolderId) {
      return (
        target.canHaveChildren &&
        !isSelfOrDescendant(this.folders.value ?? [], this.draggedFolderId, target.id)
      );
    }
    return false;
  }

  private onDragOver(e: DragEvent, target: Folder): void {
    if (!this.canDrop(e, target)) return;
    e.preventDefault();
    (e.currentTarget as HTMLElement).classList.add('drop');
  }

  private async onDrop(e: DragEvent, target: Folder): Promise<void> {
    (e.currentTarget as HTMLElement).classList.remove('drop');
    if (!this.canDrop(e, target)) return;
    e.preventDefault();
    try {
      const ids = e.dataTransfer?.getData(MESSAGE_IDS_TYPE);
      if (ids) {
        const list = JSON.parse(ids) as string[];
        // DELETE-1: dropping on Trash is a delete, so the messages can be restored.
        if (target.role === 'trash') await this.messageService?.deleteMessages(list);
        else await this.messageService?.moveMessages(list, target.id);
      } else if (this.draggedFolderId) {
        await this.folderService?.moveFolder(this.draggedFolderId, target.id);
      }
    } catch (err) {
      reportError(this.notices, msg('Could not move', { id: 'error.move' }), err);
    } finally {
      this.draggedFolderId = null;
    }
  }

  private onDragStart(e: DragEvent, folder: Folder): void {
    if (!folder.canRename || !e.dataTransfer) return;
    this.draggedFolderId = folder.id;
    e.dataTransfer.setData(FOLDER_ID_TYPE, folder.id);
    e.dataTransfer.effectAllowed = 'move';
  }

  private renderFolder(f: Folder, tabbable: boolean) {
    const selected = f.id === this.selectedId;
    const label = folderLabel(f);
    return html`<div
      role="treeitem"
      data-testid="folder-item"
      data-id=${f.id}
      data-folder-path=${f.path}
      data-folder-role=${f.role ?? ''}
      aria-level=${f.depth + 1}
      aria-selected=${selected ? 'true' : 'false'}
      aria-label=${f.unread ? msg(str`${label}, ${f.unread} unread`, { id: 'folder.unreadLabel' }) : label}
      tabindex=${tabbable ? 0 : -1}
      style="padding-inline-start:${0.5 + f.depth * 1}rem"
      draggable=${f.canRename ? 'true' : 'false'}
      @click=${() => this.select(f.id)}
      @keydown=${(e: KeyboardEvent) => this.onKeydown(e, f)}
      @contextmenu=${(e: MouseEvent) => {
        e.preventDefault();
        void this.openActions(f);
      }}
      @dragstart=${(e: DragEvent) => this.onDragStart(e, f)}
      @dragover=${(e: DragEvent) => this.onDragOver(e, f)}
      @dragleave=${(e: DragEvent) => (e.currentTarget as HTMLElement).classList.remove('drop')}
      @drop=${(e: DragEvent) => void this.onDrop(e, f)}
    >
      ${f.role ? ROLE_ICONS[f.role] : icons.folder}
      <bdi class="name">${label}</bdi>
      ${f.unread ? html`<span class="unread" aria-hidden="true">${f.unread}</span>` : nothing}
    </div>`;
  }

  /** The folder actions dialog loads on first use. */
  private async openActions(folder: Parameters<BzFolderActions['open']>[0]): Promise<void> {
    await import('./bz-folder-actions.js');
    await customElements.whenDefined('bz-folder-actions');
    await this.actions.open(folder);
  }

  override render() {
    const list = this.ordered;
    const current = list.find((f) => f.id === this.selectedId);
    const focusId = list.some((f) => f.id === this.focusId)
      ? this.focusId
      : (current?.id ?? list[0]?.id);
    return html`<header>
        <h2 id="tree-heading">
          ${
            this.accounts?.current()
              ? html`<bdi class="address"
                  >${this.accounts.current()?.sharedBy ?? this.accounts.current()?.username}</bdi
                >`
              : msg('On this device', { id: 'folders.heading' })
          }
        </h2>
        <div class="actions">
          <button
            class="icon-only"
            aria-label=${msg('Folder actions', { id: 'folders.actions' })}
            title=${msg('Folder actions', { id: 'folders.actions' })}
            ?disabled=${!current}
            @click=${() => current && void this.openActions(current)}
          >
            ${icons.more}
          </button>
        </div>
      </header>
      <div role="tree" aria-labelledby="tree-heading">
        ${list.map((f) => this.renderFolder(f, f.id === focusId))}
      </div>
      <bz-saved-searches></bz-saved-searches>
      <bz-tag-list></bz-tag-list>
      <bz-folder-actions .folders=${list}></bz-folder-actions>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-folder-tree': BzFolderTree;
  }
}
