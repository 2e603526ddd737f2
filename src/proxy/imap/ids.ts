// Ids and digests minted by the IMAP facade (ADR 0010). Every id is an RFC 8620 §1.2 Id
// (`A-Za-z0-9-_`), prefixed by a letter that says where it came from, so a change of
// scheme can never make two different things share an id.
import { createHash, hash } from 'node:crypto';

/**
 * 22 base64url characters = 132 bits of SHA-256: collisions among a mailbox's ids are
 * out of reach, and ids stay short on the wire and in IndexedDB keys.
 */
const DIGEST_CHARS = 22;

/**
 * A short, stable, URL-safe digest of `parts` (NUL-separated so no two inputs collide).
 * One-shot `hash`, not a Hash object per call: the listing of 10k messages digests each
 * one's GUID, and the object cost ~3× the hashing (12 → 4 ms per 10k here).
 */
export function digest(...parts: readonly string[]): string {
  return hash('sha256', parts.join('\0'), 'base64url').slice(0, DIGEST_CHARS);
}

/**
 * The account id: stable for this user at this provider, and revealing neither. Login
 * names are compared case-insensitively, as every mail server we target does.
 */
export function accountIdFor(providerId: string, username: string): string {
  return `A${digest('account', providerId, username.trim().toLowerCase())}`;
}

/**
 * Mailbox id from Dovecot's mailbox GUID (`STATUS (X-GUID)`): 32 hex characters, kept
 * as they are. It survives RENAME; a mailbox deleted and recreated gets a new one.
 */
export function mailboxIdFromGuid(guid: string): string | null {
  return /^[0-9a-f]{32}$/i.test(guid) ? `M${guid.toLowerCase()}` : null;
}

/**
 * Fallback for servers without X-GUID or OBJECTID: path and UIDVALIDITY. Stable until
 * a rename or a UIDVALIDITY reset, which then look like delete + create to the client.
 */
export function mailboxIdFromPath(path: string, uidValidity: bigint | number | string): string {
  return `P${digest('mailbox', path, String(uidValidity))}`;
}

/**
 * Email ids already computed, by GUID: a first sync digests each message's GUID for the
 * listing, its lean row and its bytes (~90 ms of the proxy's CPU per 10k); the function is
 * pure, so a bounded memo (~10 MB at most, emptied when full) saves two digests of three.
 */
const guidIds = new Map<string, string>();
const GUID_IDS_KEPT = 50_000;

/**
 * Email id from Dovecot's message GUID (`FETCH (X-GUID)`). With maildir that is the
 * file's base name (`1795998579.M605901P8710.vm,S=292,W=303`), not an Id, so it is hashed.
 * It survives MOVE (the file is linked, not rewritten) and UIDVALIDITY resets.
 */
export function emailIdFromGuid(guid: string): string {
  let id = guidIds.get(guid);
  if (id === undefined) {
    if (guidIds.size >= GUID_IDS_KEPT) guidIds.clear();
    id = `E${digest('email-guid', guid)}`;
    guidIds.set(guid, id);
  }
  return id;
}

/**
 * Fallback for servers without X-GUID or OBJECTID (ARCHITECTURE.md § Wire protocol): the
 * header block and the size. Two byte-identical copies share it, which is what a client
 * that de-duplicates by id wants anyway.
 */
export function emailIdFromHeader(header: Buffer, size: number): string {
  return `H${createHash('sha256').update(header).update(`\0${size}`).digest('base64url').slice(0, DIGEST_CHARS)}`;
}
