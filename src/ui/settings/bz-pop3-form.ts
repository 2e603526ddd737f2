import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { Pop3Account, Pop3AccountInput, Pop3Preset } from '../../state/types.js';
import { baseStyles } from '../shared/styles.js';

/** The choices of the automatic check, in minutes; the proxy refuses less than 5. */
const AUTO_CHOICES = [5, 15, 30, 60] as const;
const TYPED = '';

/**
 * EXTERNAL-1: add or edit one POP3 account. Only collects and checks the fields; `save`
 * (from the section) talks to the proxy and throws a text to show when it refuses.
 */
@customElement('bz-pop3-form')
@localized()
export class BzPop3Form extends LitElement {
  static override styles = [
    baseStyles,
    css`
      form {
        display: grid;
        gap: 0.6rem;
      }
      label {
        display: grid;
        gap: 0.2rem;
      }
      label.check {
        display: flex;
        gap: 0.5rem;
        align-items: flex-start;
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

  @property({ attribute: false }) presets: Pop3Preset[] = [];
  @property({ type: Boolean }) typedHosts = false;
  /** The account being edited, or null to add one. */
  @property({ attribute: false }) account: Pop3Account | null = null;
  @property({ attribute: false }) save: (input: Pop3AccountInput) => Promise<void> = async () => {};
  @property({ attribute: false }) cancel: () => void = () => {};
  @state() private preset = TYPED;
  @state() private error = '';
  @state() private busy = false;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('account') || changed.has('presets'))
      this.preset = this.account ? (this.account.preset ?? TYPED) : (this.presets[0]?.id ?? TYPED);
  }

  private value(form: HTMLFormElement, name: string): string {
    const el = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
    return el?.value.trim() ?? '';
  }

  private checked(form: HTMLFormElement, name: string): boolean {
    return (form.elements.namedItem(name) as HTMLInputElement | null)?.checked ?? false;
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const input: Pop3AccountInput = {
      username: this.value(form, 'username'),
      leaveOnServer: this.checked(form, 'leaveOnServer'),
      newOnly: this.checked(form, 'newOnly'),
    };
    const name = this.value(form, 'name');
    if (name) input.name = name;
    const password = (form.elements.namedItem('password') as HTMLInputElement).value;
    if (password) input.password = password;
    const auto = this.value(form, 'auto');
    input.autoMinutes = auto ? Number(auto) : null;
    if (this.preset !== TYPED) input.preset = this.preset;
    else {
      input.host = this.value(form, 'host');
      input.tls = this.value(form, 'tls') === 'starttls' ? 'starttls' : 'implicit';
    }
    this.busy = true;
    this.error = '';
    try {
      await this.save(input);
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  }

  private renderServer(a: Pop3Account | null) {
    if (this.preset !== TYPED) return nothing;
    return html`<label>
        ${msg('Server', { id: 'pop3.host' })}
        <input
          name="host"
          data-testid="pop3-host"
          required
          autocomplete="off"
          .value=${a?.preset === null ? a.host : ''}
        />
      </label>
      <label>
        ${msg('Security', { id: 'pop3.security' })}
        <select name="tls" data-testid="pop3-tls">
          <option value="implicit" ?selected=${a?.tls !== 'starttls'}>
            ${msg('SSL/TLS (port 995)', { id: 'pop3.tlsImplicit' })}
          </option>
          <option value="starttls" ?selected=${a?.tls === 'starttls'}>
            ${msg('STARTTLS (port 110)', { id: 'pop3.tlsStarttls' })}
          </option>
        </select>
      </label>`;
  }

  override render() {
    const a = this.account;
    return html`<form data-testid="pop3-form" @submit=${(e: Event) => void this.submit(e)}>
      <label>
        ${msg('POP3 server', { id: 'pop3.server' })}
        <select
          name="preset"
          data-testid="pop3-preset"
          @change=${(e: Event) => (this.preset = (e.target as HTMLSelectElement).value)}
        >
          ${this.presets.map((p) => html`<option value=${p.id} ?selected=${this.preset === p.id}>${p.name}</option>`)}
          ${
            this.typedHosts || a?.preset === null
              ? html`<option value=${TYPED} ?selected=${this.preset === TYPED}>
                  ${msg('Other server (POP3)…', { id: 'pop3.otherServer' })}
                </option>`
              : nothing
          }
        </select>
      </label>
      ${this.renderServer(a)}
      <label>
        ${msg('Username', { id: 'pop3.username' })}
        <input
          name="username"
          data-testid="pop3-username"
          required
          autocomplete="off"
          .value=${a?.username ?? ''}
        />
      </label>
      <label>
        ${msg('Password', { id: 'pop3.password' })}
        <input
          name="password"
          type="password"
          data-testid="pop3-password"
          autocomplete="new-password"
          ?required=${!a || !a.passwordSaved}
        />
        ${a ? html`<span class="hint">${msg('Leave empty to keep the saved password.', { id: 'pop3.passwordKeep' })}</span>` : nothing}
      </label>
      <label>
        ${msg('Name (optional)', { id: 'pop3.name' })}
        <input name="name" data-testid="pop3-name" autocomplete="off" .value=${a?.name ?? ''} />
      </label>
      <label class="check">
        <input
          type="checkbox"
          name="leaveOnServer"
          data-testid="pop3-leave"
          .checked=${a ? a.leaveOnServer : true}
        />
        <span
          >${msg('Leave messages on the server', { id: 'pop3.leave' })}
          <span class="hint"
            >${msg('Otherwise they are deleted there once they are in your Inbox.', { id: 'pop3.leaveHint' })}</span
          ></span
        >
      </label>
      <label class="check">
        <input
          type="checkbox"
          name="newOnly"
          data-testid="pop3-new-only"
          .checked=${a ? a.newOnly : true}
        />
        <span
          >${msg('Download new messages only', { id: 'pop3.newOnly' })}
          <span class="hint"
            >${msg('Keep this on when you leave messages on the server.', { id: 'pop3.newOnlyHint' })}</span
          ></span
        >
      </label>
      <label>
        ${msg('Check automatically', { id: 'pop3.auto' })}
        <select name="auto" data-testid="pop3-auto">
          <option value="" ?selected=${!a?.autoMinutes}>
            ${msg('Never (only by hand)', { id: 'pop3.autoOff' })}
          </option>
          ${AUTO_CHOICES.map(
            (m) =>
              html`<option value=${m} ?selected=${a?.autoMinutes === m}>
                ${msg(str`Every ${m} minutes while you are signed in`, { id: 'pop3.autoEvery' })}
              </option>`,
          )}
        </select>
      </label>
      ${this.error ? html`<p class="error" role="alert" data-testid="pop3-form-error">${this.error}</p>` : nothing}
      <div class="dialog-actions">
        <button type="button" @click=${() => this.cancel()}>
          ${msg('Cancel', { id: 'common.cancel' })}
        </button>
        <button class="primary" type="submit" data-testid="pop3-save" ?disabled=${this.busy}>
          ${a ? msg('Save', { id: 'pop3.save' }) : msg('Add account', { id: 'pop3.add' })}
        </button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-pop3-form': BzPop3Form;
  }
}
