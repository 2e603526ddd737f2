import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { folderServiceContext, noticeServiceContext } from '../../state/context.js';
import type { Folder, FolderService, NoticeService } from '../../state/types.js';
import { BzArchiveRequestEvent } from '../events/bz-archive-request.js';
import { folderLabel, isSelfOrDescendant } from '../shared/folder-names.js';
import { need, reportError } from '../shared/errors.js';
import { baseStyles } from '../shared/styles.js';
import '../shared/bz-confirm-dialog.js';
import '../shared/bz-prompt-dialog.js';
import '../shared/bz-folder-picker.js';
import type { BzConfirmDialog } from '../shared/bz-confirm-dialog.js';
import type { BzPromptDialog } from '../shared/bz-prompt-dialog.js';
import type { BzFolderPicker } from '../shared/bz-folder-picker.js';

/**
 * A folder's actions (FOLDER-2…5, DELETE-2): its total and unread counts, new folder
 * (at the root or inside), rename, move, delete to Trash, empty Trash, archive. System
 * folders offer no rename, move or delete; Sent and Spam take no subfolders.
 *
 * @fires bz-archive-request - when the user asks to archive this folder
 */
@customElement('bz-folder-actions')
@localized()
export class BzFolderActions extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .grid {
        display: grid;
        gap: 0.4rem;
      }
      .grid button {
        justify-content: flex-start;
      }
      .stats {
        color: var(--bz-muted);
        margin: 0 0 0.8rem;
      }
    `,
  ];

  @consume({ context: folderServiceContext }) folderService?: FolderService;
  @consume({ context: noticeServiceContext }) notices?: NoticeService;

  /** The tree's live folder list, so counts stay current while the dialog is open. */
  @property({ attribute: false }) folders: readonly Folder[] = [];
  @state() private folderId: string | null = null;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('bz-confirm-dialog') private confirm!: BzConfirmDialog;
  @query('bz-prompt-dialog') private prompt!: BzPromptDialog;
  @query('bz-folder-picker') private picker!: BzFolderPicker;

  private get folder(): Folder | null {
    return this.folders.find((f) => f.id === this.folderId) ?? null;
  }

  private get all(): readonly Folder[] {
    return this.folders;
  }

  async open(folder: Folder): Promise<void> {
    this.folderId = folder.id;
    await this.updateComplete;
    this.dialog.showModal();
  }

  private close(): void {
    this.dialog.close();
  }

  private async run(what: string, action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (err) {
      reportError(this.notices, what, err);
    }
  }

  private async create(parent: Folder | null): Promise<void> {
    this.close();
    const name = await this.prompt.ask(
      msg('New folder', { id: 'folders.new' }),
      msg('Name', { id: 'folders.name' }),
    );
    if (name) {
      await this.run(msg('Could not create the folder', { id: 'error.createFolder' }), () =>
        need(this.folderService).createFolder(name, parent?.id ?? null),
      );
    }
  }

  private async rename(f: Folder): Promise<void> {
    this.close();
    const name = await this.prompt.ask(
      msg('Rename folder', { id: 'folders.rename' }),
      msg('Name', { id: 'folders.name' }),
      f.name,
    );
    if (name && name !== f.name) {
      await this.run(msg('Could not rename the folder', { id: 'error.renameFolder' }), () =>
        need(this.folderService).renameFolder(f.id, name),
      );
    }
  }

  private async move(f: Folder): Promise<void> {
    this.close();
    const targets = this.all.filter(
      (t) => t.canHaveChildren && !isSelfOrDescendant(this.all, f.id, t.id),
    );
    const target = await this.picker.pick(
      msg('Move folder to…', { id: 'folders.moveTo' }),
      targets,
      true,
    );
    if (target !== undefined && target !== f.parentId) {
      await this.run(msg('Could not move', { id: 'error.move' }), () =>
        need(this.folderService).moveFolder(f.id, target),
      );
    }
  }

  private async removeItem(f: Folder): Promise<void> {
    this.close();
    const ok = await this.confirm.ask(
      msg(str`Move the folder "${f.name}", its subfolders and messages to Trash?`, {
        id: 'folders.deleteConfirm',
      }),
      msg('Delete', { id: 'common.delete' }),
    );
    if (ok) {
      await this.run(msg('Could not delete the folder', { id: 'error.deleteFolder' }), () =>
        need(this.folderService).deleteFolder(f.id),
      );
    }
  }

  private async emptyTrash(): Promise<void> {
    this.close();
    const ok = await this.confirm.ask(
      msg('Delete everything in Trash for good? This cannot be undone.', {
        id: 'trash.emptyConfirm',
      }),
      msg('Empty Trash', { id: 'trash.empty' }),
    );
    if (ok) {
      await this.run(msg('Could not empty Trash', { id: 'error.emptyTrash' }), () =>
        need(this.folderService).emptyTrash(),
      );
    }
  }

  private archive(f: Folder): void {
    this.close();
    this.dispatchEvent(new BzArchiveRequestEvent(f.id, []));
  }

  private renderBody(f: Folder) {
    return html`<h2 id="h"><bdi>${folderLabel(f)}</bdi></h2>
      <p class="stats" data-testid="folder-total">
        ${msg(str`${f.total} messages, ${f.unread} unread (subfolders excluded)`, { id: 'folders.stats' })}
      </p>
      <div class="grid">
        <button @click=${() => void this.create(null)}>
          ${msg('New folder at the top level', { id: 'folders.newRoot' })}
        </button>
        ${
          f.canHaveChildren
            ? html`<button @click=${() => void this.create(f)}>
                ${msg('New folder inside this one', { id: 'folders.newInside' })}
              </button>`
            : nothing
        }
        ${
          f.canRename
            ? html`<button @click=${() => void this.rename(f)}>
                  ${msg('Rename…', { id: 'folders.renameAction' })}
                </button>
                <button @click=${() => void this.move(f)}>
                  ${msg('Move…', { id: 'common.moveAction' })}
                </button>
                <button class="danger" @click=${() => void this.removeItem(f)}>
                  ${msg('Delete', { id: 'common.delete' })}
                </button>`
            : nothing
        }
        ${
          f.role === 'trash'
            ? html`<button class="danger" @click=${() => void this.emptyTrash()}>
                ${msg('Empty Trash', { id: 'trash.empty' })}
              </button>`
            : nothing
        }
        <button @click=${() => this.archive(f)}>
          ${msg('Archive…', { id: 'archive.action' })}
        </button>
      </div>`;
  }

  override render() {
    return html`<dialog aria-labelledby="h">
        ${this.folder ? this.renderBody(this.folder) : nothing}
        <div class="dialog-actions">
          <button @click=${this.close}>${msg('Close', { id: 'common.close' })}</button>
        </div>
      </dialog>
      <bz-confirm-dialog></bz-confirm-dialog>
      <bz-prompt-dialog></bz-prompt-dialog>
      <bz-folder-picker></bz-folder-picker>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-folder-actions': BzFolderActions;
  }
}
