import { LitElement, css, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { WrongPassphraseError } from '../../../pgp/crypto/errors.js';
import type { PgpKeyView } from '../../../state/pgp-types.js';
import { baseStyles } from '../../shared/styles.js';

/** Tries a passphrase (rejects WrongPassphraseError when it does not unlock the key). */
export type UnlockAttempt = (passphrase: string, rememberForSession: boolean) => Promise<void>;

/** The fingerprint in groups of 4, as the keystore shows it for the user to compare. */
function grouped(fingerprint: string): string {
  return fingerprint.toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * PGP-2/3: asks for the passphrase of the key that signs, before Send. A wrong one is said
 * and asked again; "Remember for this session" keeps it in the PGP worker's memory only.
 * Nothing of the passphrase outlives the dialog, not even in the DOM.
 */
@customElement('bz-pgp-passphrase')
@localized()
export class BzPgpPassphrase extends LitElement {
  static override styles = [
    baseStyles,
    css`
      form {
        display: flex;
        flex-direction: column;
        gap: 0.6rem;
      }
      h2,
      p {
        margin: 0;
      }
      .key {
        color: var(--bz-muted);
        font-size: 0.9em;
        overflow-wrap: anywhere;
      }
      .fingerprint {
        font-family: monospace;
      }
      .error {
        color: var(--bz-danger);
      }
      .error:empty {
        display: none;
      }
    `,
  ];

  @state() private key: PgpKeyView | null = null;
  @state() private working = false;
  @state() private error = '';
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('form') private form!: HTMLFormElement;
  @query('#pgp-passphrase') private input!: HTMLInputElement;
  private attempt: UnlockAttempt | null = null;
  private resolve: ((unlocked: boolean) => void) | null = null;

  /** Asks until `attempt` succeeds (true) or the user cancels (false). */
  async ask(key: PgpKeyView, attempt: UnlockAttempt): Promise<boolean> {
    this.finish(false);
    this.key = key;
    this.attempt = attempt;
    this.error = '';
    await this.updateComplete;
    this.form.reset();
    this.dialog.showModal();
    this.input.focus();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  private finish(unlocked: boolean): void {
    const resolve = this.resolve;
    this.resolve = null;
    this.attempt = null;
    if (this.dialog?.open) this.dialog.close();
    this.form?.reset();
    resolve?.(unlocked);
  }

  private async onSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const attempt = this.attempt;
    if (!attempt || this.working) return;
    const data = new FormData(this.form);
    this.working = true;
    this.error = '';
    try {
      await attempt(String(data.get('passphrase') ?? ''), data.get('remember') === 'on');
      this.finish(true);
    } catch (err) {
      this.error =
        err instanceof WrongPassphraseError
          ? msg('That passphrase does not unlock this key. Try again.', {
              id: 'compose.pgpWrongPassphrase',
            })
          : err instanceof Error
            ? err.message
            : String(err);
      this.input.value = '';
      this.input.focus();
    } finally {
      this.working = false;
    }
  }

  /** Escape cancels this prompt only: the composer around it must not take it as Discard. */
  private onKeydown(e: KeyboardEvent): void {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    this.finish(false);
  }

  override render() {
    const key = this.key;
    return html`<dialog
      aria-labelledby="pgp-title"
      data-testid="compose-pgp-passphrase"
      @keydown=${this.onKeydown}
      @cancel=${(e: Event) => {
        e.preventDefault();
        this.finish(false);
      }}
    >
      <form @submit=${this.onSubmit} aria-busy=${this.working ? 'true' : 'false'}>
        <h2 id="pgp-title">${msg('Unlock your OpenPGP key', { id: 'compose.pgpUnlockTitle' })}</h2>
        <p class="key">
          ${key?.userIds[0] ?? ''}<br /><span class="fingerprint"
            >${key ? grouped(key.fingerprint) : ''}</span
          >
        </p>
        <label for="pgp-passphrase"
          >${msg('Passphrase to sign this message', { id: 'compose.pgpPassphrase' })}</label
        >
        <input
          id="pgp-passphrase"
          name="passphrase"
          type="password"
          required
          autocomplete="off"
          data-testid="compose-pgp-passphrase-input"
        />
        <span
          ><input
            id="pgp-remember"
            name="remember"
            type="checkbox"
            data-testid="compose-pgp-remember"
          />
          <label for="pgp-remember"
            >${msg('Remember for this session', { id: 'compose.pgpRemember' })}</label
          ></span
        >
        <p class="error" role="alert" data-testid="compose-pgp-passphrase-error">${this.error}</p>
        <div class="dialog-actions">
          <button type="button" @click=${() => this.finish(false)}>
            ${msg('Cancel', { id: 'common.cancel' })}
          </button>
          <button
            type="submit"
            class="primary"
            data-testid="compose-pgp-unlock"
            ?disabled=${this.working}
          >
            ${msg('Unlock and send', { id: 'compose.pgpUnlock' })}
          </button>
        </div>
      </form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-pgp-passphrase': BzPgpPassphrase;
  }
}
