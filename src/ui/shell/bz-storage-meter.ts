import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { storageServiceContext } from '../../state/context.js';
import type { StorageEstimate, StorageService } from '../../state/types.js';
import { WindowEventController } from '../controllers/window-event-controller.js';
import '../events/window-events.js';
import { formatSize } from '../shared/format.js';
import { baseStyles } from '../shared/styles.js';

/** How often the figure is refreshed while the app is open: storage changes slowly. */
const REFRESH_MS = 60_000;

/** ACCOUNT-1 (local part): "X MB used of Y" under the folder tree. */
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
    `,
  ];

  @consume({ context: storageServiceContext }) storageService?: StorageService;
  @state() private estimate: StorageEstimate | null = null;
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
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  /** Re-reads the estimate (after an import, an archive, a deletion…). */
  async refresh(): Promise<void> {
    try {
      this.estimate = (await this.storageService?.getEstimate()) ?? null;
    } catch {
      this.estimate = null;
    }
  }

  override render() {
    const e = this.estimate;
    if (!e) return nothing;
    const text = msg(str`${formatSize(e.usage)} used of ${formatSize(e.quota)}`, {
      id: 'storage.used',
    });
    return html`<meter
        id="m"
        min="0"
        max=${e.quota || 1}
        value=${e.usage}
        aria-label=${msg('Storage on this device', { id: 'storage.label' })}
      ></meter>
      <div data-testid="storage-used">${text}</div>
      ${e.persisted ? nothing : html`<div>${msg('The browser may clear this storage when space runs low.', { id: 'storage.notPersisted' })}</div>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-storage-meter': BzStorageMeter;
  }
}
