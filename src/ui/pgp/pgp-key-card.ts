// PGP-1: one stored key in the keystore lists — its facts and what the user can do with it.
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { PgpKeyView } from '../../state/pgp-types.js';
import { keyName, renderKeyFacts } from './pgp-key-row.js';

/** What the keystore does for each button; it shows progress and failures itself. */
export interface KeyCardActions {
  confirm(): unknown;
  exportKey(): unknown;
  backUp(): unknown;
  revoke(): unknown;
  deleteKey(): unknown;
}

/** A button whose accessible name also names the key (every card has the same buttons). */
function action(
  label: string,
  key: PgpKeyView,
  act: () => unknown,
  disabled: boolean,
  danger = false,
): TemplateResult {
  return html`<button
    type="button"
    class=${danger ? 'danger' : ''}
    ?disabled=${disabled}
    aria-label=${`${label}: ${keyName(key)}`}
    @click=${() => void act()}
  >
    ${label}
  </button>`;
}

/**
 * Own keys: export, back up, revoke, delete and the keep-decrypted opt-in (default off).
 * Correspondents' keys: confirm (while unconfirmed), export, delete.
 */
export function renderKeyCard(
  key: PgpKeyView,
  disabled: boolean,
  on: KeyCardActions,
): TemplateResult {
  const own = key.kind === 'own';
  return html`<li class="card" data-testid="pgp-key" data-fingerprint=${key.fingerprint}>
    ${renderKeyFacts(key)}
    <div class="actions">
      ${
        !own && !key.confirmed
          ? action(msg('Confirm…', { id: 'pgp.confirm' }), key, on.confirm, disabled)
          : nothing
      }
      ${action(msg('Export public key', { id: 'pgp.export' }), key, on.exportKey, disabled)}
      ${
        own
          ? action(msg('Back up private key', { id: 'pgp.backup' }), key, on.backUp, disabled)
          : nothing
      }
      ${
        own && !key.revoked
          ? action(msg('Revoke…', { id: 'pgp.revoke' }), key, on.revoke, disabled, true)
          : nothing
      }
      ${action(msg('Delete…', { id: 'pgp.delete' }), key, on.deleteKey, disabled, true)}
    </div>
  </li>`;
}
