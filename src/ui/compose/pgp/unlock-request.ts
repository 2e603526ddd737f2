// PGP-2/3: the passphrase prompt before Send, worded for the composer, on the keystore's
// shared prompt (bz-pgp-passphrase-dialog).
import { msg } from '@lit/localize';
import { WrongPassphraseError } from '../../../pgp/crypto/errors.js';
import type { PgpKeyView } from '../../../state/pgp-types.js';
import type { PassphraseRequest, PassphraseTestIds } from '../../pgp/bz-pgp-passphrase-dialog.js';

/** Tries a passphrase (rejects WrongPassphraseError when it does not unlock the key). */
export type UnlockAttempt = (passphrase: string, rememberForSession: boolean) => Promise<void>;

/** The composer's prompt parts, as its tests and the end-to-end run find them. */
export const UNLOCK_TEST_IDS: PassphraseTestIds = {
  dialog: 'compose-pgp-passphrase',
  input: 'compose-pgp-passphrase-input',
  remember: 'compose-pgp-remember',
  problem: 'compose-pgp-passphrase-error',
  confirm: 'compose-pgp-unlock',
};

/**
 * Asks for the passphrase of the key that signs; a wrong one is said and asked again.
 * "Remember for this session" keeps it in the PGP worker's memory only.
 */
export function unlockRequest(key: PgpKeyView, attempt: UnlockAttempt): PassphraseRequest {
  return {
    heading: msg('Unlock your OpenPGP key', { id: 'compose.pgpUnlockTitle' }),
    key,
    label: msg('Passphrase to sign this message', { id: 'compose.pgpPassphrase' }),
    rememberLabel: msg('Remember for this session', { id: 'compose.pgpRemember' }),
    confirmLabel: msg('Unlock and send', { id: 'compose.pgpUnlock' }),
    problemText: (err) =>
      err instanceof WrongPassphraseError
        ? msg('That passphrase does not unlock this key. Try again.', {
            id: 'compose.pgpWrongPassphrase',
          })
        : err instanceof Error
          ? err.message
          : String(err),
    run: attempt,
  };
}
