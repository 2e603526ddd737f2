import { LitElement, css, html } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { baseStyles } from '../shared/styles.js';

/** PWA-4: the keyboard shortcuts that work, in one place. */
@customElement('bz-help-dialog')
@localized()
export class BzHelpDialog extends LitElement {
  static override styles = [
    baseStyles,
    css`
      table {
        border-collapse: collapse;
      }
      th,
      td {
        text-align: start;
        padding: 0.25rem 0.8rem 0.25rem 0;
        vertical-align: top;
      }
      kbd {
        font: inherit;
        font-family: ui-monospace, monospace;
        border: 1px solid var(--bz-border);
        border-radius: 4px;
        padding: 0 0.3rem;
      }
    `,
  ];

  @query('dialog') private dialog!: HTMLDialogElement;

  show(): void {
    this.dialog.showModal();
  }

  override render() {
    const rows: [string, string][] = [
      [
        '↑ ↓ / Home / End / PageUp / PageDown',
        msg('Move in the message list or the folder tree', { id: 'help.move' }),
      ],
      ['Shift + ↑ ↓', msg('Extend the selection', { id: 'help.extend' })],
      ['Ctrl + A', msg('Select all messages', { id: 'help.selectAll' })],
      ['Enter / Space', msg('Open the message or folder', { id: 'help.open' })],
      ['Delete', msg('Delete the selected messages', { id: 'help.delete' })],
      ['m', msg('Move the selected messages', { id: 'help.moveMessages' })],
      ['u', msg('Mark read or unread', { id: 'help.toggleRead' })],
      ['Shift + F10', msg('Folder actions (on a folder)', { id: 'help.folderActions' })],
      ['f', msg('Go to the folder tree', { id: 'help.gotoFolders' })],
      ['l', msg('Go to the message list', { id: 'help.gotoList' })],
      ['?', msg('This help', { id: 'help.help' })],
      ['Escape', msg('Close a dialog', { id: 'help.escape' })],
    ];
    return html`<dialog aria-labelledby="h">
      <h2 id="h">${msg('Keyboard shortcuts', { id: 'toolbar.help' })}</h2>
      <table>
        <tbody>
          ${rows.map(
            ([k, what]) =>
              html`<tr>
                <th scope="row"><kbd>${k}</kbd></th>
                <td>${what}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <div class="dialog-actions">
        <button @click=${() => this.dialog.close()}>${msg('Close', { id: 'common.close' })}</button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-help-dialog': BzHelpDialog;
  }
}
