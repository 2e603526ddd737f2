import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import type {
  ExternalImapAccount,
  ExternalImapAccountChange,
  ExternalImapAccountInput,
  ProviderInfo,
} from '../../state/types.js';
import {
  customServerFields,
  customSmtpFields,
  typedSmtpServer,
} from '../account/custom-server-fields.js';
import { baseStyles } from '../shared/styles.js';

/** What the form hands the section: a new account, or the changes to an existing one. */
export type ImapAccountFormResult =
  | { kind: 'add'; input: ExternalImapAccountInput }
  | { kind: 'change'; change: ExternalImapAccountChange };

/**
 * EXTERNAL-2: add another IMAP account (address, provider — "Other server" with host,
 * port and TLS where the proxy allows it —, username, password), or change one's address
 * or password. Only collects the fields; `save` (from the section) talks to the proxy and
 * throws a text to show when it refuses.
 */
@customElement('bz-imap-account-form')
@localized()
export class BzImapAccountForm extends LitElement {
  static override styles = [
    baseStyles,
    css`
      form,
      .custom {
        display: grid;
        gap: 0.6rem;
      }
      label {
        display: grid;
        gap: 0.2rem;
      }
      .hint {
        display: block;
        color: var(--bz-muted);
        font-size: 0.85em;
      }
      .error {
        color: var(--bz-danger, #b00020);
      }
    `,
  ];

  @property({ attribute: false }) providers: ProviderInfo[] = [];
  /** The account being changed, or null to add one. */
  @property({ attribute: false }) account: ExternalImapAccount | null = null;
  @property({ attribute: false }) save: (result: ImapAccountFormResult) => Promise<void> =
    async () => {};
  @property({ attribute: false }) cancel: () => void = () => {};
  @state() private providerId = '';
  @state() private error = '';
  @state() private busy = false;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('providers') && !this.providers.some((p) => p.id === this.providerId))
      this.providerId = this.providers[0]?.id ?? '';
  }

  private result(data: FormData): ImapAccountFormResult {
    const text = (name: string) => String(data.get(name) ?? '');
    const address = text('address').trim();
    const password = text('password');
    const a = this.account;
    if (a) {
      const change: ExternalImapAccountChange = {};
      if (address !== a.address) change.address = address;
      if (password) change.password = password;
      return { kind: 'change', change };
    }
    const input: ExternalImapAccountInput = {
      address,
      providerId: this.providerId,
      username: text('username').trim(),
      password,
    };
    if (this.providers.find((p) => p.id === this.providerId)?.custom) {
      input.server = {
        host: text('host').trim(),
        port: Number(text('port')),
        tls: text('tls') === 'starttls' ? 'starttls' : 'implicit',
      };
      // EXTERNAL-3: with an outgoing server, mail can be sent as this account.
      const smtp = typedSmtpServer(data);
      if (smtp) input.smtp = smtp;
    }
    return { kind: 'add', input };
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const form = e.target as HTMLFormElement;
    const result = this.result(new FormData(form));
    this.busy = true;
    this.error = '';
    try {
      await this.save(result);
      // Nothing of the password outlives the form, not even in the DOM.
      form.reset();
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  }

  private renderServer() {
    const custom = this.providers.find((p) => p.id === this.providerId)?.custom;
    return html`<label>
        ${msg('Provider', { id: 'signIn.provider' })}
        <select
          name="provider"
          data-testid="imap-provider"
          @change=${(e: Event) => (this.providerId = (e.target as HTMLSelectElement).value)}
        >
          ${this.providers.map(
            (p) =>
              html`<option value=${p.id} ?selected=${p.id === this.providerId}>
                ${p.custom ? msg('Other server…', { id: 'signIn.otherServer' }) : p.name}
              </option>`,
          )}
        </select>
      </label>
      ${custom ? html`${customServerFields()}${customSmtpFields()}` : nothing}
      <label>
        ${msg('Username', { id: 'signIn.username' })}
        <input
          name="username"
          required
          autocomplete="off"
          autocapitalize="off"
          spellcheck="false"
          data-testid="imap-username"
        />
      </label>`;
  }

  override render() {
    const a = this.account;
    return html`<form data-testid="imap-form" @submit=${(e: SubmitEvent) => void this.submit(e)}>
      <label>
        ${msg('Address (the name of its folder)', { id: 'imapAccounts.address' })}
        <input
          name="address"
          type="email"
          required
          autocomplete="off"
          autocapitalize="off"
          spellcheck="false"
          data-testid="imap-address"
          .value=${a?.address ?? ''}
        />
      </label>
      ${a ? nothing : this.renderServer()}
      <label>
        ${msg('Password', { id: 'signIn.password' })}
        <input
          name="password"
          type="password"
          autocomplete="new-password"
          data-testid="imap-password"
          ?required=${!a || !a.passwordSaved}
        />
        ${a ? html`<span class="hint">${msg('Leave empty to keep the saved password.', { id: 'imapAccounts.passwordKeep' })}</span>` : nothing}
      </label>
      ${this.error ? html`<p class="error" role="alert" data-testid="imap-form-error">${this.error}</p>` : nothing}
      <div class="dialog-actions">
        <button type="button" @click=${() => this.cancel()}>
          ${msg('Cancel', { id: 'common.cancel' })}
        </button>
        <button class="primary" type="submit" data-testid="imap-save" ?disabled=${this.busy}>
          ${
            a
              ? msg('Save', { id: 'imapAccounts.save' })
              : msg('Add account', { id: 'imapAccounts.add' })
          }
        </button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-imap-account-form': BzImapAccountForm;
  }
}
