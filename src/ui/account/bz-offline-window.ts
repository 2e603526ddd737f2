import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg } from '@lit/localize';
import {
  accountServiceContext,
  noticeServiceContext,
  syncServiceContext,
} from '../../state/context.js';
import type { AccountService, NoticeService, SyncService } from '../../state/types.js';
import { reportError } from '../shared/errors.js';
import { baseStyles } from '../shared/styles.js';
import { WINDOWS, windowDays, windowLabel, windowValue } from './offline-window.js';

/**
 * Issue 3: "Keep on this device" for the shown account, changeable after sign-in. A longer
 * window downloads the older mail at the next sync; a shorter one lets it go from this
 * device (it stays on the server). Renders nothing on the local mailbox.
 */
@customElement('bz-offline-window')
@localized()
export class BzOfflineWindow extends LitElement {
  static override styles = [
    baseStyles,
    css`
      label {
        display: flex;
        flex-direction: column;
        gap: 0.25rem;
      }
      .hint {
        color: var(--bz-muted);
        font-size: 0.85rem;
        margin: 0.25rem 0 0;
      }
    `,
  ];

  @consume({ context: accountServiceContext, subscribe: true }) accounts?: AccountService;
  @consume({ context: syncServiceContext, subscribe: true }) sync?: SyncService;
  @consume({ context: noticeServiceContext, subscribe: true }) notices?: NoticeService;
  @state() private saving = false;

  private async change(e: Event): Promise<void> {
    const days = windowDays((e.target as HTMLSelectElement).value);
    this.saving = true;
    try {
      await this.accounts?.setOfflineWindow(days);
      this.requestUpdate();
      void this.sync?.syncNow();
    } catch (err) {
      reportError(this.notices, msg('Could not save the setting', { id: 'error.settings' }), err);
    } finally {
      this.saving = false;
    }
  }

  override render() {
    const account = this.accounts?.current();
    if (!account) return nothing;
    const current = windowValue(account.offlineWindowDays);
    return html`<label>
        ${msg('Keep on this device', { id: 'signIn.window' })}
        <select
          data-testid="offline-window"
          ?disabled=${this.saving}
          @change=${(e: Event) => void this.change(e)}
        >
          ${WINDOWS.map(
            (w) =>
              html`<option value=${w.value} ?selected=${w.value === current}>
                ${windowLabel(w.days)}
              </option>`,
          )}
        </select>
      </label>
      <p class="hint">
        ${msg('Older mail stays on the server; a longer period downloads it at the next sync.', {
          id: 'offlineWindow.hint',
        })}
      </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-offline-window': BzOfflineWindow;
  }
}
