import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import {
  quotaServiceContext,
  storageServiceContext,
  syncServiceContext,
} from '../../state/context.js';
import type {
  QuotaService,
  ServerQuota,
  StorageEstimate,
  StorageService,
  SyncService,
  SyncStatus,
} from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { WindowEventController } from '../controllers/window-event-controller.js';
import '../events/window-events.js';
import { formatCount as count, formatPercent as percent, formatSize } from '../shared/format.js';
import { baseStyles } from '../shared/styles.js';

/** How often the figure is refreshed while the app is open: storage changes slowly. */
const REFRESH_MS = 60_000;

/**
 * Past this share of a server limit the meter warns: the next large message or
 * attachment may be refused (APPEND `OVERQUOTA`), and the user can still clean up.
 */
export const QUOTA_WARNING_RATIO = 0.9;

/** used / limit, or null when there is no (positive) limit. */
const ratio = (used: number, limit: number | null) =>
  limit !== null && limit > 0 ? used / limit : null;

/**
 * ACCOUNT-1: under the folder tree, the server quota (when the account has one) and the
 * browser's own storage for this device. Text only; a warning past 90 % of a server limit.
 */
@customElement('bz-storage-meter')
@localized()
export class BzStorageMeter extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        padding: 0.6rem 0.8rem;
        font-size: 0.85rem;
        color: var(--bz-muted);
      }
      meter {
        width: 100%;
      }
      .server {
        margin-bottom: 0.5rem;
      }
      .warning {
        color: var(--bz-danger);
        font-weight: 600;
      }
    `,
  ];

  @consume({ context: storageServiceContext }) storageService?: StorageService;
  @consume({ context: quotaServiceContext, subscribe: true }) quotaService?: QuotaService;
  @consume({ context: syncServiceContext, subscribe: true }) syncService?: SyncService;
  @state() private estimate: StorageEstimate | null = null;
  private readonly quota = new SubscribeController<ServerQuota | null>(this);
  private boundQuota: QuotaService | undefined;
  /**
   * A sync that downloaded mail (tens of MB in a first sync) is read again when it ends,
   * not up to a minute later.
   */
  private readonly sync = new SubscribeController<SyncStatus>(this, (s) => this.afterSync(s));
  private boundSync: SyncService | undefined;
  private downloading = false;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    new WindowEventController(
      this,
      'bz-import-done' as keyof WindowEventMap,
      () => void this.refresh(),
    );
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.bindQuota();
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  protected override willUpdate(): void {
    this.bindQuota();
  }

  /** Subscribes once per quota and sync service (the contexts may arrive after connection). */
  private bindQuota(): void {
    if (this.syncService !== this.boundSync) {
      this.boundSync = this.syncService;
      this.sync.setSource(this.syncService?.observeStatus());
    }
    if (this.quotaService === this.boundQuota) return;
    this.boundQuota = this.quotaService;
    this.quota.setSource(this.quotaService?.observeQuota());
  }

  private afterSync(s: SyncStatus): void {
    if (s.progress !== null) this.downloading = true;
    else if (this.downloading && s.phase !== 'bootstrap' && s.phase !== 'syncing') {
      this.downloading = false;
      void this.refresh();
    }
  }

  /** Re-reads the estimate (after an import, an archive, a deletion…) and the server quota. */
  async refresh(): Promise<void> {
    // The quota service skips asks too close together and never rejects.
    void this.quotaService?.refresh();
    try {
      this.estimate = (await this.storageService?.getEstimate()) ?? null;
    } catch {
      this.estimate = null;
    }
  }

  private renderServer(q: ServerQuota) {
    const bytes = ratio(q.usedBytes, q.limitBytes);
    const messages = ratio(q.usedMessages ?? 0, q.limitMessages);
    const warn = Math.max(bytes ?? 0, messages ?? 0) > QUOTA_WARNING_RATIO;
    const used = formatSize(q.usedBytes);
    const text =
      q.limitBytes !== null && bytes !== null
        ? msg(str`On the server: ${used} of ${formatSize(q.limitBytes)} (${percent(bytes)})`, {
            id: 'quota.server',
          })
        : msg(str`On the server: ${used} used`, { id: 'quota.serverNoLimit' });
    return html`<div
      class="server"
      data-testid="quota-server"
      data-used=${q.usedBytes}
      data-limit=${q.limitBytes ?? ''}
      data-warning=${warn ? 'true' : 'false'}
    >
      ${
        q.limitBytes !== null && q.limitBytes > 0
          ? html`<meter
              min="0"
              max=${q.limitBytes}
              value=${Math.min(q.usedBytes, q.limitBytes)}
              high=${q.limitBytes * QUOTA_WARNING_RATIO}
              optimum="0"
              aria-label=${msg('Space on the mail server', { id: 'quota.label' })}
            ></meter>`
          : nothing
      }
      <div class=${warn ? 'warning' : ''} data-testid="quota-server-text">${text}</div>
      ${
        q.limitMessages !== null
          ? html`<div data-testid="quota-messages">
              ${msg(str`Messages: ${count(q.usedMessages ?? 0)} of ${count(q.limitMessages)}`, {
                id: 'quota.messages',
              })}
            </div>`
          : nothing
      }
      ${
        warn
          ? html`<div class="warning" data-testid="quota-warning">
              ${msg('The mailbox on the server is almost full.', { id: 'quota.almostFull' })}
            </div>`
          : nothing
      }
    </div>`;
  }

  private renderLocal(e: StorageEstimate, withServer: boolean) {
    const used = formatSize(e.usage);
    const total = formatSize(e.quota);
    // Next to the server's line, say which storage this one is.
    const text = withServer
      ? msg(str`On this device: ${used} of ${total}`, { id: 'storage.usedDevice' })
      : msg(str`${used} used of ${total}`, { id: 'storage.used' });
    return html`<div data-testid="quota-local" data-used=${e.usage} data-limit=${e.quota}>
      <meter
        id="m"
        min="0"
        max=${e.quota || 1}
        value=${e.usage}
        aria-label=${msg('Storage on this device', { id: 'storage.label' })}
      ></meter>
      <div data-testid="storage-used">${text}</div>
      ${
        e.persisted
          ? nothing
          : html`<div>
              ${msg('The browser may clear this storage when space runs low.', {
                id: 'storage.notPersisted',
              })}
            </div>`
      }
    </div>`;
  }

  override render() {
    const q = this.quota.value ?? null;
    const e = this.estimate;
    if (!q && !e) return nothing;
    return html`${q ? this.renderServer(q) : nothing}${e ? this.renderLocal(e, q !== null) : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-storage-meter': BzStorageMeter;
  }
}
