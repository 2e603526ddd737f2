import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import {
  externalImapServiceContext,
  noticeServiceContext,
  syncServiceContext,
} from '../../state/context.js';
import type {
  ExternalImapAccount,
  ExternalImapService,
  ExternalImapSetup,
  NoticeService,
  SyncService,
} from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { reportError } from '../shared/errors.js';
import { baseStyles } from '../shared/styles.js';
import './bz-imap-account-form.js';
import type { ImapAccountFormResult } from './bz-imap-account-form.js';
import { imapAccountRefusal } from './imap-account-refusal.js';
import { accountListStyles } from './account-list-styles.js';

/**
 * EXTERNAL-2: "Other accounts (IMAP)" in the settings dialog: list (address, username,
 * server), add, change the address or password, remove (the mail stays on that server).
 * Each account is a top-level folder of the mailbox, so after a change the section asks
 * for a sync: the folder tree then shows, renames or drops it. On the local mailbox (no
 * service) it says that IMAP accounts need a signed-in account.
 */
@customElement('bz-imap-accounts-section')
@localized()
export class BzImapAccountsSection extends LitElement {
  static override styles = [baseStyles, accountListStyles];

  @consume({ context: externalImapServiceContext, subscribe: true })
  service?: ExternalImapService;
  @consume({ context: syncServiceContext, subscribe: true }) sync?: SyncService;
  @consume({ context: noticeServiceContext }) notices?: NoticeService;
  @state() private editing: ExternalImapAccount | 'new' | null = null;
  @state() private confirmRemove: string | null = null;
  @state() private loadError = '';
  private readonly setup = new SubscribeController<ExternalImapSetup | null>(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  override willUpdate(): void {
    this.setup.setSource(this.service?.observe());
  }

  /** Asks the proxy again (the dialog calls it when it opens). */
  async reload(): Promise<void> {
    if (!this.service) return;
    try {
      await this.service.load();
      this.loadError = '';
    } catch (err) {
      this.loadError = imapAccountRefusal(err);
    }
  }

  /** The folder tree follows the list through the ordinary sync. */
  private syncNow(): void {
    void this.sync?.syncNow().catch(() => undefined);
  }

  private async save(result: ImapAccountFormResult): Promise<void> {
    const service = this.service;
    const editing = this.editing;
    if (!service || editing === null) return;
    try {
      if (result.kind === 'add') await service.add(result.input);
      else if (editing !== 'new') await service.update(editing.id, result.change);
    } catch (err) {
      throw new Error(imapAccountRefusal(err), { cause: err });
    }
    this.editing = null;
    this.syncNow();
  }

  private async removeAccount(id: string): Promise<void> {
    this.confirmRemove = null;
    try {
      await this.service?.remove(id);
      this.syncNow();
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not remove the IMAP account', { id: 'imapAccounts.removeError' }),
        new Error(imapAccountRefusal(err)),
      );
    }
  }

  private serverOf(a: ExternalImapAccount, s: ExternalImapSetup): string {
    if (a.server) return `${a.server.host}:${a.server.port}`;
    return s.providers.find((p) => p.id === a.providerId)?.name ?? a.providerId;
  }

  private renderAccount(a: ExternalImapAccount, s: ExternalImapSetup) {
    const actions =
      this.confirmRemove === a.id
        ? html`<div
            class="row"
            role="group"
            aria-label=${msg(str`Remove ${a.address}`, { id: 'imapAccounts.removeNamed' })}
          >
            <span data-testid="imap-remove-question"
              >${msg(str`Remove ${a.address}? Its folder leaves Buzón; the mail stays on that server.`, { id: 'imapAccounts.removeConfirm' })}</span
            >
            <button data-testid="imap-remove-confirm" @click=${() => void this.removeAccount(a.id)}>
              ${msg('Remove', { id: 'imapAccounts.remove' })}
            </button>
            <button @click=${() => (this.confirmRemove = null)}>
              ${msg('Cancel', { id: 'common.cancel' })}
            </button>
          </div>`
        : html`<div class="row">
            <button
              data-testid="imap-change"
              aria-label=${msg(str`Change address or password of ${a.address}`, { id: 'imapAccounts.changeNamed' })}
              @click=${() => (this.editing = a)}
            >
              ${msg('Change…', { id: 'imapAccounts.change' })}
            </button>
            <button
              data-testid="imap-remove"
              aria-label=${msg(str`Remove ${a.address}`, { id: 'imapAccounts.removeNamed' })}
              @click=${() => (this.confirmRemove = a.id)}
            >
              ${msg('Remove', { id: 'imapAccounts.remove' })}
            </button>
          </div>`;
    return html`<li data-testid="imap-account" data-imap-id=${a.id}>
      <div>
        <strong>${a.address}</strong>
        <span class="muted">${a.username} · ${this.serverOf(a, s)}</span>
      </div>
      ${a.passwordSaved ? nothing : html`<div class="error">${msg('The saved password was lost when the server restarted. Change the account and enter it again.', { id: 'imapAccounts.passwordLost' })}</div>`}
      ${actions}
    </li>`;
  }

  override render() {
    const heading = html`<h3>${msg('Other accounts (IMAP)', { id: 'imapAccounts.heading' })}</h3>`;
    if (!this.service)
      return html`${heading}
        <p class="muted" data-testid="imap-needs-account">
          ${msg('IMAP accounts need a signed-in mail account: each shows as a folder in it. Sign in first.', { id: 'imapAccounts.needsAccount' })}
        </p>`;
    if (this.loadError)
      return html`${heading}
        <p class="error" role="alert" data-testid="imap-load-error">${this.loadError}</p>`;
    const s = this.setup.value;
    if (!s) return heading;
    if (this.editing !== null)
      return html`${heading}<bz-imap-account-form
          .providers=${s.providers}
          .account=${this.editing === 'new' ? null : this.editing}
          .save=${(result: ImapAccountFormResult) => this.save(result)}
          .cancel=${() => (this.editing = null)}
        ></bz-imap-account-form>`;
    return html`${heading}
      <p class="muted">
        ${msg('Each one shows as a folder named by its address; its mail stays on its server.', { id: 'imapAccounts.intro' })}
      </p>
      ${
        s.passwordsSurviveRestart
          ? nothing
          : html`<p class="muted" data-testid="imap-restart-warning">
              ${msg('This server keeps saved IMAP passwords only until it restarts; then enter them again.', { id: 'imapAccounts.restartWarning' })}
            </p>`
      }
      ${
        s.accounts.length === 0
          ? html`<p class="muted">${msg('No IMAP accounts yet.', { id: 'imapAccounts.none' })}</p>`
          : html`<ul>
              ${s.accounts.map((a) => this.renderAccount(a, s))}
            </ul>`
      }
      <button data-testid="imap-add" @click=${() => (this.editing = 'new')}>
        ${msg('Add an IMAP account…', { id: 'imapAccounts.addButton' })}
      </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-imap-accounts-section': BzImapAccountsSection;
  }
}
