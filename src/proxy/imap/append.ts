// IMAP APPEND for Email/import: the message bytes go as a literal (never on a command
// line), flags and INTERNALDATE with it. The new message's UID comes from APPENDUID
// (UIDPLUS, RFC 4315); a FETCH of that UID then gives the facade's id (X-GUID, or the
// header hash without it), so the id answered is the one Email/get and /query will use.
import type { ImapFlow } from 'imapflow';
import { assertNoCrLf } from '../security/crlf.js';
import type { SessionCache } from './cache.js';
import { fetchMetadata } from './messages.js';
import { ImapRefusedError } from './writes.js';

export interface Appended {
  /** The facade's email id, or null when the server did not say where the message went. */
  id: string | null;
  uid: number | null;
  uidValidity: bigint | null;
  size: number;
}

interface AppendResult {
  uid?: number;
  uidValidity?: bigint;
}

/** `[CODE]` of an imapflow command error, upper case, or null. */
function codeOf(err: unknown): string | null {
  const code = (err as { serverResponseCode?: unknown }).serverResponseCode;
  return typeof code === 'string' && code !== '' ? code.toUpperCase() : null;
}

/**
 * Appends `bytes` to `path`. A NO (or imapflow's own APPENDLIMIT refusal) becomes
 * ImapRefusedError with its RFC 5530 code (`OVERQUOTA`, `TRYCREATE`, `LIMIT`, …); BAD
 * and a dropped connection are rethrown as they are.
 */
export async function appendMessage(
  client: ImapFlow,
  cache: SessionCache,
  path: string,
  bytes: Buffer,
  flags: readonly string[],
  receivedAt: Date | null,
): Promise<Appended> {
  assertNoCrLf(path, 'mailbox name');
  for (const flag of flags) assertNoCrLf(flag, 'keyword');
  // The target is selected first: the FETCH below needs it, and imapflow then learns the
  // new message's UID from EXISTS + SEARCH on a server without APPENDUID.
  let lock: Awaited<ReturnType<typeof client.getMailboxLock>>;
  try {
    lock = await client.getMailboxLock(path, { readOnly: true });
  } catch (err) {
    if ((err as { responseStatus?: string }).responseStatus === 'NO')
      throw new ImapRefusedError('EXAMINE', codeOf(err) ?? 'NONEXISTENT');
    throw err;
  }
  try {
    let result: AppendResult | false | undefined;
    try {
      result = await client.append(path, bytes, [...flags], receivedAt ?? undefined);
    } catch (err) {
      const code = codeOf(err);
      if ((err as { responseStatus?: string }).responseStatus === 'NO')
        throw new ImapRefusedError('APPEND', code);
      if (code === 'APPENDLIMIT') throw new ImapRefusedError('APPEND', 'LIMIT');
      throw err;
    }
    const uid = result ? (result.uid ?? null) : null;
    const uidValidity = result ? (result.uidValidity ?? null) : null;
    if (uid === null) return { id: null, uid, uidValidity, size: bytes.length };
    const [row] = await fetchMetadata(client, cache, [uid]);
    return { id: row?.id ?? null, uid, uidValidity, size: row?.message.size ?? bytes.length };
  } finally {
    lock.release();
  }
}
