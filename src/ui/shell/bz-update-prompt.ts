import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { BzUpdateAcceptEvent } from '../events/bz-update-accept.js';
import { baseStyles } from '../shared/styles.js';

/**
 * PWA-1: "A new version is ready — Reload", instead of swapping the app under the user.
 *
 * @fires bz-update-accept - the user chose to reload into the new version
 */
@customElement('bz-update-prompt')
@localized()
export class BzUpdatePrompt extends LitElement {
  static override styles = [
    baseStyles,
    css`
      div {
        position: fixed;
        inset: 1rem 1rem auto auto;
        z-index: 30;
        display: flex;
        gap: 0.5rem;
        align-items: center;
        padding: 0.6rem 0.8rem;
        background: var(--bz-bg);
        border: 1px solid var(--bz-accent);
        border-radius: 8px;
        box-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
      }
    `,
  ];

  @property({ type: Boolean }) open = false;

  override render() {
    if (!this.open) return nothing;
    return html`<div role="status" data-testid="update-prompt">
      <span>${msg('A new version of Buzón is ready.', { id: 'update.ready' })}</span>
      <button class="primary" @click=${() => this.dispatchEvent(new BzUpdateAcceptEvent())}>
        ${msg('Reload', { id: 'update.reload' })}
      </button>
      <button @click=${() => (this.open = false)}>${msg('Later', { id: 'update.later' })}</button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-update-prompt': BzUpdatePrompt;
  }
}
