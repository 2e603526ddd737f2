// PGP-1 import, step 2: one card per key read, with the user's choice for it. Kept apart
// from the dialog so the dialog holds only the steps and the service calls.
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { KeyInfo, PgpKeySource } from '../../state/pgp-types.js';
import { UnprotectedKeyError } from '../../pgp/crypto/errors.js';
import { pgpErrorText } from './pgp-errors.js';
import { keyName, renderKeyFacts, renderWhoseKey } from './pgp-key-row.js';

export type ImportChoice = 'confirm' | 'unconfirmed' | 'own' | 'skip';

/** A key read for import and what became of it. */
export interface ReviewItem {
  info: KeyInfo;
  source: PgpKeySource;
  /** Set once the user chose and the service agreed. */
  outcome?: ImportChoice;
  working?: boolean;
  problem?: string;
}

function outcomeText(outcome: ImportChoice): string {
  switch (outcome) {
    case 'confirm':
      return msg('Added and confirmed: it is used for this correspondent.', {
        id: 'pgp.import.addedConfirmed',
      });
    case 'unconfirmed':
      return msg('Kept unconfirmed: it is not used until you confirm it in the keystore.', {
        id: 'pgp.import.keptUnconfirmed',
      });
    case 'own':
      return msg('Imported as your own key.', { id: 'pgp.import.addedOwn' });
    case 'skip':
      return msg('Not imported.', { id: 'pgp.import.skipped' });
  }
}

function choices(item: ReviewItem, choose: (c: ImportChoice) => void): TemplateResult {
  const name = keyName(item.info);
  const skip = html`<button
    type="button"
    ?disabled=${item.working}
    aria-label=${`${msg('Do not import', { id: 'pgp.import.skip' })}: ${name}`}
    @click=${() => choose('skip')}
  >
    ${msg('Do not import', { id: 'pgp.import.skip' })}
  </button>`;
  if (item.info.isPrivate) {
    if (!item.info.passphraseProtected)
      return html`<p class="problem" role="alert">${pgpErrorText(new UnprotectedKeyError())}</p>
        <div class="actions">${skip}</div>`;
    return html`<p>
        ${msg(
          'A secret key: imported as your own key, it signs your mail and opens mail encrypted to it. It stays protected by its passphrase.',
          { id: 'pgp.import.secretHint' },
        )}
      </p>
      <div class="actions">
        <button
          type="button"
          class="primary"
          ?disabled=${item.working}
          aria-label=${`${msg('Import as your own key', { id: 'pgp.import.own' })}: ${name}`}
          @click=${() => choose('own')}
        >
          ${msg('Import as your own key', { id: 'pgp.import.own' })}
        </button>
        ${skip}
      </div>`;
  }
  return html`${renderWhoseKey()}
    <div class="actions">
      <button
        type="button"
        class="primary"
        ?disabled=${item.working}
        aria-label=${`${msg('I checked the fingerprint with its owner', { id: 'pgp.checked' })}: ${name}`}
        @click=${() => choose('confirm')}
      >
        ${msg('I checked the fingerprint with its owner', { id: 'pgp.checked' })}
      </button>
      <button
        type="button"
        ?disabled=${item.working}
        aria-label=${`${msg('Keep unconfirmed', { id: 'pgp.import.keepUnconfirmed' })}: ${name}`}
        @click=${() => choose('unconfirmed')}
      >
        ${msg('Keep unconfirmed', { id: 'pgp.import.keepUnconfirmed' })}
      </button>
      ${skip}
    </div>`;
}

/** One key read for import: its facts, then the choice (or what became of it). */
export function renderReviewItem(
  item: ReviewItem,
  choose: (c: ImportChoice) => void,
): TemplateResult {
  return html`<li class="card" data-testid="import-key" data-fingerprint=${item.info.fingerprint}>
    ${renderKeyFacts(item.info)}
    ${
      item.outcome
        ? html`<p class="done" role="status">${outcomeText(item.outcome)}</p>`
        : choices(item, choose)
    }
    ${item.problem ? html`<p class="problem" role="alert">${item.problem}</p>` : nothing}
  </li>`;
}
