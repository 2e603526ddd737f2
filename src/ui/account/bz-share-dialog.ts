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
  AccountService,
  MailboxShare,
  NoticeService,
  ShareService,
} from '../../state/types.js';
import type { BzConfirmDialog } from '../shared/bz-confirm-dialog.js';
import '../shared/bz-confirm-dialog.js';
import { isAbort } from '../shared/errors.js';
import { personRefusal } from '../shared/share-person.js';
import { baseStyles } from '../shared/styles.js';

const why = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * SHARED-1: "Share my mailbox…". Lists the people the whole mailbox is shared with, adds
 * one person by address (checked here first, then by the server), and stops a share after
 * a confirmation. Addresses are shown as text only.
 */
@customElement('bz-share-dialog')
@localized()
export class BzShareDialog extends LitElement {
  static override styles = [
    baseStyles,
    css`
      dialog {
        max-width: min(30rem, 90vw);
      }
      ul {
        list-style: none;
        margin: 0 0 0.8rem;
        padding: 0;
        display: grid;
        gap: 0.3rem;
      }
      li {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 0.5rem;
      }
      .address {
        overflow-wrap: anywhere;
      }
      form {
        display: grid;
        gap: 0.4rem;
      }
      .row {
        display: flex;
        gap: 0.4rem;
      }
      .row input {
        flex: 1;
      }
      .error {
        color: var(--bz-danger, #b00020);
        min-height: 1.2em;
      }
      .hint {
        color: var(--bz-muted);
      }
    `,
  ];

  @consume({ context: shareServiceContext, subscribe: true }) share?: ShareService;
  @consume({ context: accountServiceContext, subscribe: true }) accounts?: AccountService;
  @consume({ context: noticeServiceContext, subscribe: true }) notices?: NoticeService;

  @state() private shares: MailboxShare[] = [];
  @state() private loading = false;
  @state() private working = false;
  @state() private error = '';
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('input') private input!: HTMLInputElement;
  @query('bz-confirm-dialog') private confirm!: BzConfirmDialog;

  /** Opens the dialog and reads the current shares from the server. */
  async open(): Promise<void> {
    this.error = '';
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    await this.load();
  }

  private async load(): Promise<void> {
    this.loading = true;
    try {
      this.shares = (await this.share?.listShares()) ?? [];
    } catch (err) {
      if (!isAbort(err))
        this.error = msg(str`Could not read the shares: ${why(err)}`, { id: 'share.listError' });
    } finally {
      this.loading = false;
    }
  }

  /** Why the typed address cannot be shared with, in the user's language, or ''. */
  private refusal(address: string): string {
    const value = address.trim();
    const notPerson = personRefusal(value, this.accounts?.current()?.username ?? '');
    if (notPerson) return notPerson;
    if (this.shares.some((s) => s.address.toLowerCase() === value.toLowerCase()))
      return msg(str`Your mailbox is already shared with ${value}.`, {
        id: 'share.error.already',
      });
    return '';
  }

  private async onSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const address = this.input.value;
    this.error = this.refusal(address);
    if (this.error || this.working) return;
    this.working = true;
    try {
      await this.share?.share(address.trim());
      this.input.value = '';
      this.notices?.notify(
        'info',
        msg(str`Your mailbox is now shared with ${address.trim()}.`, { id: 'share.added' }),
      );
      await this.load();
    } catch (err) {
      this.error = msg(str`Could not share: ${why(err)}`, { id: 'share.addError' });
    } finally {
      this.working = false;
    }
  }

  private async stopSharing(s: MailboxShare): Promise<void> {
    const ok = await this.confirm.ask(
      msg(str`Stop sharing your mailbox with ${s.address}? They lose access at once.`, {
        id: 'share.confirmRemove',
      }),
      msg('Stop sharing', { id: 'share.remove' }),
    );
    if (!ok) return;
    this.working = true;
    this.error = '';
    try {
      await this.share?.unshare(s.id);
      this.notices?.notify(
        'info',
        msg(str`${s.address} no longer has access to your mailbox.`, { id: 'share.removed' }),
      );
      await this.load();
    } catch (err) {
      this.error = msg(str`Could not stop sharing: ${why(err)}`, { id: 'share.removeError' });
    } finally {
      this.working = false;
    }
  }

  private renderList() {
    if (this.loading && this.shares.length === 0)
      return html`<p class="hint">${msg('Reading the shares…', { id: 'share.loading' })}</p>`;
    if (this.shares.length === 0)
      return html`<p class="hint" data-testid="share-none">
        ${msg('You do not share your mailbox with anyone.', { id: 'share.none' })}
      </p>`;
    return html`<ul aria-label=${msg('Shared with', { id: 'share.listLabel' })}>
      ${this.shares.map(
        (s) =>
          html`<li data-testid="share-item">
            <span class="address">${s.address}</span>
            <button
              data-testid="share-remove"
              ?disabled=${this.working}
              @click=${() => void this.stopSharing(s)}
            >
              ${msg('Stop sharing', { id: 'share.remove' })}
            </button>
          </li>`,
      )}
    </ul>`;
  }

  override render() {
    return html`<dialog aria-labelledby="h" data-testid="share-dialog">
        <h2 id="h">${msg('Share my mailbox', { id: 'share.title' })}</h2>
        <p class="hint">
          ${msg(
            'The people you add can read, change and delete everything in your mailbox, as you can. Share only with people you trust.',
            { id: 'share.explain' },
          )}
        </p>
        ${this.renderList()}
        <form @submit=${this.onSubmit} aria-busy=${this.working ? 'true' : 'false'} novalidate>
          <label for="address">${msg('Address of the person', { id: 'share.address' })}</label>
          <div class="row">
            <input
              id="address"
              data-testid="share-address"
              type="email"
              autocomplete="off"
              spellcheck="false"
              @input=${() => (this.error = '')}
            />
            <button class="primary" data-testid="share-add" ?disabled=${this.working}>
              ${msg('Share', { id: 'share.add' })}
            </button>
          </div>
          <p class="error" role="alert" data-testid="share-error">${this.error || nothing}</p>
        </form>
        <div class="dialog-actions">
          <button data-testid="share-close" @click=${() => this.dialog.close()}>
            ${msg('Close', { id: 'common.close' })}
          </button>
        </div>
      </dialog>
      <bz-confirm-dialog></bz-confirm-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-share-dialog': BzShareDialog;
  }
}
