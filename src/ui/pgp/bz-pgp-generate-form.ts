import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg } from '@lit/localize';
import { identityServiceContext } from '../../state/context.js';
import type { IdentityServiceLoader, SenderIdentity } from '../../state/identity-types.js';
import type { PgpKeyView, PgpService } from '../../state/pgp-types.js';
import { baseStyles } from '../shared/styles.js';
import { downloadKeyText } from './downloads.js';
import { failed } from './pgp-errors.js';
import { renderFingerprint } from './pgp-key-row.js';
import { pgpStyles } from './pgp-styles.js';

/** A plausible address: the service and the key's user id need one; the server checks more. */
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

/**
 * PGP-1: a new key pair for one of the user's addresses. Name and address start from the
 * sender identities when there are any (else they are typed); the passphrase is typed
 * twice and never stored. While the key is made a progress line shows; afterwards the
 * fingerprint, and the revocation certificate to download and keep apart.
 */
@customElement('bz-pgp-generate-form')
@localized()
export class BzPgpGenerateForm extends LitElement {
  static override styles = [baseStyles, pgpStyles];

  @consume({ context: identityServiceContext, subscribe: true })
  identityLoader?: IdentityServiceLoader;
  @property({ attribute: false }) service?: PgpService;
  /** Called by "Cancel" and by "Done" once the key exists. */
  @property({ attribute: false }) onDone: () => void = () => undefined;
  @state() private identities: SenderIdentity[] = [];
  @state() private name = '';
  @state() private email = '';
  @state() private generating = false;
  @state() private problem = '';
  @state() private made: { key: PgpKeyView; revocationCertificate: string } | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadIdentities();
  }

  private async loadIdentities(): Promise<void> {
    try {
      const list = (await (await this.identityLoader?.())?.list()) ?? [];
      this.identities = list;
      const first = list.find((i) => i.isDefault) ?? list[0];
      if (first && !this.email) this.pick(first);
    } catch {
      // Without identities the user types name and address: nothing is lost.
    }
  }

  private pick(identity: SenderIdentity | undefined): void {
    if (!identity) return;
    this.name = identity.name;
    this.email = identity.address;
  }

  private async onSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.generating || !this.service) return;
    const form = e.target as HTMLFormElement;
    const passphrase = (form.elements.namedItem('passphrase') as HTMLInputElement).value;
    const repeat = (form.elements.namedItem('repeat') as HTMLInputElement).value;
    const email = this.email.trim();
    if (!ADDRESS.test(email))
      this.problem = msg('Enter the address this key is for.', { id: 'pgp.gen.noAddress' });
    else if (!passphrase)
      this.problem = msg('Choose a passphrase.', { id: 'pgp.gen.noPassphrase' });
    else if (passphrase !== repeat)
      this.problem = msg('The two passphrases are not the same.', { id: 'pgp.gen.mismatch' });
    else {
      this.problem = '';
      this.generating = true;
      try {
        this.made = await this.service.generateKey({ name: this.name.trim(), email, passphrase });
        form.reset();
      } catch (err) {
        this.problem = failed(msg('Could not create the key pair', { id: 'pgp.gen.error' }), err);
      } finally {
        this.generating = false;
      }
    }
  }

  private renderIdentityChoice() {
    if (this.identities.length < 2) return nothing;
    return html`<label class="field">
      ${msg('For the identity', { id: 'pgp.gen.identity' })}
      <select
        name="identity"
        @change=${(e: Event) => this.pick(this.identities[Number((e.target as HTMLSelectElement).value)])}
      >
        ${this.identities.map(
          (i, n) =>
            html`<option value=${n} ?selected=${i.address === this.email}>
              ${i.name ? `${i.name} <${i.address}>` : i.address}
            </option>`,
        )}
      </select>
    </label>`;
  }

  private renderMade(made: { key: PgpKeyView; revocationCertificate: string }) {
    return html`<div class="card" data-testid="generated">
      <p class="done" role="status">${msg('Your key pair is ready.', { id: 'pgp.gen.done' })}</p>
      ${renderFingerprint(made.key.fingerprint)}
      <p>
        ${msg(
          'Download the revocation certificate now and keep it apart from the key, for example printed: if you lose the key or forget its passphrase, it tells your correspondents the key is no longer in use. Anyone who has it can revoke your key.',
          { id: 'pgp.gen.revocationHint' },
        )}
      </p>
      <div class="actions">
        <button
          type="button"
          @click=${() => downloadKeyText(made.key, 'revocation', made.revocationCertificate)}
        >
          ${msg('Download the revocation certificate', { id: 'pgp.gen.downloadRevocation' })}
        </button>
        <button type="button" class="primary" @click=${() => this.onDone()}>
          ${msg('Done', { id: 'pgp.done' })}
        </button>
      </div>
    </div>`;
  }

  override render() {
    if (this.made) return this.renderMade(this.made);
    return html`<form @submit=${this.onSubmit} aria-labelledby="gen-h">
      <h3 id="gen-h">${msg('New key pair', { id: 'pgp.gen.title' })}</h3>
      ${this.renderIdentityChoice()}
      <label class="field">
        ${msg('Name', { id: 'pgp.gen.name' })}
        <input
          name="name"
          autocomplete="name"
          .value=${this.name}
          ?disabled=${this.generating}
          @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)}
        />
      </label>
      <label class="field">
        ${msg('Address', { id: 'pgp.gen.address' })}
        <input
          name="email"
          type="email"
          autocomplete="email"
          .value=${this.email}
          ?disabled=${this.generating}
          @input=${(e: Event) => (this.email = (e.target as HTMLInputElement).value)}
        />
      </label>
      <label class="field">
        ${msg('Passphrase', { id: 'pgp.passphrase' })}
        <input
          name="passphrase"
          type="password"
          autocomplete="new-password"
          ?disabled=${this.generating}
        />
      </label>
      <label class="field">
        ${msg('Repeat the passphrase', { id: 'pgp.gen.repeat' })}
        <input
          name="repeat"
          type="password"
          autocomplete="new-password"
          ?disabled=${this.generating}
        />
      </label>
      <p class="hint">
        ${msg(
          'The passphrase protects your private key. Buzón never stores it and cannot recover it: without it the key can no longer sign or open mail encrypted to it.',
          { id: 'pgp.gen.passphraseHint' },
        )}
      </p>
      ${
        this.generating
          ? html`<div class="busy" role="status">
              <progress></progress>${msg('Creating the key pair…', { id: 'pgp.gen.busy' })}
            </div>`
          : nothing
      }
      ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
      <div class="actions">
        <button type="button" ?disabled=${this.generating} @click=${() => this.onDone()}>
          ${msg('Cancel', { id: 'common.cancel' })}
        </button>
        <button type="submit" class="primary" ?disabled=${this.generating || !this.service}>
          ${msg('Create key pair', { id: 'pgp.gen.submit' })}
        </button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-pgp-generate-form': BzPgpGenerateForm;
  }
}
