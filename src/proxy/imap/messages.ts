// Messages through raw UID FETCH, because imapflow's fetch() cannot ask for Dovecot's
// X-GUID (the stable email id) or PREVIEW (RFC 8970). Rows are parsed with imapflow's own
// formatMessageResponse for flags, dates, envelope and body structure, and the two extra
// items are read from the raw response. Every function here runs under a mailbox lock.
import type { FetchMessageObject, ImapFlow, MailboxObject } from 'imapflow';
import { formatMessageResponse } from 'imapflow/lib/tools.js';
import type { IndexRow, SessionCache } from './cache.js';
import { emailIdFromGuid, emailIdFromHeader } from './ids.js';
import { execRaw, imapAtom, imapSequence, pairs, tokenText, uidSet } from './raw.js';
import type { ImapValue, UntaggedResponse } from './raw.js';

/** A fetched message with the facade's id and the items imapflow does not parse. */
export interface FetchedMessage {
  id: string;
  message: FetchMessageObject;
  preview: string | null;
}

type FormatResponse = (
  untagged: UntaggedResponse,
  mailbox: MailboxObject,
) => Promise<FetchMessageObject>;
const format = formatMessageResponse as unknown as FormatResponse;

/** `BODY.PEEK[HEADER]` or `BODY.PEEK[HEADER.FIELDS (…)]`, as imapflow's compiler writes it. */
function headerPeek(fields?: readonly string[]): ImapValue {
  const section: ImapValue[] = fields
    ? [imapAtom('HEADER.FIELDS'), fields.map(imapAtom)]
    : [imapAtom('HEADER')];
  return { type: 'ATOM', value: 'BODY.PEEK', section };
}

/** Whether a FETCH failed because the server does not know X-GUID. */
function refusesGuid(err: unknown): boolean {
  return /x-guid/i.test(JSON.stringify((err as { response?: unknown }).response ?? ''));
}

function idOf(raw: Map<string, ImapValue>, message: FetchMessageObject): string | null {
  const guid = tokenText(raw.get('X-GUID'));
  if (guid) return emailIdFromGuid(guid);
  if (message.headers && message.size !== undefined)
    return emailIdFromHeader(message.headers, message.size);
  return null;
}

async function fetchRaw(
  client: ImapFlow,
  cache: SessionCache,
  uids: string,
  items: ImapValue[],
): Promise<FetchedMessage[]> {
  const mailbox = client.mailbox;
  if (!mailbox) throw new Error('no mailbox selected');
  const useGuid = cache.fetchGuid !== false;
  const list: ImapValue[] = [imapAtom('UID'), ...items];
  // Without X-GUID the id is a hash of the header block and size (ADR 0010).
  list.push(...(useGuid ? [imapAtom('X-GUID')] : [imapAtom('RFC822.SIZE'), headerPeek()]));
  const out: Promise<FetchedMessage | null>[] = [];
  const onRow = (_name: string, untagged: UntaggedResponse) => {
    const raw = pairs(untagged.attributes[1]);
    out.push(
      format(untagged, mailbox).then((message) => {
        const id = idOf(raw, message);
        if (id === null || !message.uid) return null;
        const preview = tokenText(raw.get('PREVIEW'));
        return { id, message, preview };
      }),
    );
  };
  try {
    await execRaw(client, 'UID FETCH', [imapSequence(uids), list], ['FETCH'], onRow);
  } catch (err) {
    if (!useGuid || !refusesGuid(err)) throw err;
    cache.fetchGuid = false;
    return fetchRaw(client, cache, uids, items);
  }
  if (useGuid) cache.fetchGuid = true;
  return (await Promise.all(out)).filter((m): m is FetchedMessage => m !== null);
}

/** UID, INTERNALDATE and id of every message in the selected mailbox (for Email/query). */
export async function indexSelected(client: ImapFlow, cache: SessionCache): Promise<IndexRow[]> {
  if (!client.mailbox || client.mailbox.exists === 0) return [];
  if (cache.fetchGuid !== false) {
    const rows = await indexByGuid(client, cache);
    if (rows) return rows;
  }
  const fetched = await fetchRaw(client, cache, '1:*', [imapAtom('INTERNALDATE')]);
  return fetched.map(({ id, message }) => ({
    uid: message.uid,
    id,
    receivedAt: message.internalDate instanceof Date ? message.internalDate.getTime() : 0,
  }));
}

/**
 * The index when the server gives X-GUID (Dovecot), read straight from the response: UID,
 * INTERNALDATE and X-GUID are three plain tokens, so imapflow's formatMessageResponse (an
 * object and a promise per message) is not needed. The rows are those the general path
 * gives: one without a UID or an X-GUID (an unsolicited flag update) is not a message of
 * the listing, and a date that does not parse is 0. Null when the server refuses X-GUID.
 */
