import { LitElement, css, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import type { Folder } from '../../state/types.js';
import { baseStyles } from './styles.js';
import { folderLabel } from './folder-names.js';

/**
 * Picks a destination folder (Move messages, Move folder). The caller passes the folders
 * already filtered to the allowed targets; `allowRoot` adds "top level" for folders.
 */
@customElement('bz-folder-picker')
@localized()
export class BzFolderPicker extends LitElement {
  static override styles = [
    baseStyles,
    css`
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        max-height: 50vh;
        overflow: auto;
      }
      li button {
        width: 100%;
        border: none;
        background: none;
        justify-content: flex-start;
      }
      li button:hover {
        background: var(--bz-hover);
      }
    `,
  ];

  @state() private heading = '';
  @state() private folders: readonly Folder[] = [];
  @state() private allowRoot = false;
  @query('dialog') private dialog!: HTMLDialogElement;
  private resolve: ((value: string | null | undefined) => void) | undefined;

  /** Resolves a folder id, null for "top level", or undefined when cancelled. */
  async pick(
    heading: string,
    folders: readonly Folder[],
    allowRoot = false,
  ): Promise<string | null | undefined> {
    this.resolve?.(undefined);
    this.heading = heading;
    this.folders = folders;
    this.allowRoot = allowRoot;
    await this.updateComplete;
    this.dialog.showModal();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  private finish(value: string | null | undefined): void {
    const resolve = this.resolve;
    this.resolve = undefined;
    if (this.dialog.open) this.dialog.close();
    resolve?.(value);
  }

  override render() {
    return html`<dialog aria-labelledby="h" @close=${() => this.finish(undefined)}>
      <h2 id="h">${this.heading}</h2>
      <ul aria-labelledby="h">
        ${
          this.allowRoot
            ? html`<li>
                <button @click=${() => this.finish(null)}>
                  ${msg('Top level', { id: 'picker.root' })}
                </button>
              </li>`
            : null
        }
        ${this.folders.map(
          (f) =>
            html`<li>
              <button
                style="padding-inline-start:${0.7 + f.depth}rem"
                @click=${() => this.finish(f.id)}
              >
                <bdi>${folderLabel(f)}</bdi>
              </button>
            </li>`,
        )}
      </ul>
      <div class="dialog-actions">
        <button @click=${() => this.finish(undefined)}>
          ${msg('Cancel', { id: 'common.cancel' })}
        </button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-folder-picker': BzFolderPicker;
  }
}
