import { LitElement, css, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { isUnparseable } from '../../../mail/types.js';
import type { AttachmentInfo, RenderedMail } from '../../../mail/types.js';
import { noticeServiceContext, readerServiceContext } from '../../../state/context.js';
import type { PgpDecrypted } from '../../../state/pgp-types.js';
import type { NoticeService, ReaderService } from '../../../state/types.js';
import { downloadBlob, toBlob } from '../../shared/download.js';
import { need, reportError } from '../../shared/errors.js';
import { formatSize } from '../../shared/format.js';
import { baseStyles } from '../../shared/styles.js';
import {
  checkedWhenKeptText,
  partLabel,
  signatureOk,
  signatureText,
  unsignedText,
} from './pgp-status-text.js';
import { pgpReaderStyles } from './pgp-reader-styles.js';

/**
 * PGP-4: one decrypted entity, shown on its own (EFAIL): rendered by the reader's
 * renderDocument (sanitizer, strict CSP, remote content blocked until allowed) into its
 * own sandboxed frames, never into the app document and never joined with the message's
 * other parts. Its signatures are listed; its attachments can be downloaded. Nothing of
 * it is stored unless the user opted in for its key (ADR 0031), which the header says.
 */
@customElement('bz-decrypted-part')
@localized()
export class BzDecryptedPart extends LitElement {
  static override styles = [
    baseStyles,
    pgpReaderStyles,
    css`
      /* Fills the body area like the frames it sits beside or replaces. */
      :host {
        display: flex;
        flex: 1 0 auto;
        margin: 0.5rem 0.9rem;
        border: 2px solid var(--bz-accent);
        border-radius: 8px;
        overflow: hidden;
      }
      section {
        display: flex;
        flex-direction: column;
        flex: 1;
        min-width: 0;
      }
      header {
        padding: 0.4rem 0.7rem 0.5rem;
        background: var(--bz-bar-bg);
        border-bottom: 1px solid var(--bz-border);
      }
      h3 {
        margin: 0;
        font-size: 1rem;
      }
      iframe {
        border: 0;
        width: 100%;
        flex: 1 0 20rem;
        background: #fff;
        color-scheme: light;
      }
      pre {
        margin: 0.5rem 0.7rem;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0.4rem 0.7rem;
        display: grid;
        gap: 0.3rem;
        border-top: 1px solid var(--bz-border);
      }
      li {
        display: flex;
        gap: 0.5rem;
        align-items: center;
      }
      li bdi {
        flex: 1;
        overflow-wrap: anywhere;
      }
    `,
  ];

  @consume({ context: readerServiceContext }) readerService?: ReaderService;
  @consume({ context: noticeServiceContext }) notices?: NoticeService;

  @property({ attribute: false }) decrypted: PgpDecrypted | null = null;
  /** The From address: its remote-content trust applies here as for any of its mail. */
  @property({ attribute: false }) sender = '';

  @state() private rendered: { key: PgpDecrypted; allow: boolean; mail: RenderedMail } | null =
    null;
  @state() private showRemote = false;

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('decrypted')) this.showRemote = false;
    if (changed.has('decrypted') || changed.has('showRemote')) void this.renderFrames();
  }

  private async renderFrames(): Promise<void> {
    const d = this.decrypted;
    if (!d || isUnparseable(d.parsed)) return;
    const parsed = d.parsed;
    try {
      const reader = need(this.readerService);
      const trusted = this.sender
        ? await reader.isRemoteAllowed(this.sender).catch(() => false)
        : false;
      const allow = trusted || this.showRemote;
      const mail = await reader.renderDocument(parsed, { allowRemote: allow });
      if (this.decrypted === d) this.rendered = { key: d, allow, mail };
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not show the decrypted part', { id: 'pgpReader.renderError' }),
        err,
      );
    }
  }

  private renderSignatures(d: PgpDecrypted) {
    if (d.signatures === 'unsigned') {
      return html`<p class="line bad" data-testid="pgp-inner-signature" data-status="unsigned">
        ${unsignedText()}
      </p>`;
    }
    return d.signatures.map(
      (s) =>
        html`<p
          class="line ${signatureOk(s) ? 'ok' : 'bad'}"
          data-testid="pgp-inner-signature"
          data-status=${s.status}
        >
          ${signatureText(s)}${s.checkedAt !== undefined ? ` ${checkedWhenKeptText(s.checkedAt)}` : ''}
        </p>`,
    );
  }

  private renderAttachments(list: readonly AttachmentInfo[]) {
    if (!list.length) return nothing;
    return html`<ul aria-label=${msg('Decrypted attachments', { id: 'pgpReader.attachments' })}>
      ${list.map(
        (a) =>
          html`<li data-testid="decrypted-attachment">
            <bdi>${a.filename}</bdi><span>${formatSize(a.size)}</span>
            <button
              aria-label=${msg(str`Download ${a.filename}`, { id: 'attach.downloadLabel' })}
              @click=${() => downloadBlob(toBlob(a.content, 'application/octet-stream'), a.filename)}
            >
              ${msg('Download', { id: 'attach.download' })}
            </button>
          </li>`,
      )}
    </ul>`;
  }

  private renderContent(d: PgpDecrypted) {
    if (isUnparseable(d.parsed))
      return html`<pre data-testid="decrypted-raw">${d.parsed.rawText}</pre>`;
    const shown = this.rendered?.key === d ? this.rendered : null;
    if (!shown) {
      return html`<p class="line" role="status">${msg('Loading…', { id: 'common.loading' })}</p>`;
    }
    const { mail, allow } = shown;
    const title = msg('Decrypted message body', { id: 'pgpReader.frameTitle' });
    return html`${
      !allow && mail.blockedRemote > 0
        ? html`<p class="line bad" role="status" data-testid="decrypted-remote-banner">
            <span
              >${msg('Remote images and content were blocked to protect your privacy.', { id: 'remote.blocked' })}</span
            >
            <button @click=${() => (this.showRemote = true)}>
              ${msg('Show images for this message', { id: 'remote.showOnce' })}
            </button>
          </p>`
        : nothing
    }
    ${mail.frames.map(
      (frame, i) =>
        html`<iframe
          data-testid="decrypted-frame"
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          referrerpolicy="no-referrer"
          title=${title + (mail.frames.length > 1 ? ` ${i + 1}` : '')}
          .srcdoc=${frame}
        ></iframe>`,
    )}
    ${this.renderAttachments(d.parsed.attachments.filter((a) => !a.related))}`;
  }

  override render() {
    const d = this.decrypted;
    if (!d) return nothing;
    // A part is named by its number (its only attachment was the ciphertext); a whole is not.
    const label =
      d.coverage === 'part'
        ? partLabel({ kind: 'encrypted', form: 'mime', index: 0, ...d }, [])
        : '';
    return html`<section data-testid="decrypted-part" aria-labelledby="h">
      <header>
        <h3 id="h">
          ${
            label
              ? msg(str`Decrypted content of ${label}, shown on its own`, {
                  id: 'pgpReader.decryptedPart',
                })
              : msg('Decrypted message', { id: 'pgpReader.decryptedWhole' })
          }
        </h3>
        ${
          d.kept
            ? html`<p class="line" data-testid="decrypted-kept">
                ${msg('Decrypted copy kept on this device.', { id: 'pgpReader.kept' })}
              </p>`
            : nothing
        }
        ${this.renderSignatures(d)}
      </header>
      ${this.renderContent(d)}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-decrypted-part': BzDecryptedPart;
  }
}
