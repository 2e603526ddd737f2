// Messages through raw UID FETCH, because imapflow's fetch() cannot ask for Dovecot's
// X-GUID (the stable email id) or PREVIEW (RFC 8970). Rows are parsed with imapflow's own
// formatMessageResponse for flags, dates, envelope and body structure, and the two extra
// items are read from the raw response. Every function here runs under a mailbox lock.
import type { FetchMessageObject, ImapFlow, MailboxObject } from 'imapflow';
import { formatMessageResponse } from 'imapflow/lib/tools.js';
import type { IndexRow, SessionCache } from './cache.js';
import { emailIdFromGuid, emailIdFromHeader } from './ids.js';
import { withFetchLines } from './fetch-lines.js';
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
 * A UID FETCH of `items` and X-GUID whose rows are read straight from the response, for
 * the bulk paths (the listing, lean rows and the body download): imapflow's
 * formatMessageResponse builds an object and a promise per message and compiles every
 * item's name back to text, only for these to take a few plain tokens. Its lines are read
 * before imapflow's parser too (fetch-lines.ts); those the reader cannot read come through
 * `onUntagged`. False when the server refuses X-GUID, which then takes the general path
 * for the rest of the session.
 */
async function fetchByGuid(
  client: ImapFlow,
  cache: SessionCache,
  uids: string,
  items: ImapValue[],
  onRow: (uid: number, guid: string, raw: Map<string, ImapValue>) => void,
): Promise<boolean> {
  const onItems = (raw: Map<string, ImapValue>) => {
    const uid = Number(tokenText(raw.get('UID')));
    const guid = tokenText(raw.get('X-GUID'));
    // One without a UID or an X-GUID (an unsolicited flag update) is not a row asked for,
    // as the general path skips it too.
    if (!Number.isSafeInteger(uid) || uid <= 0 || !guid) return;
    onRow(uid, guid, raw);
  };
  const onUntagged = (_name: string, untagged: UntaggedResponse) =>
    onItems(pairs(untagged.attributes[1]));
  const list = [imapAtom('UID'), ...items, imapAtom('X-GUID')];
  try {
    // Lines read before imapflow's parser (fetch-lines.ts); the rest take onUntagged.
    await withFetchLines(client, onItems, () =>
      execRaw(client, 'UID FETCH', [imapSequence(uids), list], ['FETCH'], onUntagged),
    );
  } catch (err) {
    if (!refusesGuid(err)) throw err;
    cache.fetchGuid = false;
    return false;
  }
  cache.fetchGuid = true;
  return true;
}

/**
 * The index when the server gives X-GUID (Dovecot): UID, INTERNALDATE and X-GUID. A date
 * that does not parse is 0. Null when the server refuses X-GUID.
 */
async function indexByGuid(client: ImapFlow, cache: SessionCache): Promise<IndexRow[] | null> {
  const rows: IndexRow[] = [];
  const ok = await fetchByGuid(
    client,
    cache,
    '1:*',
    [imapAtom('INTERNALDATE')],
    (uid, guid, raw) => {
      const date = new Date(tokenText(raw.get('INTERNALDATE')) ?? '').getTime();
      rows.push({ uid, id: emailIdFromGuid(guid), receivedAt: Number.isNaN(date) ? 0 : date });
    },
  );
  return ok ? rows : null;
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
  const lean = !want.envelope && !want.bodyStructure && !want.preview && !want.headers;
  if (lean && cache.fetchGuid !== false) {
    const rows = await leanByGuid(client, cache, uidSet(uids), items);
    if (rows) return rows;
  }
  return fetchRaw(client, cache, uidSet(uids), items);
}

/**
 * Flags, date and size read from the response as the bulk paths read theirs (the sync
 * engine's bootstrap asks 10,000 such rows): what imapflow's formatMessageResponse would
 * make of these three items. Null when the server refuses X-GUID.
 */
async function leanByGuid(
  client: ImapFlow,
  cache: SessionCache,
  uids: string,
  items: ImapValue[],
): Promise<FetchedMessage[] | null> {
  const rows: FetchedMessage[] = [];
  const ok = await fetchByGuid(client, cache, uids, items, (uid, guid, raw) => {
    const flagList = raw.get('FLAGS');
    const flags = new Set(
      (Array.isArray(flagList) ? flagList : []).map(tokenText).filter((f) => f !== null),
    );
    const dateText = tokenText(raw.get('INTERNALDATE')) ?? '';
    const date = new Date(dateText);
    const size = Number(tokenText(raw.get('RFC822.SIZE')));
    const message = {
      seq: 0,
      uid,
      flags,
      internalDate: Number.isNaN(date.getTime()) ? dateText : date,
      size: Number.isSafeInteger(size) && size > 0 ? size : 0,
    } as FetchMessageObject;
    rows.push({ id: emailIdFromGuid(guid), message, preview: null });
  });
  return ok ? rows : null;
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

/**
 * The bytes of a `BODY[]` item: a literal, or a quoted string (some servers answer small
 * parts so), encoded back as UTF-8 as imapflow does; null for NIL or a list.
 */
function sourceBytes(value: ImapValue | undefined): Buffer | null {
  if (value === null || value === undefined || Array.isArray(value)) return null;
  if (Buffer.isBuffer(value.value)) return value.value;
  if (typeof value.value === 'string') return Buffer.from(value.value);
  return null;
}

/** The raw bytes of several messages of the selected folder, in one UID FETCH. */
export async function fetchSources(
  client: ImapFlow,
  cache: SessionCache,
  uids: readonly number[],
): Promise<{ id: string; uid: number; source: Buffer }[]> {
  if (uids.length === 0) return [];
  const source: ImapValue = { type: 'ATOM', value: 'BODY.PEEK', section: [] };
  if (cache.fetchGuid !== false) {
    const rows: { id: string; uid: number; source: Buffer }[] = [];
    const ok = await fetchByGuid(client, cache, uidSet([...uids]), [source], (uid, guid, raw) => {
      // The item comes back as BODY[] (pairs() names it BODY); a body structure, also
      // named BODY, would be a list and is not bytes.
      const bytes = sourceBytes(raw.get('BODY'));
      if (bytes) rows.push({ id: emailIdFromGuid(guid), uid, source: bytes });
    });
    if (ok) return rows;
  }
  const rows = await fetchRaw(client, cache, uidSet([...uids]), [source]);
  return rows
    .filter((r) => r.message.source !== undefined && r.message.uid !== undefined)
    .map((r) => ({ id: r.id, uid: r.message.uid, source: r.message.source as Buffer }));
}
