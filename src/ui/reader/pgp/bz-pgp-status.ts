import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import type { AttachmentInfo } from '../../../mail/types.js';
import type {
  PgpMessageStatus,
  PgpProtectionView,
  PgpSignatureView,
} from '../../../state/pgp-types.js';
import { baseStyles } from '../../shared/styles.js';
import type { PgpPhase, PgpReaderActions } from './pgp-reader-controller.js';
import {
  coverageText,
  encryptedText,
  malformedText,
  partLabel,
  problemText,
  signatureOk,
  signatureText,
} from './pgp-status-text.js';
import { pgpReaderStyles } from './pgp-reader-styles.js';
import './bz-pgp-decrypt.js';

/**
 * PGP-4: the reader's OpenPGP status, one line per protection found: signatures (by
 * whom, valid or not), what is encrypted (with the decrypt prompt), what is damaged, and
 * what could not be checked. A protection that covers only a part says so.
 */
@customElement('bz-pgp-status')
@localized()
export class BzPgpStatus extends LitElement {
  static override styles = [
    baseStyles,
    pgpReaderStyles,
    css`
      :host {
        display: block;
        margin-top: 0.5rem;
      }
    `,
  ];

  @property({ attribute: false }) phase: PgpPhase = 'none';
  @property({ attribute: false }) status: PgpMessageStatus | null = null;
  @property({ attribute: false }) error = '';
  @property({ attribute: false }) decryptedIndexes: readonly number[] = [];
  @property({ attribute: false }) attachments: readonly AttachmentInfo[] = [];
  /** The From address: what the key import looks up by WKD. */
  @property({ attribute: false }) sender = '';
  @property({ attribute: false }) actions: PgpReaderActions | null = null;

  /** PGP-1 through helper B's dialog, loaded on first use; after an import, check again. */
  private async importKey(): Promise<void> {
    await import('../../pgp/bz-pgp-import-dialog.js');
    let dialog = this.renderRoot.querySelector('bz-pgp-import-dialog');
    if (!dialog) {
      dialog = document.createElement('bz-pgp-import-dialog');
      dialog.addEventListener('bz-pgp-imported', () => this.actions?.reinspect());
      this.renderRoot.append(dialog);
    }
    dialog.input = null;
    dialog.source = 'imported';
    dialog.lookupAddress = this.sender;
    await dialog.updateComplete;
    await dialog.show();
  }

  private renderSignature(sig: PgpSignatureView, suffix: string) {
    const ok = signatureOk(sig);
    return html`<p
      class="line ${ok ? 'ok' : 'bad'}"
      data-testid="pgp-signature"
      data-status=${sig.status}
    >
      <span>${signatureText(sig)}${suffix ? ` ${suffix}` : ''}</span>
      ${
        sig.status === 'unknown-key'
          ? html`<button data-testid="pgp-import-key" @click=${() => void this.importKey()}>
              ${msg('Import key…', { id: 'pgpReader.importKey' })}
            </button>`
          : nothing
      }
    </p>`;
  }

  private renderProtection(p: PgpProtectionView, status: PgpMessageStatus) {
    const cover = coverageText(p, partLabel(p, this.attachments));
    switch (p.kind) {
      case 'signed':
        return p.signatures.length
          ? p.signatures.map((s) => this.renderSignature(s, cover))
          : html`<p class="line bad" data-testid="pgp-signature">
              ${msg('Signed, but the signature cannot be read.', { id: 'pgpReader.sigNone' })}
              ${cover}
            </p>`;
      case 'encrypted':
        return html`<div class="line enc" data-testid="pgp-encrypted">
          <span>${encryptedText(status.decryptWith)}${cover ? ` ${cover}` : ''}</span>
          ${
            this.decryptedIndexes.includes(p.index)
              ? html`<span class="done"
                  >${msg('Decrypted below.', { id: 'pgpReader.decryptedBelow' })}</span
                >`
              : status.decryptWith
                ? html`<bz-pgp-decrypt
                    .needsPassphrase=${!status.unlocked}
                    .decryptWith=${status.decryptWith}
                    .run=${(unlock?: { passphrase: string; rememberForSession: boolean }) =>
                      this.actions?.decrypt(p.index, unlock) ?? Promise.resolve()}
                  ></bz-pgp-decrypt>`
                : nothing
          }
        </div>`;
      case 'malformed':
        return html`<p class="line bad" data-testid="pgp-malformed">
          ${malformedText(p.reason)}${cover ? ` ${cover}` : ''}
        </p>`;
    }
  }

  override render() {
    if (this.phase === 'none') return nothing;
    if (this.phase === 'checking') {
      return html`<p class="line" role="status" data-testid="pgp-checking">
        <progress
          aria-label=${msg('Checking OpenPGP', { id: 'pgpReader.checkingLabel' })}
        ></progress>
        ${msg('Checking the OpenPGP signature and encryption…', { id: 'pgpReader.checking' })}
      </p>`;
    }
    if (this.phase === 'failed' || !this.status) {
      return html`<p class="line bad" role="alert" data-testid="pgp-failed">
        ${msg('Could not check the OpenPGP signature or encryption:', { id: 'pgpReader.failed' })}
        <bdi>${this.error}</bdi>
      </p>`;
    }
    const status = this.status;
    // Only looked like OpenPGP (e.g. a message about it quoting an armor line): say nothing.
    if (!status.protections.length && !status.problems.length) return nothing;
    return html`<section
      class="pgp"
      data-testid="pgp-status"
      aria-label=${msg('OpenPGP', { id: 'pgpReader.label' })}
    >
      ${status.protections.map((p) => this.renderProtection(p, status))}
      ${status.problems.map(
        (problem) =>
          html`<p class="line bad" data-testid="pgp-problem">${problemText(problem)}</p>`,
      )}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-pgp-status': BzPgpStatus;
  }
}
