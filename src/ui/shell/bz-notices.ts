import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg } from '@lit/localize';
import { noticeServiceContext } from '../../state/context.js';
import type { Notice, NoticeService } from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { icons } from '../shared/icons.js';
import { baseStyles } from '../shared/styles.js';

/** The one place notices and errors are shown (STYLE.md § Errors), each dismissable. */
@customElement('bz-notices')
@localized()
export class BzNotices extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        position: fixed;
        inset: auto auto 1rem 50%;
        transform: translateX(-50%);
        display: grid;
        gap: 0.4rem;
        z-index: 20;
        width: min(32rem, calc(100vw - 2rem));
      }
      .notice {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        padding: 0.5rem 0.5rem 0.5rem 0.8rem;
        border-radius: 8px;
        background: var(--bz-bg);
        border: 1px solid var(--bz-border);
        box-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
      }
      .notice.error {
        border-color: var(--bz-danger);
      }
      .notice p {
        flex: 1;
        margin: 0;
        overflow-wrap: anywhere;
      }
    `,
  ];

  @consume({ context: noticeServiceContext }) noticeService?: NoticeService;
  private readonly notices = new SubscribeController<Notice[]>(this);

  override connectedCallback(): void {
    super.connectedCallback();
    this.notices.setSource(this.noticeService?.observeNotices());
  }

  override render() {
    const list = this.notices.value ?? [];
    return html`<div role="status" aria-live="polite" class="visually-hidden">
        ${list.filter((n) => n.kind === 'info').map((n) => html`<p>${n.message}</p>`)}
      </div>
      <div role="alert" class="visually-hidden">
        ${list.filter((n) => n.kind === 'error').map((n) => html`<p>${n.message}</p>`)}
      </div>
      ${list.map(
        (n) =>
          html`<div class="notice ${n.kind}" data-testid="notice" data-kind=${n.kind}>
            ${n.kind === 'error' ? icons.warning : ''}
            <p>${n.message}</p>
            <button
              class="icon-only"
              aria-label=${msg('Dismiss', { id: 'notice.dismiss' })}
              @click=${() => this.noticeService?.dismiss(n.id)}
            >
              ${icons.close}
            </button>
          </div>`,
      )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-notices': BzNotices;
  }
}
