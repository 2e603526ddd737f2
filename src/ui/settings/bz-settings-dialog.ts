import { LitElement, css, html, nothing } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg } from '@lit/localize';
import {
  noticeServiceContext,
  pgpServiceContext,
  settingsServiceContext,
} from '../../state/context.js';
import type { PgpServiceLoader } from '../../state/pgp-types.js';
import type { LocaleSetting, NoticeService, Settings, SettingsService } from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { reportError } from '../shared/errors.js';
import { baseStyles } from '../shared/styles.js';
import '../account/bz-offline-window.js';
import './bz-pop3-section.js';
import type { BzPop3Section } from './bz-pop3-section.js';
import './bz-imap-accounts-section.js';
import type { BzImapAccountsSection } from './bz-imap-accounts-section.js';
import './bz-identities-section.js';
import type { BzIdentitiesSection } from './bz-identities-section.js';
import './bz-tags-section.js';

/**
 * SETTINGS-1/2: language, compact mode, threads view, always display external images, hide
 * attachments.
 */
@customElement('bz-settings-dialog')
@localized()
export class BzSettingsDialog extends LitElement {
  static override styles = [
    baseStyles,
    css`
      form {
        display: grid;
        gap: 0.8rem;
        min-width: min(22rem, 80vw);
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
      .filters,
      .pgp {
        margin-top: 1rem;
      }
      .filters h3,
      .pgp h3 {
        margin: 0 0 0.4rem;
        font-size: 1rem;
      }
      .filters p,
      .pgp p {
        margin: 0 0 0.4rem;
      }
      .pgp label.check {
        margin-bottom: 0.4rem;
      }
    `,
  ];

  @consume({ context: settingsServiceContext }) settingsService?: SettingsService;
  @consume({ context: noticeServiceContext }) notices?: NoticeService;
  /** PGP-1/2: absent where OpenPGP is not wired; then the section is not shown. */
  @consume({ context: pgpServiceContext, subscribe: true }) pgpLoader?: PgpServiceLoader;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('bz-pop3-section') private pop3Section?: BzPop3Section;
  @query('bz-imap-accounts-section') private imapSection?: BzImapAccountsSection;
  @query('bz-identities-section') private identitiesSection?: BzIdentitiesSection;
  private readonly settings = new SubscribeController<Settings>(this);

  override connectedCallback(): void {
    super.connectedCallback();
    this.settings.setSource(this.settingsService?.observeSettings());
  }

  show(): void {
    this.dialog.showModal();
    // EXTERNAL-1: the last checks may have run (automatically) since the dialog last opened.
    void this.pop3Section?.reload();
    // EXTERNAL-2: another device may have changed the list.
    void this.imapSection?.reload();
    // SEND-7: identities added or changed on another device.
    void this.identitiesSection?.reload();
  }

  private save(patch: Partial<Settings>): void {
    this.settingsService
      ?.updateSettings(patch)
      .catch((err: unknown) =>
        reportError(this.notices, msg('Could not save the setting', { id: 'error.settings' }), err),
      );
  }

  private check(
    key:
      | 'compact'
      | 'threadsView'
      | 'alwaysShowRemote'
      | 'hideAttachments'
      | 'richText'
      | 'pgpSignAlways',
    label: string,
    hint: string,
    s: Settings,
  ) {
    return html`<label class="check">
      <input
        type="checkbox"
        name=${key}
        .checked=${s[key]}
        @change=${(e: Event) => this.save({ [key]: (e.target as HTMLInputElement).checked })}
      />
      <span>${label}<span class="hint">${hint}</span></span>
    </label>`;
  }

