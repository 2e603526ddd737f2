import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { noticeServiceContext, syncServiceContext } from '../../state/context.js';
import type { NoticeService, SyncService, SyncStatus } from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { BzOpenToolEvent } from '../events/bz-open-tool.js';
import { reportError } from '../shared/errors.js';
import { formatCount as count } from '../shared/format.js';
import { icons } from '../shared/icons.js';
import { baseStyles } from '../shared/styles.js';

function pendingText(n: number): string {
  return n === 1
    ? msg('1 change waiting', { id: 'sync.pendingOne' })
    : msg(str`${count(n)} changes waiting`, { id: 'sync.pending' });
}

/** The one-line summary of a status (without the pending count). */
function phaseText(s: SyncStatus): string {
  switch (s.phase) {
    case 'local':
      return '';
    case 'idle':
      // EXTERNAL-2: up to date but for an account whose server is down (the engine says which).
      return s.message ?? msg('Up to date', { id: 'sync.idle' });
    case 'syncing':
      return msg('Syncing…', { id: 'sync.syncing' });
    case 'bootstrap': {
      const p = s.progress;
      if (p && p.total > 0)
        return msg(str`Downloading ${count(p.done)} of ${count(p.total)}`, {
          id: 'sync.downloadingOf',
        });
      return p
        ? msg(str`Downloading ${count(p.done)}…`, { id: 'sync.downloadingCount' })
        : msg('Downloading…', { id: 'sync.downloading' });
    }
    case 'offline':
      return msg('Offline', { id: 'sync.offline' });
    case 'signed-out':
      return s.message ?? msg('The server asks for your password again.', { id: 'sync.signedOut' });
    case 'error':
      return s.message ?? msg('Sync failed; it will try again.', { id: 'sync.error' });
  }
}

/**
 * Issue 3: what the sync engine is doing, under the folder tree: one line of text (a
 * polite live region), a progress bar with Cancel during the first download, "Sync now",
 * and "Sign in again" when the server wants the password. Nothing for the local mailbox.
 *
 * @fires bz-open-tool - "Sign in again" asks for the sign-in dialog
 */
@customElement('bz-sync-status')
@localized()
export class BzSyncStatus extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        padding: 0.4rem 0.8rem;
        font-size: 0.85rem;
        color: var(--bz-muted);
      }
      :host([hidden]) {
        display: none;
      }
      .line {
        overflow-wrap: anywhere;
      }
      .row {
        display: flex;
        gap: 0.4rem;
        align-items: center;
        flex-wrap: wrap;
        margin-top: 0.3rem;
      }
      progress {
        flex: 1;
        min-width: 6rem;
      }
      button {
        font-size: 0.85rem;
        min-height: 1.7rem;
        padding: 0.15rem 0.5rem;
      }
    `,
  ];

  @consume({ context: syncServiceContext, subscribe: true }) syncService?: SyncService;
  @consume({ context: noticeServiceContext, subscribe: true }) notices?: NoticeService;
  private readonly status = new SubscribeController<SyncStatus>(this);
  private bound: SyncService | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.bind();
  }

  protected override willUpdate(): void {
    this.bind();
    // Nothing to show for the local mailbox, and no empty padding either.
    this.hidden = (this.status.value?.phase ?? 'local') === 'local';
  }

  /** Subscribes once per service (the context may arrive after connection). */
  private bind(): void {
    if (this.syncService === this.bound) return;
    this.bound = this.syncService;
    this.status.setSource(this.syncService?.observeStatus());
  }

  private syncNow(): void {
    this.syncService
      ?.syncNow()
      .catch((err: unknown) =>
        reportError(this.notices, msg('Sync failed', { id: 'sync.failed' }), err),
      );
  }

  private renderProgress(s: SyncStatus) {
    const p = s.progress;
    if (!p) return nothing;
    return html`<progress
        data-testid="sync-progress"
        max=${p.total > 0 ? p.total : nothing}
        value=${p.total > 0 ? p.done : nothing}
        aria-label=${msg('Download progress', { id: 'sync.progressLabel' })}
      ></progress>
      ${
        s.phase === 'bootstrap'
          ? html`<button data-testid="sync-cancel" @click=${() => this.syncService?.cancel()}>
              ${msg('Cancel', { id: 'common.cancel' })}
            </button>`
          : nothing
      }`;
  }

  override render() {
    const s = this.status.value;
    if (!s || s.phase === 'local') return nothing;
    const busy = s.phase === 'bootstrap' || s.phase === 'syncing';
    return html`<div
        class="line"
        role="status"
        aria-live="polite"
        data-testid="sync-status"
        data-phase=${s.phase}
      >
        ${phaseText(s)}${
          s.pending > 0
            ? html` — <span data-testid="sync-pending">${pendingText(s.pending)}</span>`
            : nothing
        }
      </div>
      <div class="row">
        ${this.renderProgress(s)}
        ${
          s.phase === 'signed-out'
            ? html`<button
                class="primary"
                data-testid="sync-sign-in"
                @click=${() => this.dispatchEvent(new BzOpenToolEvent('sign-in-again'))}
              >
                ${msg('Sign in again', { id: 'sync.signInAgain' })}
              </button>`
            : nothing
        }
        <button data-testid="sync-now" ?disabled=${busy} @click=${this.syncNow}>
          ${icons.refresh}${msg('Sync now', { id: 'sync.now' })}
        </button>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-sync-status': BzSyncStatus;
  }
}
