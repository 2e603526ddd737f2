import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg } from '@lit/localize';
import { accountServiceContext, noticeServiceContext } from '../../state/context.js';
import type { AccountInfo, AccountService, NoticeService } from '../../state/types.js';
import { BzOpenToolEvent } from '../events/bz-open-tool.js';
import { reportError } from '../shared/errors.js';
import { icons } from '../shared/icons.js';
import { baseStyles } from '../shared/styles.js';

/**
 * Issue 3: which mailbox is shown (an account's address, or "On this device"), a switch to
 * the others, "Add an account…" and "Sign out". A popover, so Esc and a click outside
 * close it without code of ours.
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

  @state() private known: AccountInfo[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  /** Re-reads the accounts on this device (another tab may have added one). */
  async refresh(): Promise<void> {
    try {
      this.known = (await this.accounts?.listAccounts()) ?? [];
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not read the accounts', { id: 'account.listError' }),
        err,
      );
    }
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
    return html`<button
        class="toggle"
        popovertarget="accounts"
        data-testid="account-menu"
        title=${current ? current.username : here}
        @click=${() => void this.refresh()}
      >
        ${icons.user}<span class="current" data-testid="account-current"
          >${current ? current.username : here}</span
        >
        <span class="visually-hidden">${msg('Accounts', { id: 'account.menu' })}</span>
      </button>
      <div id="accounts" popover>
        <ul aria-label=${msg('Switch to', { id: 'account.switchTo' })}>
          ${current ? this.item(null, here, '') : nothing}
          ${others.map((a) => this.item(a.id, a.username, a.providerName))}
        </ul>
        ${current || others.length ? html`<hr />` : nothing}
        <button data-testid="account-add" @click=${this.addAccount}>
          ${msg('Add an account…', { id: 'account.add' })}
        </button>
        ${
          current
            ? html`<button data-testid="account-sign-out" @click=${this.signOut}>
                ${msg('Sign out', { id: 'account.signOut' })}
              </button>`
            : nothing
        }
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-account-menu': BzAccountMenu;
  }
}
