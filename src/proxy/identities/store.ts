// Where the identities live: one private METADATA entry on the user's IMAP server.
import { getMetadata, setMetadata, supportsMetadata } from '../pop3/metadata.js';
import type { RunImap } from '../pop3/store.js';
import { NO_IDENTITIES, parseIdentities, serializeIdentities } from './model.js';
import type { StoredIdentities } from './model.js';

export const IDENTITIES_ENTRY = '/private/vendor/vendor.buzon/identities';

/** The stored identities; none when the server keeps no METADATA. */
export async function readIdentities(imap: RunImap): Promise<StoredIdentities> {
  return imap(async (client) => {
    if (!supportsMetadata(client)) return NO_IDENTITIES;
    const got = await getMetadata(client, [IDENTITIES_ENTRY]);
    return parseIdentities(got.get(IDENTITIES_ENTRY) ?? null);
  });
}

export async function writeIdentities(imap: RunImap, stored: StoredIdentities): Promise<void> {
  const empty = stored.list.length === 0 && stored.defaultId === null;
  await imap((client) =>
    setMetadata(client, IDENTITIES_ENTRY, empty ? null : serializeIdentities(stored)),
  );
}
