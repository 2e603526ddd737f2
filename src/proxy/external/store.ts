// Where the list of the user's other IMAP accounts lives: one private METADATA entry on
// their own IMAP server, next to the POP3 list (ADR 0014). The proxy keeps nothing on
// disk, and every device of the user sees the same accounts.
import { getMetadata, setMetadata } from '../pop3/metadata.js';
import type { RunImap } from '../pop3/store.js';
import { parseImapAccounts, serializeImapAccounts } from './model.js';
import type { StoredImapAccount } from './model.js';

export const IMAP_ACCOUNTS_ENTRY = '/private/vendor/vendor.buzon/imap-accounts';

export async function readImapAccounts(imap: RunImap): Promise<StoredImapAccount[]> {
  const got = await imap((client) => getMetadata(client, [IMAP_ACCOUNTS_ENTRY]));
  return parseImapAccounts(got.get(IMAP_ACCOUNTS_ENTRY) ?? null);
}

export async function writeImapAccounts(
  imap: RunImap,
  accounts: readonly StoredImapAccount[],
): Promise<void> {
  await imap((client) =>
    setMetadata(
      client,
      IMAP_ACCOUNTS_ENTRY,
      accounts.length === 0 ? null : serializeImapAccounts(accounts),
    ),
  );
}
