// PGP-1: one stored key in the keystore lists — its facts and what the user can do with it.
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
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
  /** ADR 0031: keep decrypted mail to this own key on this device (or stop, deleting it). */
  storeDecrypted(on: boolean): unknown;
}

/**
 * PGP-4 (ADR 0031): the per-key opt-in, off by default, with what it costs said next to it.
 * `live`: a change that failed shows the stored state again on the next render.
 */
function keepDecrypted(key: PgpKeyView, disabled: boolean, on: KeyCardActions): TemplateResult {
  const hint = `keep-hint-${key.fingerprint}`;
  return html`<label class="check">
      <input
        type="checkbox"
        data-testid="pgp-keep-decrypted"
        aria-describedby=${hint}
        .checked=${live(key.storeDecrypted)}
        ?disabled=${disabled}
        @change=${(e: Event) => void on.storeDecrypted((e.target as HTMLInputElement).checked)}
      />
      <span
        >${msg(
          'Keep decrypted mail to this key on this device (readable without the passphrase, and searchable)',
          { id: 'pgp.keepDecrypted' },
        )}</span
      >
    </label>
    <p class="hint" id=${hint}>
      ${msg('Kept copies are stored unencrypted on this device.', { id: 'pgp.keepDecryptedHint' })}
    </p>`;
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
    ${own ? keepDecrypted(key, disabled, on) : nothing}
  </li>`;
}
