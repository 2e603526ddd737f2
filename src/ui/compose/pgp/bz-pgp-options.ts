import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { baseStyles } from '../../shared/styles.js';
import { BzPgpOptionsChangeEvent } from './bz-pgp-options-change.js';
import { linksNotEncryptedText, missingKeysText, noSigningKeyText } from './pgp-text.js';

/**
 * PGP-2/3: the composer's "Sign" and "Encrypt" toggles for this message, shown when the
 * sender has an own usable key (else a quiet hint where to make one). While Encrypt is on,
 * Sign stays on (encryption is always signed) and the recipients without a key are listed.
 *
 * @fires bz-pgp-options-change - the user turned Sign or Encrypt on or off
 */
@customElement('bz-pgp-options')
@localized()
export class BzPgpOptions extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        font-size: 0.9em;
      }
      p {
        margin: 0.2rem 0 0;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem 1.2rem;
        align-items: center;
      }
      .row > span {
        display: inline-flex;
        gap: 0.4rem;
        align-items: center;
      }
      .quiet {
        color: var(--bz-muted);
      }
      .missing {
        padding: 0.4rem 0.6rem;
        border-radius: 6px;
        background: var(--bz-warning-bg);
        border: 1px solid var(--bz-warning);
        overflow-wrap: anywhere;
      }
    `,
  ];

  /** The sender has an own usable key (PgpSendCheck.signingKey). */
  @property({ type: Boolean }) available = false;
  /** The sender's address (named when Encrypt is on and it has no key). */
  @property() sender = '';
  @property({ type: Boolean }) sign = false;
  @property({ type: Boolean }) encrypt = false;
  /** PGP-3: recipients without a usable key (listed while Encrypt is on). */
  @property({ attribute: false }) missing: readonly string[] = [];
  /** SEND-15: the files go as links, which would not be encrypted: Encrypt is off limits. */
  @property({ type: Boolean }) links = false;

  private change(options: { sign: boolean; encrypt: boolean }): void {
    // Encryption is always signed (PGP-3).
    this.dispatchEvent(
      new BzPgpOptionsChangeEvent({
        sign: options.sign || options.encrypt,
        encrypt: options.encrypt,
      }),
    );
  }

  override render() {
    if (!this.available && !this.encrypt) {
      return html`<p class="quiet" data-testid="compose-pgp-hint">
        ${msg('To sign or encrypt, create a key in Settings → OpenPGP keys.', { id: 'compose.pgpHint' })}
      </p>`;
    }
    const checked = (e: Event) => (e.target as HTMLInputElement).checked;
    return html`<div class="row" role="group" aria-label="OpenPGP">
        <span
          ><input
            id="pgp-sign"
            type="checkbox"
            data-testid="compose-pgp-sign"
            .checked=${this.sign || this.encrypt}
            ?disabled=${this.encrypt}
            @change=${(e: Event) => this.change({ sign: checked(e), encrypt: this.encrypt })}
          /><label for="pgp-sign">${msg('Sign', { id: 'compose.pgpSign' })}</label></span
        >
        <span
          ><input
            id="pgp-encrypt"
            type="checkbox"
            data-testid="compose-pgp-encrypt"
            .checked=${this.encrypt}
            ?disabled=${this.links && !this.encrypt}
            @change=${(e: Event) => this.change({ sign: this.sign, encrypt: checked(e) })}
          /><label for="pgp-encrypt">${msg('Encrypt', { id: 'compose.pgpEncrypt' })}</label></span
        >
        ${this.note()}
      </div>
      ${
        this.encrypt && !this.available
          ? html`<p class="missing" role="status" data-testid="compose-pgp-no-key">
              ${noSigningKeyText(this.sender)}
            </p>`
          : nothing
      }
      ${
        this.encrypt && this.missing.length > 0
          ? html`<p class="missing" role="status" data-testid="compose-pgp-missing">
              ${missingKeysText(this.missing)}
            </p>`
          : nothing
      }`;
  }

  /** Why a box cannot be changed, and that drafts stay as written. */
  private note() {
    if (this.links && !this.encrypt) {
      return html`<span class="quiet" data-testid="compose-pgp-note"
        >${linksNotEncryptedText()}</span
      >`;
    }
    if (!this.encrypt) return nothing;
    return html`<span class="quiet" data-testid="compose-pgp-note"
      >${msg('Encrypted messages are always signed. Drafts and templates are saved unencrypted.', { id: 'compose.pgpEncryptNote' })}</span
    >`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-pgp-options': BzPgpOptions;
  }
}
