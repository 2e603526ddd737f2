import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg } from '@lit/localize';
import { accountServiceContext } from '../../state/context.js';
import type { AccountService, ProviderInfo, SignInRequest } from '../../state/types.js';
import { baseStyles } from '../shared/styles.js';
import { customServerFields, customSmtpFields, typedSmtpServer } from './custom-server-fields.js';
import { DEFAULT_DAYS, WINDOWS, windowLabel, windowValue } from './offline-window.js';

const DEFAULT_WINDOW = windowValue(DEFAULT_DAYS);

/**
 * Issue 3 sign-in: provider, username, password and the offline window. The password goes
 * to the account service (and from there only to the proxy) and is cleared from the form
 * when the dialog closes. The proxy's errors are shown as text in an alert region.
 */
@customElement('bz-sign-in-dialog')
@localized()
export class BzSignInDialog extends LitElement {
  static override styles = [
    baseStyles,
    css`
      form {
        display: grid;
        gap: 0.7rem;
        min-width: min(22rem, 80vw);
      }
      label {
        display: grid;
        gap: 0.2rem;
      }
      input,
      select {
        box-sizing: border-box;
        width: 100%;
        min-width: 0;
      }
      .custom {
        display: grid;
        grid-template-columns: 1fr 6rem;
        gap: 0.7rem;
      }
      .custom label:last-child {
        grid-column: 1 / -1;
      }
      .error {
        color: var(--bz-danger);
        margin: 0;
        min-height: 1.2em;
      }
      .hint {
        color: var(--bz-muted);
        font-size: 0.85em;
        margin: 0;
      }
    `,
  ];

  @consume({ context: accountServiceContext, subscribe: true }) accounts?: AccountService;

  @state() private providers: ProviderInfo[] | null = null;
  @state() private providerId = '';
  @state() private working = false;
  @state() private error = '';
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('form') private form!: HTMLFormElement;

  /** Opens the dialog with an empty form and (re)loads the providers. */
  /**
   * Opens the dialog; `again` (the server wants the password again) fills in the shown
   * account's provider and username, so only the password is asked.
   */
  async show(opts: { again?: boolean } = {}): Promise<void> {
    this.error = '';
    const account = opts.again ? this.accounts?.current() : null;
    if (account) this.providerId = account.providerId;
    this.dialog.showModal();
    await this.loadProviders();
    if (!account) return;
    await this.updateComplete;
    const username = this.renderRoot.querySelector<HTMLInputElement>('[name="username"]');
    const password = this.renderRoot.querySelector<HTMLInputElement>('[name="password"]');
    if (username) username.value = account.username;
    password?.focus();
  }

  private async loadProviders(): Promise<void> {
    try {
      const list = (await this.accounts?.listProviders()) ?? [];
      this.providers = list;
      if (!list.some((p) => p.id === this.providerId)) this.providerId = list[0]?.id ?? '';
    } catch (err) {
      this.providers = null;
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  private onClose(): void {
    // Nothing of the password outlives the dialog, not even in the DOM.
    this.form.reset();
    this.working = false;
  }

  /**
   * Closes with the form already empty: the `close` event (onClose, which also serves Esc)
   * comes a task later, and the dialog must never be seen closed with the password in it.
   */
  private close(): void {
    this.form.reset();
    this.dialog.close();
  }

  private request(data: FormData): SignInRequest {
    const text = (name: string) => String(data.get(name) ?? '');
    const chosen = WINDOWS.find((w) => w.value === text('window'));
    const req: SignInRequest = {
      providerId: this.providerId,
      username: text('username').trim(),
      password: text('password'),
      offlineWindowDays: chosen ? chosen.days : DEFAULT_DAYS,
    };
    if (this.selected()?.custom) {
      req.host = text('host').trim();
      req.port = Number(text('port'));
      req.tls = text('tls') !== 'starttls';
      const smtp = typedSmtpServer(data);
      if (smtp) req.smtp = smtp;
    }
    return req;
  }

  private async onSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.working || !this.accounts || !this.providerId) return;
    const req = this.request(new FormData(this.form));
    this.working = true;
    this.error = '';
    try {
      await this.accounts.signIn(req);
      // The service reloads the page into the account; close in case it does not.
      this.close();
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.working = false;
    }
  }

  private selected(): ProviderInfo | undefined {
    return this.providers?.find((p) => p.id === this.providerId);
  }

  private renderProvider(list: ProviderInfo[]) {
    if (list.length === 0)
      return html`<p class="hint">
        ${msg('This server has no mail provider configured yet; see the README.', {
          id: 'signIn.noProviders',
        })}
      </p>`;
    return html`<label>
      ${msg('Provider', { id: 'signIn.provider' })}
      <select
        name="provider"
        data-testid="sign-in-provider"
        @change=${(e: Event) => (this.providerId = (e.target as HTMLSelectElement).value)}
      >
        ${list.map(
          (p) =>
            html`<option value=${p.id} ?selected=${p.id === this.providerId}>
              ${p.custom ? msg('Other server…', { id: 'signIn.otherServer' }) : p.name}
            </option>`,
        )}
      </select>
    </label>`;
  }

  private renderFields(list: ProviderInfo[]) {
    return html`${this.renderProvider(list)}
      ${this.selected()?.custom ? html`${customServerFields()}${customSmtpFields()}` : nothing}
      <label>
        ${msg('Username', { id: 'signIn.username' })}
        <input
          name="username"
          required
          autocomplete="username"
          autocapitalize="off"
          spellcheck="false"
          data-testid="sign-in-username"
        />
      </label>
      <label>
        ${msg('Password', { id: 'signIn.password' })}
        <input
          name="password"
          type="password"
          required
          autocomplete="current-password"
          data-testid="sign-in-password"
        />
      </label>
      <label>
        ${msg('Keep on this device', { id: 'signIn.window' })}
        <select name="window" data-testid="sign-in-window">
          ${WINDOWS.map(
            (w) =>
              html`<option value=${w.value} ?selected=${w.value === DEFAULT_WINDOW}>
                ${windowLabel(w.days)}
              </option>`,
          )}
        </select>
      </label>
      <p class="hint">
        ${msg('Your password goes to the mail server only; this browser does not keep it.', {
          id: 'signIn.passwordHint',
        })}
      </p>`;
  }

  override render() {
    const list = this.providers;
    return html`<dialog aria-labelledby="h" data-testid="sign-in-dialog" @close=${this.onClose}>
      <form @submit=${this.onSubmit} aria-busy=${this.working ? 'true' : 'false'}>
        <h2 id="h">${msg('Sign in to a mail account', { id: 'signIn.title' })}</h2>
        ${
          list
            ? this.renderFields(list)
            : this.error
              ? nothing
              : html`<p>${msg('Loading…', { id: 'common.loading' })}</p>`
        }
        <p class="error" role="alert" data-testid="sign-in-error">${this.error}</p>
        <div class="dialog-actions">
          <button type="button" @click=${() => this.close()}>
            ${msg('Cancel', { id: 'common.cancel' })}
          </button>
          <button
            type="submit"
            class="primary"
            data-testid="sign-in-submit"
            ?disabled=${this.working || !list?.length}
          >
            ${
              this.working
                ? msg('Signing in…', { id: 'signIn.working' })
                : msg('Sign in', { id: 'signIn.submit' })
            }
          </button>
        </div>
      </form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-sign-in-dialog': BzSignInDialog;
  }
}