async function indexByGuid(client: ImapFlow, cache: SessionCache): Promise<IndexRow[] | null> {
  const rows: IndexRow[] = [];
  const items = [imapAtom('UID'), imapAtom('INTERNALDATE'), imapAtom('X-GUID')];
  const onRow = (_name: string, untagged: UntaggedResponse) => {
    const raw = pairs(untagged.attributes[1]);
    const uid = Number(tokenText(raw.get('UID')));
    const guid = tokenText(raw.get('X-GUID'));
    if (!Number.isSafeInteger(uid) || uid <= 0 || !guid) return;
    const date = new Date(tokenText(raw.get('INTERNALDATE')) ?? '').getTime();
    rows.push({ uid, id: emailIdFromGuid(guid), receivedAt: Number.isNaN(date) ? 0 : date });
  };
  try {
    await execRaw(client, 'UID FETCH', [imapSequence('1:*'), items], ['FETCH'], onRow);
  } catch (err) {
    if (!refusesGuid(err)) throw err;
    // A server without X-GUID: ids are hashes of the header block (the general path).
    cache.fetchGuid = false;
    return null;
  }
  cache.fetchGuid = true;
  return rows;
}

/** Header fields ENVELOPE leaves out or flattens: References, and Date with its offset. */
export const EXTRA_HEADER_FIELDS = ['DATE', 'REFERENCES'] as const;

/**
 * Which FETCH items Email/get needs for the properties asked (RFC 8621 §4.2). A client
 * that asks only for `mailboxIds` and `keywords` (the sync engine, for "updated") costs
 * FLAGS alone; PREVIEW and BODYSTRUCTURE make Dovecot read the message.
 */
export interface MetadataItems {
  envelope: boolean;
  bodyStructure: boolean;
  preview: boolean;
  headers: boolean;
}

export const ALL_METADATA: MetadataItems = {
  envelope: true,
  bodyStructure: true,
  preview: true,
  headers: true,
};

const ENVELOPE_PROPERTIES = [
  'messageId',
  'inReplyTo',
  'sender',
  'from',
  'to',
  'cc',
  'bcc',
  'replyTo',
  'subject',
];

export function metadataItemsFor(wanted: ReadonlySet<string>): MetadataItems {
  return {
    envelope: ENVELOPE_PROPERTIES.some((p) => wanted.has(p)),
    bodyStructure: wanted.has('hasAttachment'),
    preview: wanted.has('preview'),
    headers: wanted.has('sentAt') || wanted.has('references'),
  };
}

/** Metadata of the given UIDs of the selected mailbox (for Email/get). */
export async function fetchMetadata(
  client: ImapFlow,
  cache: SessionCache,
  uids: readonly number[],
  want: MetadataItems = ALL_METADATA,
): Promise<FetchedMessage[]> {
  if (uids.length === 0) return [];
  const items: ImapValue[] = [imapAtom('FLAGS'), imapAtom('INTERNALDATE'), imapAtom('RFC822.SIZE')];
  if (want.envelope) items.push(imapAtom('ENVELOPE'));
  if (want.bodyStructure) items.push(imapAtom('BODYSTRUCTURE'));
  if (want.preview && client.capabilities.has('PREVIEW')) items.push(imapAtom('PREVIEW'));
  // Without X-GUID the whole header block is fetched for the id, and holds these too.
  if (want.headers && cache.fetchGuid !== false) items.push(headerPeek(EXTRA_HEADER_FIELDS));
  return fetchRaw(client, cache, uidSet(uids), items);
}

/** The raw RFC 5322 bytes of one UID of the selected mailbox, with its id. */
export async function fetchSource(
  client: ImapFlow,
  cache: SessionCache,
  uid: number,
): Promise<{ id: string; source: Buffer } | null> {
  const source: ImapValue = { type: 'ATOM', value: 'BODY.PEEK', section: [] };
  const [row] = await fetchRaw(client, cache, uidSet([uid]), [source]);
  if (!row?.message.source) return null;
  return { id: row.id, source: row.message.source };
}

/** The raw bytes of several messages of the selected folder, in one UID FETCH. */
export async function fetchSources(
  client: ImapFlow,
  cache: SessionCache,
  uids: readonly number[],
): Promise<{ id: string; uid: number; source: Buffer }[]> {
  if (uids.length === 0) return [];
  const source: ImapValue = { type: 'ATOM', value: 'BODY.PEEK', section: [] };
  const rows = await fetchRaw(client, cache, uidSet([...uids]), [source]);
  return rows
    .filter((r) => r.message.source !== undefined && r.message.uid !== undefined)
    .map((r) => ({ id: r.id, uid: r.message.uid, source: r.message.source as Buffer }));
}
