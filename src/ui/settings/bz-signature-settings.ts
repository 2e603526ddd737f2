import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg } from '@lit/localize';
import { noticeServiceContext, settingsServiceContext } from '../../state/context.js';
import type { NoticeService, Settings, SettingsService } from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { reportError } from '../shared/errors.js';
import { baseStyles } from '../shared/styles.js';

/**
 * SEND-16: whether the composer puts the sender's signature into new messages by itself,
 * and where (after everything, or where the cursor starts: above a quote). Part of
 * "Identities and signatures"; the composer reads the same two settings.
 */
@customElement('bz-signature-settings')
@localized()
export class BzSignatureSettings extends LitElement {
  static override styles = [
    baseStyles,
    css`
      label {
        display: flex;
        gap: 0.5rem;
        align-items: center;
      }
      fieldset {
        border: none;
        padding: 0;
        margin: 0.6rem 0 0;
        display: grid;
        gap: 0.3rem;
      }
      legend {
        padding: 0;
        margin-bottom: 0.3rem;
      }
    `,
  ];

  @consume({ context: settingsServiceContext }) settingsService?: SettingsService;
  @consume({ context: noticeServiceContext }) notices?: NoticeService;
  private readonly settings = new SubscribeController<Settings>(this);

  override connectedCallback(): void {
    super.connectedCallback();
    this.settings.setSource(this.settingsService?.observeSettings());
  }

  private save(patch: Partial<Settings>): void {
    this.settingsService
      ?.updateSettings(patch)
      .catch((err: unknown) =>
        reportError(this.notices, msg('Could not save the setting', { id: 'error.settings' }), err),
      );
  }

  private place(s: Settings, value: Settings['signaturePlacement'], label: string) {
    return html`<label>
      <input
        type="radio"
        name="signaturePlacement"
        value=${value}
        data-testid=${`signature-${value}`}
        .checked=${s.signaturePlacement === value}
        @change=${() => this.save({ signaturePlacement: value })}
      />
      ${label}
    </label>`;
  }

  override render() {
    const s = this.settings.value;
    if (!s) return nothing;
    return html`<fieldset>
        <label>
          <input
            type="checkbox"
            data-testid="auto-signature"
            .checked=${s.autoSignature}
            @change=${(e: Event) =>
              this.save({ autoSignature: (e.target as HTMLInputElement).checked })}
          />
          ${msg('Add my signature to new messages automatically', {
            id: 'identities.autoSignature',
          })}
        </label>
      </fieldset>
      <fieldset>
        <legend>${msg('Put the signature:', { id: 'identities.placement' })}</legend>
        ${this.place(s, 'bottom', msg('At the end', { id: 'identities.placementBottom' }))}
        ${this.place(
          s,
          'cursor',
          msg('Where the cursor starts (above quoted text)', { id: 'identities.placementCursor' }),
        )}
      </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-signature-settings': BzSignatureSettings;
  }
}
