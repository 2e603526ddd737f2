import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import type { PgpKeyView } from '../../state/pgp-types.js';
import { baseStyles } from '../shared/styles.js';
import { groupFingerprint } from './key-format.js';
import { pgpErrorText } from './pgp-errors.js';
import { pgpStyles } from './pgp-styles.js';

export interface PassphraseRequest {
  heading: string;
  /** What happens, said before the passphrase is typed. */
  text?: string;
  /** The key asked for: its first user id and fingerprint, for the user to compare. */
  key?: Pick<PgpKeyView, 'userIds' | 'fingerprint'>;
  /** The field's label; "Passphrase" when absent. */
  label?: string;
  confirmLabel: string;
  /** Shown while `run` works; no progress line when absent. */
  busyLabel?: string;
  /** Offers a "remember" checkbox with this label; its state is passed to `run`. */
  rememberLabel?: string;
  /** The sentence for a failure of `run`; the keystore's wording when absent. */
  problemText?(err: unknown): string;
  /** Does the work; a rejection (wrong passphrase…) is shown and the user may try again. */
  run(passphrase: string, remember: boolean): Promise<void>;
}

/** data-testid of the parts, for a prompt whose tests (or end-to-end runs) look for them. */
export interface PassphraseTestIds {
  dialog?: string;
  input?: string;
  remember?: string;
  problem?: string;
  confirm?: string;
}

/**
 * PGP-1…3: asks for a key's passphrase for one operation (revoke in the keystore, unlock
 * before Send in the composer). The dialog stays open on a failure and says so, with the
 * field emptied; `ask()` resolves true once `run` succeeded, false when the user gave up.
 * The passphrase lives only in the input and the call, and the input is emptied on close.
 */
@customElement('bz-pgp-passphrase-dialog')
@localized()
export class BzPgpPassphraseDialog extends LitElement {
  static override styles = [
    baseStyles,
    pgpStyles,
    css`
      .key {
        margin: 0;
        color: var(--bz-muted);
        font-size: 0.9em;
        overflow-wrap: anywhere;
      }
      .field {
        display: grid;
        gap: 0.2rem;
      }
      .problem:empty {
        display: none;
      }
    `,
  ];

  /** Set before the first `ask()`: the parts exist (closed) from the first render. */
  @property({ attribute: false }) testIds: PassphraseTestIds = {};
  @state() private request: PassphraseRequest | null = null;
  @state() private busy = false;
  @state() private problem = '';
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('form') private form!: HTMLFormElement;
  @query('#pp-input') private input!: HTMLInputElement;
  private resolve: ((ok: boolean) => void) | undefined;

  async ask(request: PassphraseRequest): Promise<boolean> {
    this.finish(false);
    this.request = request;
    this.problem = '';
    this.busy = false;
    await this.updateComplete;
    this.form.reset();
    this.dialog.showModal();
    this.input.focus();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  private finish(ok: boolean): void {
    const resolve = this.resolve;
    this.resolve = undefined;
    if (this.dialog?.open) this.dialog.close();
    this.form?.reset();
    resolve?.(ok);
  }

  private async onSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const request = this.request;
    const data = new FormData(this.form);
    const passphrase = String(data.get('passphrase') ?? '');
    if (!request || this.busy) return;
    if (!passphrase) {
      this.problem = msg('Enter the passphrase of this key.', { id: 'pgp.passphrase.empty' });
      return;
    }
    this.busy = true;
    this.problem = '';
    try {
      await request.run(passphrase, data.get('remember') === 'on');
      this.busy = false;
      this.finish(true);
    } catch (err) {
      this.busy = false;
      this.problem = (request.problemText ?? pgpErrorText)(err);
      await this.updateComplete;
      this.input.value = '';
      this.input.focus();
    }
  }

  /** Escape cancels this prompt only: a dialog around it (the composer) must not see it. */
  private onKeydown(e: KeyboardEvent): void {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    if (!this.busy) this.finish(false);
  }

  /** A close the browser made itself (Escape without a cancel event) is a Cancel. */
  private onClose(): void {
    if (!this.dialog.open) this.finish(false);
  }

  override render() {
    const r = this.request;
    const ids = this.testIds;
    return html`<dialog
      aria-labelledby="pp-h"
      data-testid=${ids.dialog ?? nothing}
      @keydown=${this.onKeydown}
      @close=${this.onClose}
      @cancel=${(e: Event) => {
        e.preventDefault();
        if (!this.busy) this.finish(false);
      }}
    >
      <form @submit=${this.onSubmit} aria-busy=${this.busy ? 'true' : 'false'}>
        <h2 id="pp-h">${r?.heading ?? ''}</h2>
        ${r?.text ? html`<p>${r.text}</p>` : nothing}
        ${
          r?.key
            ? html`<p class="key fpr">
                ${r.key.userIds[0] ?? ''}<br /><code>${groupFingerprint(r.key.fingerprint)}</code>
              </p>`
            : nothing
        }
        <div class="field">
          <label for="pp-input">${r?.label ?? msg('Passphrase', { id: 'pgp.passphrase' })}</label>
          <input
            id="pp-input"
            type="password"
            name="passphrase"
            autocomplete="off"
            data-testid=${ids.input ?? 'passphrase'}
            ?disabled=${this.busy}
          />
        </div>
        ${
          r?.rememberLabel
            ? html`<label class="check"
                ><input
                  type="checkbox"
                  name="remember"
                  data-testid=${ids.remember ?? nothing}
                  ?disabled=${this.busy}
                />${r.rememberLabel}</label
              >`
            : nothing
        }
        ${
          this.busy && r?.busyLabel
            ? html`<div class="busy" role="status"><progress></progress>${r.busyLabel}</div>`
            : nothing
        }
        <p class="problem" role="alert" data-testid=${ids.problem ?? nothing}>${this.problem}</p>
        <div class="dialog-actions">
          <button type="button" ?disabled=${this.busy} @click=${() => this.finish(false)}>
            ${msg('Cancel', { id: 'common.cancel' })}
          </button>
          <button
            type="submit"
            class="primary"
            data-testid=${ids.confirm ?? nothing}
            ?disabled=${this.busy}
          >
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
