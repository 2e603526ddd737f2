import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { parseRecipients } from '../../mail/recipients.js';
import type { MailAddress } from '../../mail/types.js';
import type { IdentityInput, SenderIdentity } from '../../state/identity-types.js';
import { formatAddresses } from '../compose/recipients.js';
import { baseStyles } from '../shared/styles.js';
import './bz-signature-field.js';
import type { BzSignatureField } from './bz-signature-field.js';

/** `ana@x.org` → `ana+@x.org`: what a new identity's address starts from (SEND-7). */
export function plusAddressStart(signIn: string): string {
  const at = signIn.lastIndexOf('@');
  return at < 0 ? '' : `${signIn.slice(0, at)}+${signIn.slice(at)}`;
}

/**
 * SEND-7, SEND-16: add a sender identity (a plus-address of the sign-in address) or edit
 * one: display name, reply-to addresses, automatic Bcc and the signature, plain or rich
 * (bz-signature-field).
 * Only collects the fields; `save` (from the section) talks to the service and throws a
 * text to show when it refuses. Nothing typed is lost on a refusal: the fields keep their
 * text until the section closes the form.
 */
@customElement('bz-identity-form')
@localized()
export class BzIdentityForm extends LitElement {
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

  /** The identity being edited, or null to add one. */
  @property({ attribute: false }) identity: SenderIdentity | null = null;
  /** The address the user signed in with: new identities are plus-addresses of it. */
  @property() signIn = '';
  @property({ attribute: false }) save: (address: string, input: IdentityInput) => Promise<void> =
    async () => {};
  @property({ attribute: false }) cancel: () => void = () => {};
  @state() private error = '';
  @state() private busy = false;
  @query('[name="address"]') private addressInput?: HTMLInputElement;
  @query('bz-signature-field') private signatureField?: BzSignatureField;

  protected override firstUpdated(): void {
    // The cursor goes right after the "+", where the user types the new part.
    const input = this.addressInput;
    if (!input) return;
    input.focus();
    const at = input.value.lastIndexOf('@');
    if (at > 0) input.setSelectionRange(at, at);
  }

  /** The addresses of one field, or a sentence naming what is not an address. */
  private addresses(text: string): MailAddress[] | string {
    const { addresses, invalid } = parseRecipients(text);
    if (invalid.length === 0) return addresses;
    const bad = invalid.join(', ');
    return msg(str`Not an e-mail address: ${bad}`, { id: 'identities.notAddress' });
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const data = new FormData(e.target as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '');
    const replyTo = this.addresses(text('replyTo'));
    const bcc = this.addresses(text('bcc'));
    if (typeof replyTo === 'string' || typeof bcc === 'string') {
      this.error = typeof replyTo === 'string' ? replyTo : String(bcc);
      return;
    }
    const signature = this.signatureField?.value() ?? { text: '', html: '' };
    if (typeof signature === 'string') {
      this.error = signature;
      return;
    }
    const address = this.identity ? this.identity.address : text('address').trim();
    const input: IdentityInput = {
      name: text('name').trim(),
      replyTo,
      bcc,
      signature: signature.text,
      htmlSignature: signature.html,
    };
    this.busy = true;
    this.error = '';
    try {
      await this.save(address, input);
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  }

  private renderAddress() {
    const id = this.identity;
    if (id)
      return html`<p>
        ${msg('Address', { id: 'identities.address' })}:
        <strong data-testid="identity-form-address">${id.address}</strong>
      </p>`;
    const signIn = this.signIn;
    return html`<label>
      ${msg('Address', { id: 'identities.address' })}
      <input
        name="address"
        type="text"
        inputmode="email"
        required
        autocomplete="off"
        autocapitalize="off"
        spellcheck="false"
        data-testid="identity-address"
        aria-describedby="address-hint"
        .value=${plusAddressStart(signIn)}
      />
      <span class="hint" id="address-hint"
        >${msg(str`Only plus-addresses of ${signIn} can be added: type a word after the "+".`, { id: 'identities.addressHint' })}</span
      >
    </label>`;
  }

  override render() {
    const id = this.identity;
    return html`<form
      data-testid="identity-form"
      @submit=${(e: SubmitEvent) => void this.submit(e)}
    >
      ${this.renderAddress()}
      <label>
        ${msg('Display name', { id: 'identities.name' })}
        <input
          name="name"
          autocomplete="off"
          data-testid="identity-name"
          .value=${id?.name ?? ''}
        />
      </label>
      <label>
        ${msg('Reply-to addresses', { id: 'identities.replyTo' })}
        <input
          name="replyTo"
          autocomplete="off"
          spellcheck="false"
          data-testid="identity-reply-to"
          .value=${formatAddresses(id?.replyTo ?? [])}
        />
        <span class="hint"
          >${msg('Replies go there instead; leave empty for this address.', { id: 'identities.replyToHint' })}</span
        >
      </label>
      <label>
        ${msg('Always send a copy (Bcc) to', { id: 'identities.bcc' })}
        <input
          name="bcc"
          autocomplete="off"
          spellcheck="false"
          data-testid="identity-bcc"
          .value=${formatAddresses(id?.bcc ?? [])}
        />
      </label>
      <bz-signature-field
        .text=${id?.signature ?? ''}
        .html=${id?.htmlSignature ?? ''}
      ></bz-signature-field>
      ${this.error ? html`<p class="error" role="alert" data-testid="identity-form-error">${this.error}</p>` : nothing}
      <div class="dialog-actions">
        <button type="button" @click=${() => this.cancel()}>
          ${msg('Cancel', { id: 'common.cancel' })}
        </button>
        <button class="primary" type="submit" data-testid="identity-save" ?disabled=${this.busy}>
          ${id ? msg('Save', { id: 'identities.save' }) : msg('Add identity', { id: 'identities.add' })}
        </button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-identity-form': BzIdentityForm;
  }
}
