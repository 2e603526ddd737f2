import { LitElement, css, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg } from '@lit/localize';
import { composeServiceContext } from '../../state/context.js';
import type { ComposeService, OutboxItem } from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { BzComposeEvent } from '../events/bz-compose.js';
import { baseStyles } from '../shared/styles.js';

/** setTimeout's largest delay (a signed 32-bit count of ms); longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * SEND-13 *beyond*: "Sending… Undo" for the message just sent, shown while it waits in
 * the Outbox and its undo window (`sendAt`) is open. Undo takes it back and asks for the
 * composer with what was written.
 *
 * @fires bz-compose - Undo gave the draft back
 */
@customElement('bz-undo-send')
@localized()
export class BzUndoSend extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .bar {
        position: fixed;
        inset: auto auto 1rem 1rem;
        z-index: 21;
        display: flex;
        align-items: center;
        gap: 0.8rem;
        padding: 0.4rem 0.5rem 0.4rem 0.9rem;
        border-radius: 8px;
        background: var(--bz-fg);
        color: var(--bz-bg);
        box-shadow: 0 4px 16px rgb(0 0 0 / 0.25);
      }
      /* The bar is dark on light (and the reverse in dark mode): the button inverts it. */
      button {
        font-weight: 600;
        background: var(--bz-bg);
        color: var(--bz-fg);
        border: 0;
        border-radius: 6px;
        padding: 0.3rem 0.8rem;
      }
    `,
  ];

  /** The Outbox id of the message just sent; null when there is none. */
  @property({ attribute: false }) itemId: string | null = null;
  @consume({ context: composeServiceContext, subscribe: true }) compose?: ComposeService;
  @state() private busy = false;
  @state() private error = '';
  private readonly outbox = new SubscribeController<OutboxItem[]>(this);
  private bound: ComposeService | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.compose !== this.bound) {
      this.bound = this.compose;
      this.outbox.setSource(this.compose?.observeOutbox());
    }
    if (changed.has('itemId')) this.error = '';
  }

  protected override updated(): void {
    // Re-render when the undo window closes, so the bar goes away on time.
    clearTimeout(this.timer);
    const item = this.item();
    if (!item) return;
    const delay = Math.min(item.sendAt - Date.now() + 1, MAX_TIMER_MS);
    this.timer = setTimeout(() => this.requestUpdate(), delay);
  }

  /** The message, while it can still be taken back. */
  private item(): OutboxItem | undefined {
    const item = this.outbox.value?.find((i) => i.id === this.itemId);
    return item?.state === 'waiting' && Date.now() < item.sendAt ? item : undefined;
  }

  private async undo(id: string): Promise<void> {
    if (!this.compose || this.busy) return;
    this.busy = true;
    try {
      const draft = await this.compose.undo(id);
      if (draft) this.dispatchEvent(new BzComposeEvent(draft, id));
      else this.error = msg('Too late to undo: the message is on its way.', { id: 'undo.tooLate' });
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const item = this.item();
    if (this.error)
      return html`<div class="bar" role="alert" data-testid="undo-send-error">
        <span>${this.error}</span>
        <button @click=${() => (this.error = '')}>${msg('Close', { id: 'common.close' })}</button>
      </div>`;
    if (!item) return nothing;
    return html`<div class="bar" role="status" data-testid="undo-send">
      <span>${msg('Sending…', { id: 'outbox.sending' })}</span>
      <button
        data-testid="undo-send-button"
        ?disabled=${this.busy}
        @click=${() => void this.undo(item.id)}
      >
        ${msg('Undo', { id: 'undo.button' })}
      </button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-undo-send': BzUndoSend;
  }
}
