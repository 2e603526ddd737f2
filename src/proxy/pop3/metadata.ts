// IMAP METADATA (RFC 5464) server entries through imapflow's raw command path (it has no
// helper): GETMETADATA "" (entries) and SETMETADATA "" (entry value|NIL). Values travel as
// literals, so any bytes are safe on the wire; entry names are ours, never user input.
import type { ImapFlow } from 'imapflow';
import { execRaw, imapString, tokenText } from '../imap/raw.js';
import type { ImapValue } from '../imap/raw.js';

/** RFC 5464 §3.2: private entries under a vendor token ("vendor.<name>", RFC 6785 style). */
export const METADATA_ROOT = '/private/vendor/vendor.buzon/pop3';

/** The server has no METADATA (capability missing, or GETMETADATA refused). */
export class MetadataUnsupportedError extends Error {
  override name = 'MetadataUnsupportedError';
}

export function supportsMetadata(client: ImapFlow): boolean {
  return client.capabilities.has('METADATA');
}

function requireMetadata(client: ImapFlow): void {
  if (!supportsMetadata(client))
    throw new MetadataUnsupportedError('the mail server does not keep METADATA (RFC 5464)');
}

function valueBytes(value: ImapValue | undefined): Buffer | null {
  if (value === null || value === undefined || Array.isArray(value)) return null;
  if (Buffer.isBuffer(value.value)) return value.value;
  const text = tokenText(value);
  return text === null ? null : Buffer.from(text, 'utf8');
}

/** The server entries asked for; a missing entry is null. */
export async function getMetadata(
  client: ImapFlow,
  entries: readonly string[],
): Promise<Map<string, Buffer | null>> {
  requireMetadata(client);
  const out = new Map<string, Buffer | null>(entries.map((e) => [e, null]));
  await execRaw(
    client,
    'GETMETADATA',
    [imapString('', 'mailbox'), entries.map((e) => imapString(e, 'metadata entry'))],
    ['METADATA'],
    (_name, response) => {
      const list = response.attributes[1];
      if (!Array.isArray(list)) return;
      for (let i = 0; i + 1 < list.length; i += 2) {
        const name = tokenText(list[i]);
        const match =
          name === null ? undefined : entries.find((e) => e.toLowerCase() === name.toLowerCase());
        if (match !== undefined) out.set(match, valueBytes(list[i + 1]));
      }
    },
  );
  return out;
}

/** Sets (or with null removes) one server entry. */
export async function setMetadata(
  client: ImapFlow,
  entry: string,
  value: Buffer | null,
): Promise<void> {
  requireMetadata(client);
  await execRaw(
    client,
    'SETMETADATA',
    [
      imapString('', 'mailbox'),
      [imapString(entry, 'metadata entry'), value === null ? null : { type: 'LITERAL', value }],
    ],
    [],
    () => undefined,
  );
}
