import { html } from 'lit';
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { SenderIdentity } from '../../state/identity-types.js';
import type { ComposeService, MailAddress } from '../../state/types.js';
import { formatAddress } from './recipients.js';

/** What the controller needs of the composer. */
export interface SenderHost {
  compose(): ComposeService | undefined;
  /** Says what went wrong where the composer shows its errors. */
  warn(text: string): void;
}

/**
 * SEND-7 in the composer: the From field — the service's senders, preselected as the
 * identity the original was written to (else the default one) — and who each sent message
 * was from, so that Undo send gives the sender back too. Kept apart because the signature,
 * OpenPGP, drafts and Send all only ask it who the message is from.
 */
export class SenderController implements ReactiveController {
  /** The identities the user may send as (none until the service answered). */
  list: SenderIdentity[] = [];
  private index = 0;
  /** Who each sent message was from, by its Outbox id. */
  private readonly sentFrom = new Map<string, MailAddress>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly access: SenderHost,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** The chosen identity (with its signatures), if any. */
  get chosen(): SenderIdentity | undefined {
    return this.list[this.index];
  }

  /** The chosen sender as an address (the service knows the identity that goes with it). */
  address(): MailAddress | undefined {
    const s = this.chosen;
    return s ? { name: s.name, address: s.address } : undefined;
  }

  /**
   * A message opens: the senders again, preselecting who the message Undo gave back (by its
   * Outbox id) was from, else `from` (a reply's recipient), else the default identity.
   */
  async load(outboxId: string | null, from: MailAddress | null): Promise<void> {
    const compose = this.access.compose();
    if (!compose) return;
    const previous = (outboxId ? this.sentFrom.get(outboxId) : undefined) ?? from ?? undefined;
    try {
      this.list = await compose.senders();
      const lower = previous?.address.toLowerCase();
      const exact = previous
        ? this.list.findIndex((s) => s.address.toLowerCase() === lower && s.name === previous.name)
        : -1;
      const at = exact >= 0 ? exact : this.list.findIndex((s) => s.address.toLowerCase() === lower);
      const fallback = Math.max(
        this.list.findIndex((s) => s.isDefault),
        0,
      );
      this.index = at >= 0 ? at : fallback;
    } catch (err) {
      this.access.warn(err instanceof Error ? err.message : String(err));
    }
    this.host.requestUpdate();
  }

  /** The message with this Outbox id was sent from `from` (for Undo send). */
  sent(outboxId: string, from: MailAddress): void {
    this.sentFrom.set(outboxId, from);
  }

  /** Chooses the identity at `index` in the list. */
  choose(index: number): void {
    this.index = index;
    this.host.requestUpdate();
  }

  /** The From label and select; `change` gets the index the user chose. */
  render(change: (index: number) => void): TemplateResult {
    return html`<label for="from">${msg('From', { id: 'compose.from' })}</label>
      <select
        id="from"
        data-testid="compose-from"
        @change=${(e: Event) => change(Number((e.target as HTMLSelectElement).value))}
      >
        ${this.list.map(
          (s, i) =>
            html`<option value=${i} ?selected=${i === this.index}>${formatAddress(s)}</option>`,
        )}
      </select>`;
  }
}
