import { LitElement, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { baseStyles } from '../shared/styles.js';
import { pgpErrorText } from './pgp-errors.js';
import { pgpStyles } from './pgp-styles.js';

export interface PassphraseRequest {
  heading: string;
  /** What happens, said before the passphrase is typed. */
  text: string;
  confirmLabel: string;
  /** Shown while `run` works. */
  busyLabel: string;
  /** Does the work; a rejection (wrong passphrase…) is shown and the user may try again. */
  run(passphrase: string): Promise<void>;
}

/**
 * PGP-1: asks for a key's passphrase for one operation (revoke). The dialog stays open on
 * a wrong passphrase and says so; `ask()` resolves true once `run` succeeded, false when
 * the user gave up. The passphrase lives only in the input and the call.
 */
@customElement('bz-pgp-passphrase-dialog')
@localized()
export class BzPgpPassphraseDialog extends LitElement {
  static override styles = [baseStyles, pgpStyles];

  @state() private request: PassphraseRequest | null = null;
  @state() private busy = false;
  @state() private problem = '';
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('input') private input!: HTMLInputElement;
  private resolve: ((ok: boolean) => void) | undefined;

  async ask(request: PassphraseRequest): Promise<boolean> {
    this.resolve?.(false);
    this.request = request;
    this.problem = '';
    this.busy = false;
    await this.updateComplete;
    this.input.value = '';
    this.dialog.showModal();
    this.input.focus();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  private finish(ok: boolean): void {
    const resolve = this.resolve;
    this.resolve = undefined;
    if (this.dialog.open) this.dialog.close();
    if (this.input) this.input.value = '';
    resolve?.(ok);
  }

  private async onSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const request = this.request;
    const passphrase = this.input.value;
    if (!request || this.busy) return;
    if (!passphrase) {
      this.problem = msg('Enter the passphrase of this key.', { id: 'pgp.passphrase.empty' });
      return;
    }
    this.busy = true;
    this.problem = '';
    try {
      await request.run(passphrase);
      this.busy = false;
      this.finish(true);
    } catch (err) {
      this.busy = false;
      this.problem = pgpErrorText(err);
      await this.updateComplete;
      this.input.select();
    }
  }

  /** Escape, or a close event queued by an earlier close (the dialog may be open again). */
  private onClose(): void {
    if (!this.dialog.open) this.finish(false);
  }

  override render() {
    const r = this.request;
    return html`<dialog
      aria-labelledby="pp-h"
      @close=${this.onClose}
      @cancel=${(e: Event) => this.busy && e.preventDefault()}
    >
      <form @submit=${this.onSubmit}>
        <h2 id="pp-h">${r?.heading ?? ''}</h2>
        <p>${r?.text ?? ''}</p>
        <label class="field">
          ${msg('Passphrase', { id: 'pgp.passphrase' })}
          <input
            type="password"
            name="passphrase"
            autocomplete="off"
            data-testid="passphrase"
            ?disabled=${this.busy}
          />
        </label>
        ${
          this.busy
            ? html`<div class="busy" role="status"><progress></progress>${r?.busyLabel ?? ''}</div>`
            : nothing
        }
        ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
        <div class="dialog-actions">
          <button type="button" ?disabled=${this.busy} @click=${() => this.finish(false)}>
            ${msg('Cancel', { id: 'common.cancel' })}
          </button>
          <button type="submit" class="primary" ?disabled=${this.busy}>
            ${r?.confirmLabel ?? ''}
          </button>
        </div>
      </form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-pgp-passphrase-dialog': BzPgpPassphraseDialog;
  }
}
