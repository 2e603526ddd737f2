// PGP-1: failures of key operations in the user's language. The service throws typed
// PgpErrors (rebuilt on the page from the worker's kind); anything else keeps its message.
import { msg } from '@lit/localize';
import { PgpError } from '../../pgp/crypto/errors.js';

/** The sentence that says why a key operation failed. */
export function pgpErrorText(err: unknown): string {
  if (err instanceof PgpError) {
    switch (err.kind) {
      case 'wrong-passphrase':
        return msg('The passphrase is wrong. Check it and try again.', {
          id: 'pgp.error.wrongPassphrase',
        });
      case 'unprotected-key':
        return msg(
          'This secret key has no passphrase, and Buzón keeps only protected secret keys. Give it a passphrase in the program it comes from (for GnuPG: gpg --edit-key, then passwd), export it again and import that.',
          { id: 'pgp.error.unprotected' },
        );
      case 'malformed':
        return msg('This is not an OpenPGP key Buzón can read.', { id: 'pgp.error.malformed' });
      case 'worker':
        return msg('The OpenPGP engine stopped. Nothing was changed; try again.', {
          id: 'pgp.error.worker',
        });
      default:
        return err.message;
    }
  }
  return err instanceof Error ? err.message : String(err);
}

/** "What failed: why", for an alert next to the action. */
export function failed(what: string, err: unknown): string {
  return `${what}: ${pgpErrorText(err)}`;
}
