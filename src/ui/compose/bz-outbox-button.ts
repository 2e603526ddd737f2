import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { composeServiceContext } from '../../state/context.js';
import type { ComposeService, OutboxItem } from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { formatCount } from '../shared/format.js';
import { icons } from '../shared/icons.js';
import { baseStyles } from '../shared/styles.js';
import { unsentCount } from './outbox-text.js';
import type { BzOutboxDialog } from './bz-outbox-dialog.js';

/**
 * SEND-13: "Outbox (n)" under the folder tree while messages wait to leave; it opens the
 * Outbox. Nothing shows when every message has gone (or there is no compose service).
 *
 * @fires bz-compose - Undo in the Outbox gave a draft back (from the dialog)
 */
@customElement('bz-outbox-button')
@localized()
export class BzOutboxButton extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .wrap {
        padding: 0.3rem 0.8rem;
      }
      button {
        font-size: 0.9rem;
        width: 100%;
      }
    `,
  ];

  @consume({ context: composeServiceContext, subscribe: true }) compose?: ComposeService;
  private readonly outbox = new SubscribeController<OutboxItem[]>(this);
  private bound: ComposeService | undefined;
  @query('bz-outbox-dialog') private dialog!: BzOutboxDialog;
  /** The Outbox dialog loads on its first opening (the start-up bundle's budget). */
  @state() private dialogLoaded = false;

  private async show(): Promise<void> {
    if (!this.dialogLoaded) {
      await import('./bz-outbox-dialog.js');
      this.dialogLoaded = true;
      await this.updateComplete;
    }
    this.dialog.show();
  }

  protected override willUpdate(): void {
    if (this.compose === this.bound) return;
    this.bound = this.compose;
    // A mailbox that cannot send has no Outbox: nothing to watch (nor to load).
    this.outbox.setSource(this.compose?.canSend() ? this.compose.observeOutbox() : undefined);
  }

  override render() {
    const n = unsentCount(this.outbox.value);
    // The dialog stays rendered when the count drops to 0, so an open Outbox stays open.
    return html`${
      n > 0
        ? html`<div class="wrap">
            <button data-testid="outbox-button" @click=${() => void this.show()}>
              ${icons.send}${msg(str`Outbox (${formatCount(n)})`, { id: 'outbox.button' })}
            </button>
          </div>`
        : nothing
    }
    ${this.dialogLoaded ? html`<bz-outbox-dialog .items=${this.outbox.value ?? []}></bz-outbox-dialog>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-outbox-button': BzOutboxButton;
  }
}
