import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import {
  accountServiceContext,
  noticeServiceContext,
  shareServiceContext,
} from '../../state/context.js';
import type {
  AccountInfo,
  AccountService,
  NoticeService,
  SharedMailbox,
  ShareService,
} from '../../state/types.js';
import { BzOpenToolEvent } from '../events/bz-open-tool.js';
import { reportError } from '../shared/errors.js';
import { icons } from '../shared/icons.js';
import { baseStyles } from '../shared/styles.js';
import '../shared/bz-confirm-dialog.js';
import type { BzConfirmDialog } from '../shared/bz-confirm-dialog.js';
import type { BzShareDialog } from './bz-share-dialog.js';

/**
 * Issue 3: which mailbox is shown (an account's address, or "On this device"), a switch to
 * the others, "Add an account…" and "Sign out". A popover, so Esc and a click outside
 * close it without code of ours. SHARED-1/2: "Share my mailbox…" on one's own account,
 * and the mailboxes others share ("Shared with me: …"), opened like any account.
 *
 * @fires bz-open-tool - "Add an account…" asks for the sign-in dialog
 */
@customElement('bz-account-menu')
@localized()
export class BzAccountMenu extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: inline-block;
      }
      .toggle {
        anchor-name: --bz-account-toggle;
        max-width: 16rem;
      }
      .current {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      [popover] {
        position-anchor: --bz-account-toggle;
        position-try-fallbacks: flip-inline;
        inset: auto;
        top: anchor(bottom);
        right: anchor(right);
        margin: 0.25rem 0 0;
        padding: 0.3rem;
        min-width: 14rem;
        color: var(--bz-fg);
        background: var(--bz-bg);
        border: 1px solid var(--bz-border);
        border-radius: 8px;
        box-shadow: 0 6px 24px rgb(0 0 0 / 0.25);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      [popover] button {
        width: 100%;
        justify-content: flex-start;
        border-color: transparent;
        background: transparent;
      }
      [popover] button:hover {
        background: var(--bz-hover);
      }
      .who {
        display: grid;
        text-align: start;
      }
      .provider {
        color: var(--bz-muted);
        font-size: 0.85em;
      }
      hr {
        border: 0;
        border-top: 1px solid var(--bz-border);
        margin: 0.3rem 0;
      }
      /* Where the toolbar would wrap, the address stays only in the accessible name and
         the tooltip; the icon remains. */
      @media (max-width: 1200px) {
        .current {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip-path: inset(50%);
        }
      }
    `,
  ];

  @consume({ context: accountServiceContext, subscribe: true }) accounts?: AccountService;
  @consume({ context: noticeServiceContext, subscribe: true }) notices?: NoticeService;
  @consume({ context: shareServiceContext, subscribe: true }) share?: ShareService;

  @state() private known: AccountInfo[] = [];
  @query('bz-confirm-dialog') private confirm?: BzConfirmDialog;
  /** SHARED-2: what the server shares with the user now (empty offline or locally). */
  @state() private sharedWithMe: SharedMailbox[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    // The page has just fetched the Session: its shares are fresh.
    void this.refresh(false);
  }

  /**
   * Re-reads the accounts on this device (another tab may have added one) and, when
   * `ask`, asks the server for the mailboxes shared with the user.
   */
  async refresh(ask = true): Promise<void> {
    try {
      this.known = (await this.accounts?.listAccounts()) ?? [];
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not read the accounts', { id: 'account.listError' }),
        err,
      );
    }
    // Offline or signed out the server cannot say; the accounts already opened still show.
    this.sharedWithMe = (await this.share?.listSharedWithMe({ asked: ask }).catch(() => [])) ?? [];
  }

  private openShared(mailbox: SharedMailbox): void {
    this.closePopover();
    this.share
      ?.openShared(mailbox)
      .catch((err: unknown) =>
        reportError(
          this.notices,
          msg('Could not switch accounts', { id: 'account.switchError' }),
          err,
        ),
      );
  }

  /** SHARED-1: the share dialog is loaded the first time it is asked for. */
  @state() private shareLoaded = false;

  private async openShareDialog(): Promise<void> {
    this.closePopover();
    if (!this.shareLoaded) {
      await import('./bz-share-dialog.js');
      this.shareLoaded = true;
      await this.updateComplete;
    }
    await this.renderRoot.querySelector<BzShareDialog>('bz-share-dialog')?.open();
  }

  /** "Shared with me: alice@…" for a mailbox another user shares. */
  private sharedLabel(owner: string): string {
    return msg(str`Shared with me: ${owner}`, { id: 'account.sharedWithMe' });
  }

  private closePopover(): void {
    this.renderRoot.querySelector<HTMLElement>('[popover]')?.hidePopover();
  }

  private switchTo(id: string | null): void {
    this.closePopover();
    this.accounts
      ?.switchTo(id)
      .catch((err: unknown) =>
        reportError(
          this.notices,
          msg('Could not switch accounts', { id: 'account.switchError' }),
          err,
        ),
      );
  }

  private addAccount(): void {
    this.closePopover();
    this.dispatchEvent(new BzOpenToolEvent('sign-in'));
  }

  private signOut(): void {
    this.closePopover();
    this.accounts
      ?.signOut()
      .catch((err: unknown) =>
        reportError(this.notices, msg('Could not sign out', { id: 'account.signOutError' }), err),
      );
  }

  /** The shown account and its mail leave this device, after a confirmation. */
  private async removeFromDevice(): Promise<void> {
    this.closePopover();
    const account = this.accounts?.current();
    if (!account || !this.confirm) return;
    const who = account.sharedBy ?? account.username;
    const ok = await this.confirm.ask(
      msg(
        str`Remove ${who} and its mail from this device? The mail stays on the server. Changes not yet sent to the server are lost.`,
        { id: 'account.removeConfirm' },
      ),
      msg('Remove from this device', { id: 'account.removeAction' }),
    );
    if (!ok) return;
    await this.accounts
      ?.removeFromDevice()
      .catch((err: unknown) =>
        reportError(
          this.notices,
          msg('Could not remove the account', { id: 'account.removeError' }),
          err,
        ),
      );
  }

  private sharedItem(mailbox: SharedMailbox) {
    return html`<li>
      <button
        data-testid="account-shared"
        data-account-id=${mailbox.accountId}
        @click=${() => this.openShared(mailbox)}
      >
        <span class="who"><span>${this.sharedLabel(mailbox.owner)}</span></span>
      </button>
    </li>`;
  }

  private item(id: string | null, label: string, detail: string) {
    return html`<li>
      <button
        data-testid="account-switch"
        data-account-id=${id ?? ''}
        @click=${() => this.switchTo(id)}
      >
        <span class="who">
          <span>${label}</span>
          ${detail ? html`<span class="provider">${detail}</span>` : nothing}
        </span>
      </button>
    </li>`;
  }

  override render() {
    const current = this.accounts?.current() ?? null;
    const here = msg('On this device', { id: 'account.local' });
    const others = this.known.filter((a) => a.id !== current?.id);
    // Shared mailboxes not opened on this device yet (opened ones are in `others`).
    const offered = this.sharedWithMe.filter((m) => !this.known.some((a) => a.id === m.accountId));
    const label = (a: AccountInfo) => (a.sharedBy ? this.sharedLabel(a.sharedBy) : a.username);
    const currentLabel = current ? label(current) : here;
    return html`<button
        class="toggle"
        popovertarget="accounts"
        data-testid="account-menu"
        title=${currentLabel}
        @click=${() => void this.refresh()}
      >
        ${icons.user}<span class="current" data-testid="account-current">${currentLabel}</span>
        <span class="visually-hidden">${msg('Accounts', { id: 'account.menu' })}</span>
      </button>
      <div id="accounts" popover>
        <ul aria-label=${msg('Switch to', { id: 'account.switchTo' })}>
          ${current ? this.item(null, here, '') : nothing}
          ${others.map((a) => this.item(a.id, label(a), a.providerName))}
          ${offered.map((m) => this.sharedItem(m))}
        </ul>
        ${current || others.length || offered.length ? html`<hr />` : nothing}
        ${
          this.share?.canManage()
            ? html`<button data-testid="account-share" @click=${() => void this.openShareDialog()}>
                ${msg('Share my mailbox…', { id: 'account.share' })}
              </button>`
            : nothing
        }
        <button data-testid="account-add" @click=${this.addAccount}>
          ${msg('Add an account…', { id: 'account.add' })}
        </button>
        ${
          current
            ? html`<button data-testid="account-sign-out" @click=${this.signOut}>
                  ${msg('Sign out', { id: 'account.signOut' })}
                </button>
                <button data-testid="account-remove" @click=${() => void this.removeFromDevice()}>
                  ${msg('Remove from this device…', { id: 'account.remove' })}
                </button>`
            : nothing
        }
      </div>
      ${this.shareLoaded ? html`<bz-share-dialog></bz-share-dialog>` : nothing}
      <bz-confirm-dialog></bz-confirm-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-account-menu': BzAccountMenu;
  }
}
