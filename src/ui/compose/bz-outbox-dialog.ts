import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { composeServiceContext } from '../../state/context.js';
import type { ComposeService, OutboxItem } from '../../state/types.js';
import { BzComposeEvent } from '../events/bz-compose.js';
import { baseStyles } from '../shared/styles.js';
import { outboxStateText } from './outbox-text.js';

/**
 * SEND-13: the Outbox, one row per message: subject, recipients, its state in words,
 * Undo while it waits, Retry and Discard (asked first) when it failed. Everything from
 * the model is rendered as text.
 *
 * @fires bz-compose - Undo gave a draft back
 */
@customElement('bz-outbox-dialog')
@localized()
export class BzOutboxDialog extends LitElement {
  static override styles = [
    baseStyles,
    css`
      dialog {
        width: min(36rem, calc(100vw - 2rem));
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 0;
        display: grid;
        gap: 0.8rem;
        max-height: 60dvh;
        overflow-y: auto;
      }
      li {
        display: grid;
        gap: 0.2rem;
        overflow-wrap: anywhere;
      }
      .muted {
        color: var(--bz-muted);
        font-size: 0.9em;
      }
      [data-state='failed'] .state,
      .error {
        color: var(--bz-danger);
      }
      .error:empty {
        display: none;
      }
      .row {
        display: flex;
        gap: 0.4rem;
        align-items: center;
        flex-wrap: wrap;
      }
    `,
  ];

  @property({ attribute: false }) items: readonly OutboxItem[] = [];
  @consume({ context: composeServiceContext, subscribe: true }) compose?: ComposeService;
  @state() private confirmDiscard: string | null = null;
  @state() private error = '';
  @query('dialog') private dialog!: HTMLDialogElement;

  show(): void {
    this.error = '';
    this.confirmDiscard = null;
    this.dialog.showModal();
  }

  /** Runs one action on an item; a refusal is shown as text in the dialog. */
  private async act(run: (c: ComposeService) => Promise<void>): Promise<void> {
    if (!this.compose) return;
    this.error = '';
    this.confirmDiscard = null;
    try {
      await run(this.compose);
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  private undo(id: string): Promise<void> {
    return this.act(async (c) => {
      const draft = await c.undo(id);
      if (!draft) {
        this.error = msg('Too late to undo: the message is on its way.', { id: 'undo.tooLate' });
        return;
      }
      this.dialog.close();
      this.dispatchEvent(new BzComposeEvent(draft, id));
    });
  }

  private renderActions(item: OutboxItem) {
    if (this.confirmDiscard === item.id)
      return html`<div class="row" role="group" aria-labelledby="ask-${item.id}">
        <span id="ask-${item.id}"
          >${msg('Discard this message? It will not be sent.', { id: 'outbox.discardAsk' })}</span
        >
        <button
          class="primary"
          data-testid="outbox-discard-confirm"
          @click=${() => void this.act((c) => c.discard(item.id))}
        >
          ${msg('Discard', { id: 'compose.discard' })}
        </button>
        <button @click=${() => (this.confirmDiscard = null)}>
          ${msg('Cancel', { id: 'common.cancel' })}
        </button>
      </div>`;
    if (item.state === 'waiting')
      return html`<div class="row">
        <button data-testid="outbox-undo" @click=${() => void this.undo(item.id)}>
          ${msg('Undo', { id: 'undo.button' })}
        </button>
      </div>`;
    if (item.state === 'failed')
      return html`<div class="row">
        <button data-testid="outbox-retry" @click=${() => void this.act((c) => c.retry(item.id))}>
          ${msg('Retry', { id: 'outbox.retry' })}
        </button>
        <button data-testid="outbox-discard" @click=${() => (this.confirmDiscard = item.id)}>
          ${msg('Discard', { id: 'compose.discard' })}
        </button>
      </div>`;
    return nothing;
  }

  private renderItem(item: OutboxItem) {
    const to = item.recipients.join(', ');
    return html`<li data-testid="outbox-item" data-state=${item.state}>
      <strong data-testid="outbox-subject"
        ><bdi>${item.subject || msg('(no subject)', { id: 'outbox.noSubject' })}</bdi></strong
      >
      <span class="muted" data-testid="outbox-recipients"
        >${msg(str`To: ${to}`, { id: 'outbox.to' })}</span
      >
      <span class="state" data-testid="outbox-state">${outboxStateText(item)}</span>
      ${this.renderActions(item)}
    </li>`;
  }

  override render() {
    return html`<dialog aria-labelledby="outbox-title" data-testid="outbox-dialog">
      <h2 id="outbox-title">${msg('Outbox', { id: 'outbox.title' })}</h2>
      ${
        this.items.length
          ? html`<ul>
              ${this.items.map((i) => this.renderItem(i))}
            </ul>`
          : html`<p class="muted">${msg('The Outbox is empty.', { id: 'outbox.empty' })}</p>`
      }
      <p class="error" role="alert" data-testid="outbox-error">${this.error}</p>
      <div class="dialog-actions">
        <button @click=${() => this.dialog.close()}>${msg('Close', { id: 'common.close' })}</button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-outbox-dialog': BzOutboxDialog;
  }
}
