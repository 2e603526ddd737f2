import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { PgpErrorKind } from '../../../pgp/crypto/errors.js';
import type { PgpKeyView } from '../../../state/pgp-types.js';
import { baseStyles } from '../../shared/styles.js';
import { decryptErrorText, keyLabel } from './pgp-status-text.js';
import { pgpReaderStyles } from './pgp-reader-styles.js';

export type DecryptRun = (unlock?: {
  passphrase: string;
  rememberForSession: boolean;
}) => Promise<void>;

const KINDS: readonly PgpErrorKind[] = [
  'wrong-passphrase',
  'passphrase-needed',
  'no-key',
  'tampered',
  'malformed',
];

/** The typed PgpError's kind (the service rebuilds them from the worker's), else 'other'. */
function kindOf(err: unknown): PgpErrorKind | 'other' {
  const kind = (err as { kind?: unknown } | null)?.kind;
  return KINDS.find((k) => k === kind) ?? 'other';
}

/**
 * PGP-4: the Decrypt button and, when the key is locked, the passphrase prompt. The
 * passphrase lives only in the field and the call: the field is emptied on every try.
 * A failed decryption shows why, by kind, and never any text of the message.
 */
@customElement('bz-pgp-decrypt')
@localized()
export class BzPgpDecrypt extends LitElement {
  static override styles = [
    baseStyles,
    pgpReaderStyles,
    css`
      :host {
        display: contents;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: center;
        flex-basis: 100%;
      }
      input[type='password'] {
        font: inherit;
        padding: 0.25rem 0.4rem;
        min-width: 12rem;
      }
    `,
  ];

  /** Whether the key's passphrase must be asked (not remembered for the session). */
  @property({ attribute: false }) needsPassphrase = false;
  @property({ attribute: false }) decryptWith: PgpKeyView | null = null;
  @property({ attribute: false }) run: DecryptRun | null = null;

  @state() private asking = false;
  @state() private busy = false;
  @state() private error = '';

  @query('input[type="password"]') private passphrase?: HTMLInputElement;
  @query('input[type="checkbox"]') private remember?: HTMLInputElement;

  private async attempt(unlock?: { passphrase: string; rememberForSession: boolean }) {
    if (!this.run) return;
    this.busy = true;
    this.error = '';
    try {
      await this.run(unlock);
      this.asking = false;
    } catch (err) {
      const kind = kindOf(err);
      this.error = decryptErrorText(kind, err instanceof Error ? err.message : String(err));
      // A remembered passphrase may have expired meanwhile: ask for it then.
      this.asking = kind === 'wrong-passphrase' || kind === 'passphrase-needed';
    } finally {
      this.busy = false;
    }
    if (this.asking) {
      await this.updateComplete;
      this.passphrase?.focus();
    }
  }

  private async start(): Promise<void> {
    if (!this.needsPassphrase) return this.attempt();
    this.asking = true;
    this.error = '';
    await this.updateComplete;
    this.passphrase?.focus();
  }

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    const field = this.passphrase;
    if (!field?.value) return;
    const passphrase = field.value;
    field.value = ''; // never kept, not even in the page after the try
    void this.attempt({ passphrase, rememberForSession: this.remember?.checked ?? false });
  }

  private renderPrompt() {
    const key = this.decryptWith ? keyLabel(this.decryptWith) : '';
    return html`<form @submit=${this.submit} data-testid="pgp-passphrase-form">
      <label>
        ${msg(str`Passphrase of your key ${key}`, { id: 'pgpReader.passphraseFor' })}
        <input
          type="password"
          autocomplete="off"
          required
          ?disabled=${this.busy}
          data-testid="pgp-passphrase"
        />
      </label>
      <label>
        <input type="checkbox" ?disabled=${this.busy} data-testid="pgp-remember" />
        ${msg('Remember for this session', { id: 'pgpReader.remember' })}
      </label>
      <button class="primary" type="submit" ?disabled=${this.busy}>
        ${msg('Decrypt', { id: 'pgpReader.decrypt' })}
      </button>
    </form>`;
  }

  override render() {
    return html`${
      this.asking
        ? this.renderPrompt()
        : html`<button
            class="primary"
            data-testid="pgp-decrypt"
            ?disabled=${this.busy}
            @click=${() => void this.start()}
          >
            ${msg('Decrypt', { id: 'pgpReader.decrypt' })}
          </button>`
    }
    ${
      this.busy
        ? html`<span role="status" data-testid="pgp-decrypting">
            <progress
              aria-label=${msg('Decrypting', { id: 'pgpReader.decryptingLabel' })}
            ></progress>
            ${msg('Decrypting…', { id: 'pgpReader.decrypting' })}
          </span>`
        : nothing
    }
    ${this.error ? html`<p class="error" role="alert" data-testid="pgp-decrypt-error">${this.error}</p>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-pgp-decrypt': BzPgpDecrypt;
  }
}
