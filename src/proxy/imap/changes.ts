// What changed in the selected folder since a mod-sequence, in one round trip:
// `UID FETCH 1:* (UID FLAGS INTERNALDATE X-GUID) (CHANGEDSINCE <modseq> VANISHED)`
// (QRESYNC, RFC 7162 §3.2.6). Messages appended or whose flags changed come back as FETCH
// rows; expunged ones as `* VANISHED (EARLIER) <uid-set>`. Runs under a mailbox lock.
import type { FetchMessageObject, ImapFlow, MailboxObject } from 'imapflow';
import { formatMessageResponse } from 'imapflow/lib/tools.js';
import type { IndexRow, SessionCache } from './cache.js';
import { emailIdFromGuid, emailIdFromHeader } from './ids.js';
import { execRaw, imapAtom, imapSequence, pairs, tokenText } from './raw.js';
import type { ImapValue, UntaggedResponse } from './raw.js';

export interface FolderChanges {
  /** Messages added or changed since the mod-sequence (UID, id, INTERNALDATE). */
  changed: IndexRow[];
  /** The VANISHED UID set as ranges `[first, last]`, never expanded (the server chose it). */
  vanished: [number, number][];
}

type FormatResponse = (
  untagged: UntaggedResponse,
  mailbox: MailboxObject,
) => Promise<FetchMessageObject>;
const format = formatMessageResponse as unknown as FormatResponse;

/** A UID is at most 2^32 − 1 (RFC 3501 nz-number); anything else in a set is skipped. */
const MAX_UID = 0xffff_ffff;

/** `1:3,7,9:*` → ranges; `*` stands for the largest UID. Garbage entries are skipped. */
export function parseUidSet(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const part of text.split(',')) {
    const [a, b = a] = part.split(':');
    const num = (s: string | undefined) => (s === '*' ? MAX_UID : Number(s));
    const first = num(a);
    const last = num(b);
    if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last)) continue;
    if (first < 1 || last < 1 || first > MAX_UID || last > MAX_UID) continue;
    out.push(first <= last ? [first, last] : [last, first]);
  }
  return out;
}

export const inRanges = (uid: number, ranges: readonly [number, number][]): boolean =>
  ranges.some(([first, last]) => uid >= first && uid <= last);

/** The body-less header block as imapflow's compiler writes `BODY.PEEK[HEADER]`. */
const HEADER_PEEK: ImapValue = { type: 'ATOM', value: 'BODY.PEEK', section: [imapAtom('HEADER')] };

/** Changes of the selected folder since `modseq` (which must be > 0). */
export async function changedSince(
  client: ImapFlow,
  cache: SessionCache,
  modseq: bigint,
): Promise<FolderChanges> {
  const mailbox = client.mailbox;
  if (!mailbox) throw new Error('no mailbox selected');
  const useGuid = cache.fetchGuid !== false;
  // Without X-GUID the id is a hash of the header block and size (ADR 0010).
  const idItems = useGuid ? [imapAtom('X-GUID')] : [imapAtom('RFC822.SIZE'), HEADER_PEEK];
  const items = [imapAtom('UID'), imapAtom('FLAGS'), imapAtom('INTERNALDATE'), ...idItems];
  const modifiers = [imapAtom('CHANGEDSINCE'), imapAtom(modseq.toString()), imapAtom('VANISHED')];
  const rows: Promise<IndexRow | null>[] = [];
  const vanished: [number, number][] = [];
  await execRaw(
    client,
    'UID FETCH',
    [imapSequence('1:*'), items, modifiers],
    ['FETCH', 'VANISHED'],
    (name, untagged) => {
      if (name === 'VANISHED') {
        // `(EARLIER)` first, then the set; only the set matters here.
        const set = untagged.attributes.map((a) => tokenText(a)).find((t) => t !== null);
        if (set) vanished.push(...parseUidSet(set));
        return;
      }
      const raw = pairs(untagged.attributes[1]);
      rows.push(
        format(untagged, mailbox).then((message) => {
          const guid = tokenText(raw.get('X-GUID'));
          let id: string | null = null;
          if (guid) id = emailIdFromGuid(guid);
          else if (message.headers && message.size !== undefined)
            id = emailIdFromHeader(message.headers, message.size);
          if (id === null || !message.uid) return null;
          const receivedAt =
            message.internalDate instanceof Date ? message.internalDate.getTime() : 0;
          return { uid: message.uid, id, receivedAt };
        }),
      );
    },
  );
  const changed = (await Promise.all(rows)).filter((r): r is IndexRow => r !== null);
  return { changed, vanished };
}
