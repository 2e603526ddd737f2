import { msg } from '@lit/localize';
import { tlsRefusalText } from '../../state/tls-refusal.js';

/** A refusal's code (the proxy's problem type), when the service says one. */
const codeOf = (err: unknown): string => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
};

/**
 * EXTERNAL-2: why the proxy refused to list, add, change or remove another IMAP account,
 * in the user's language; the proxy's English sentence for anything unforeseen.
 */
export function imapAccountRefusal(err: unknown): string {
  switch (codeOf(err)) {
    case 'imapInvalidCredentials':
      return msg('The IMAP server did not accept this username and password.', {
        id: 'imapAccounts.errorAuth',
      });
    case 'imapUnreachable':
      return msg('Could not reach the IMAP server. Check the server and try again.', {
        id: 'imapAccounts.errorUnreachable',
      });
    case 'hostNotAllowed':
      return msg(
        'This server is not allowed: it is on a private or local network, or only listed servers may be used.',
        { id: 'imapAccounts.errorHost' },
      );
    case 'tooManyAttempts':
      return msg('Too many failed IMAP sign-ins. Try again later.', {
        id: 'imapAccounts.errorThrottled',
      });
    case 'tooManyAccounts':
      return msg(
        'You already have as many IMAP accounts as this server allows. Remove one first.',
        {
          id: 'imapAccounts.errorTooMany',
        },
      );
    case 'accountExists':
      return msg('This IMAP account is already added.', { id: 'imapAccounts.errorExists' });
    case 'addressTaken':
      return msg('Another IMAP account already shows as this address.', {
        id: 'imapAccounts.errorAddressTaken',
      });
    case 'ownAccount':
      return msg('This is the account you are signed in with.', { id: 'imapAccounts.errorOwn' });
    case 'invalidAddress':
      return msg('Enter the e-mail address of this account.', {
        id: 'imapAccounts.errorAddress',
      });
    case 'providerGone':
      return msg('This server no longer offers the provider of this account. Remove the account.', {
        id: 'imapAccounts.errorProviderGone',
      });
    case 'metadataUnsupported':
      return msg('Your mail server cannot keep the list of IMAP accounts.', {
        id: 'imapAccounts.errorMetadata',
      });
    case 'offline':
      return msg('You are offline: IMAP accounts need the network.', {
        id: 'imapAccounts.errorOffline',
      });
  }
  return tlsRefusalText(codeOf(err)) ?? (err instanceof Error ? err.message : String(err));
}
