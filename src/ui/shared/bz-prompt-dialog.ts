import { LitElement, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { baseStyles } from './styles.js';

/** Asks for a name (new folder, rename). `ask()` resolves the trimmed text, or null. */
@customElement('bz-prompt-dialog')
@localized()
export class BzPromptDialog extends LitElement {
  static override styles = [baseStyles];

  @state() private heading = '';
  @state() private label = '';
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('input') private input!: HTMLInputElement;
  private resolve: ((value: string | null) => void) | undefined;

  async ask(heading: string, label: string, initial = ''): Promise<string | null> {
    this.resolve?.(null);
    this.heading = heading;
    this.label = label;
    await this.updateComplete;
    this.input.value = initial;
    this.dialog.showModal();
    this.input.select();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  private finish(value: string | null): void {
    const resolve = this.resolve;
    this.resolve = undefined;
    if (this.dialog.open) this.dialog.close();
    resolve?.(value);
  }

  private onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    const value = this.input.value.trim();
    if (value) this.finish(value);
  }

  override render() {
    return html`<dialog aria-labelledby="h" @close=${() => this.finish(null)}>
      <form @submit=${this.onSubmit}>
        <h2 id="h">${this.heading}</h2>
        <label>${this.label} <input name="value" required autocomplete="off" /></label>
        <div class="dialog-actions">
          <button type="button" @click=${() => this.finish(null)}>
            ${msg('Cancel', { id: 'common.cancel' })}
          </button>
          <button type="submit" class="primary">${msg('OK', { id: 'common.ok' })}</button>
        </div>
      </form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-prompt-dialog': BzPromptDialog;
  }
}
