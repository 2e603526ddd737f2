import { LitElement, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { baseStyles } from './styles.js';

/**
 * A modal yes/no question (delete for good, empty Trash…). `ask()` resolves true only on
 * the confirm button; Escape and Cancel resolve false. Focus starts on Cancel, so a
 * stray Enter never destroys anything.
 */
@customElement('bz-confirm-dialog')
@localized()
export class BzConfirmDialog extends LitElement {
  static override styles = [baseStyles];

  @state() private message = '';
  @state() private confirmLabel = '';
  @query('dialog') private dialog!: HTMLDialogElement;
  private resolve: ((ok: boolean) => void) | undefined;

  async ask(message: string, confirmLabel: string): Promise<boolean> {
    this.resolve?.(false);
    this.message = message;
    this.confirmLabel = confirmLabel;
    await this.updateComplete;
    this.dialog.showModal();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  private finish(ok: boolean): void {
    const resolve = this.resolve;
    this.resolve = undefined;
    if (this.dialog.open) this.dialog.close();
    resolve?.(ok);
  }

  override render() {
    return html`<dialog aria-labelledby="q" @close=${() => this.finish(false)}>
      <p id="q">${this.message}</p>
      <div class="dialog-actions">
        <button @click=${() => this.finish(false)}>
          ${msg('Cancel', { id: 'common.cancel' })}
        </button>
        <button class="primary danger-bg" data-testid="confirm" @click=${() => this.finish(true)}>
          ${this.confirmLabel}
        </button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-confirm-dialog': BzConfirmDialog;
  }
}
