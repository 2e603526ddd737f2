import { LitElement, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { baseStyles } from '../shared/styles.js';
import { renderKeyFacts, renderWhoseKey } from './pgp-key-row.js';
import type { KeyFacts } from './pgp-key-row.js';
import { pgpStyles } from './pgp-styles.js';

/**
 * PGP-1: "Confirm…" on a correspondent's key kept unconfirmed: shows its user ids and
 * fingerprint again and asks whose key it is. `ask()` resolves true only on the confirm
 * button; focus starts on Cancel, so a stray Enter trusts nothing.
 */
@customElement('bz-pgp-confirm-key-dialog')
@localized()
export class BzPgpConfirmKeyDialog extends LitElement {
  static override styles = [baseStyles, pgpStyles];

  @state() private key: KeyFacts | null = null;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('button') private cancelButton!: HTMLButtonElement;
  private resolve: ((ok: boolean) => void) | undefined;

  async ask(key: KeyFacts): Promise<boolean> {
    this.resolve?.(false);
    this.key = key;
    await this.updateComplete;
    this.dialog.showModal();
    this.cancelButton.focus();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  private finish(ok: boolean): void {
    const resolve = this.resolve;
    this.resolve = undefined;
    if (this.dialog.open) this.dialog.close();
    resolve?.(ok);
  }

  /** Escape, or a close event queued by an earlier close (the dialog may be open again). */
  private onClose(): void {
    if (!this.dialog.open) this.finish(false);
  }

  override render() {
    return html`<dialog aria-labelledby="ck-h" @close=${this.onClose}>
      <h2 id="ck-h">${msg('Confirm whose key this is', { id: 'pgp.confirmTitle' })}</h2>
      <div class="card">${this.key ? renderKeyFacts(this.key) : ''} ${renderWhoseKey()}</div>
      <div class="dialog-actions">
        <button type="button" @click=${() => this.finish(false)}>
          ${msg('Cancel', { id: 'common.cancel' })}
        </button>
        <button
          type="button"
          class="primary"
          data-testid="confirm-key"
          @click=${() => this.finish(true)}
        >
          ${msg('I checked the fingerprint with its owner', { id: 'pgp.checked' })}
        </button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-pgp-confirm-key-dialog': BzPgpConfirmKeyDialog;
  }
}