  private renderForm(s: Settings) {
    return html`<form @submit=${(e: Event) => e.preventDefault()}>
      <label>
        ${msg('Language', { id: 'settings.language' })}
        <select
          name="locale"
          @change=${(e: Event) => this.save({ locale: (e.target as HTMLSelectElement).value as LocaleSetting })}
        >
          <option value="auto" ?selected=${s.locale === 'auto'}>
            ${msg('Automatic (from the browser)', { id: 'settings.localeAutoLong' })}
          </option>
          <option value="en" lang="en" ?selected=${s.locale === 'en'}>English</option>
          <option value="es" lang="es" ?selected=${s.locale === 'es'}>Español</option>
        </select>
      </label>
      ${this.check('compact', msg('Compact list', { id: 'settings.compact' }), msg('One line per message.', { id: 'settings.compactHint' }), s)}
      ${this.check('threadsView', msg('Threads view', { id: 'settings.threadsView' }), msg('One row per conversation, its messages together.', { id: 'settings.threadsViewHint' }), s)}
      ${this.check('richText', msg('Write new messages in rich text', { id: 'settings.richText' }), msg('Fonts, colours, lists and links; the composer can switch for one message.', { id: 'settings.richTextHint' }), s)}
      ${this.check(
        'alwaysShowRemote',
        msg('Always display external images', { id: 'settings.alwaysRemote' }),
        msg('Senders can then see when you read their messages.', {
          id: 'settings.alwaysRemoteHint',
        }),
        s,
      )}
      ${this.check(
        'hideAttachments',
        msg('Hide the attachment area', { id: 'settings.hideAttachments' }),
        msg('Attachments are kept; only the list is hidden.', {
          id: 'settings.hideAttachmentsHint',
        }),
        s,
      )}
    </form>`;
  }

  /** FILTER-1…5: the dialog loads on first use (start-up budget). */
  private async openFilters(): Promise<void> {
    await import('../filters/bz-filters-dialog.js');
    let dialog = this.renderRoot.querySelector('bz-filters-dialog');
    if (!dialog) {
      dialog = document.createElement('bz-filters-dialog');
      this.renderRoot.appendChild(dialog);
    }
    await dialog.updateComplete;
    await dialog.show();
  }

  /** PGP-1: the keystore loads on first use, with OpenPGP itself (start-up budget). */
  private async openPgp(): Promise<void> {
    await import('../pgp/bz-pgp-dialog.js');
    let dialog = this.renderRoot.querySelector('bz-pgp-dialog');
    if (!dialog) {
      dialog = document.createElement('bz-pgp-dialog');
      this.renderRoot.appendChild(dialog);
    }
    await dialog.updateComplete;
    await dialog.show();
  }

  private renderPgp(s: Settings | undefined) {
    if (!this.pgpLoader) return nothing;
    return html`<section class="pgp" aria-labelledby="pgp-h">
      <h3 id="pgp-h">${msg('OpenPGP', { id: 'settings.pgpHeading' })}</h3>
      <p class="hint">
        ${msg("Sign and encrypt mail with your keys; keep your correspondents' keys.", { id: 'settings.pgpHint' })}
      </p>
      ${
        s
          ? this.check(
              'pgpSignAlways',
              msg('Sign every message', { id: 'settings.pgpSignAlways' }),
              msg(
                'New messages start signed when you have a key for the sender; the composer can turn it off for one message.',
                { id: 'settings.pgpSignAlwaysHint' },
              ),
              s,
            )
          : nothing
      }
      <button type="button" @click=${() => void this.openPgp()}>
        ${msg('OpenPGP keys…', { id: 'settings.pgpKeys' })}
      </button>
    </section>`;
  }

  override render() {
    const s = this.settings.value;
    return html`<dialog aria-labelledby="h">
      <h2 id="h">${msg('Settings', { id: 'toolbar.settings' })}</h2>
      ${s ? this.renderForm(s) : nothing}
      <bz-offline-window></bz-offline-window>
      <bz-identities-section></bz-identities-section>
      <bz-imap-accounts-section></bz-imap-accounts-section>
      <bz-pop3-section></bz-pop3-section>
      <bz-tags-section></bz-tags-section>
      <section class="filters" aria-labelledby="filters-h">
        <h3 id="filters-h">${msg('Filters', { id: 'settings.filtersHeading' })}</h3>
        <p class="hint">
          ${msg('Sort, tag and answer incoming mail; an away message; automatic forwarding.', { id: 'settings.filtersHint' })}
        </p>
        <button type="button" @click=${() => void this.openFilters()}>
          ${msg('Filters…', { id: 'settings.filters' })}
        </button>
      </section>
      ${this.renderPgp(s)}
      <div class="dialog-actions">
        <button @click=${() => this.dialog.close()}>${msg('Close', { id: 'common.close' })}</button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-settings-dialog': BzSettingsDialog;
  }
}
