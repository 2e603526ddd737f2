// TAG-1: tag definitions (keyword → name and colour) and tagging. A tag on a message is an
// IMAP/JMAP keyword, so tagging is putKeyword (journaled to the server like any keyword);
// only the definitions live here, on this device (ADR 0025).
import type { Subscribable } from '../../state/observable.js';
import type { BuzonDb } from '../db.js';
import { StoreError, storeCall } from '../errors.js';
import { observeQuery } from '../live.js';
import type { EmailRecord, TagRecord } from '../records.js';
import { putKeyword } from './emails.js';

export class TagRuleError extends StoreError {
  override name = 'TagRuleError';
}

/** Thunderbird's built-in labels (mailnews.tags.$labelN), with its names and colours. */
export const BUILTIN_TAGS: readonly Pick<TagRecord, 'keyword' | 'name' | 'color'>[] = [
  { keyword: '$label1', name: 'Important', color: '#ff0000' },
  { keyword: '$label2', name: 'Work', color: '#ff9900' },
  { keyword: '$label3', name: 'Personal', color: '#009900' },
  { keyword: '$label4', name: 'To Do', color: '#3333ff' },
  { keyword: '$label5', name: 'Later', color: '#993399' },
];

/** The colour of a keyword another client set without telling us its colour. */
export const DEFAULT_TAG_COLOR = '#808080';

// Why 64: a tag is a chip in a list row; longer names only get cut on screen, and the
// derived keyword stays far below RFC 8621's 255.
export const MAX_TAG_NAME_LENGTH = 64;

const COLOR = /^#[0-9a-f]{6}$/i;
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** Keywords without `$` that mail software uses as state, not as a user's tag. */
const STATE_KEYWORDS = new Set(['junk', 'nonjunk', 'notjunk', 'forwarded', 'mdnsent']);
const BUILTIN = /^\$label[1-5]$/;

/** True when a keyword on a message is a user's tag (not `$seen`, `$junk`, …). */
export function isTagKeyword(keyword: string): boolean {
  const k = keyword.toLowerCase();
  if (k.startsWith('$')) return BUILTIN.test(k);
  return !STATE_KEYWORDS.has(k);
}

/** A name compared the way users see it: no case, no accents, trimmed. */
export function foldTagName(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();
}

/**
 * RFC 8621 §4.1.1 keyword for a new tag's name: accent-folded, lower case, runs of anything
 * but letters, digits, `_` and `-` become one `_` ("Proyecto X" → `proyecto_x`), never
 * starting with `$` (reserved for system keywords), unique among `taken` (`_2`, `_3`…).
 */
export function keywordFromName(name: string, taken: ReadonlySet<string>): string {
  const base =
    foldTagName(name)
      .replace(/[^a-z0-9_-]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, MAX_TAG_NAME_LENGTH) || 'tag';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

export function checkTagName(name: string): string {
  const clean = name.trim();
  if (!clean) throw new TagRuleError('A tag needs a name.');
  if (FORBIDDEN_CHARS.test(clean))
    throw new TagRuleError('A tag name cannot contain control characters.');
  if (clean.length > MAX_TAG_NAME_LENGTH) {
    throw new TagRuleError(`A tag name can have at most ${MAX_TAG_NAME_LENGTH} characters.`);
  }
  return clean;
}

export function checkColor(color: string): string {
  if (!COLOR.test(color)) throw new TagRuleError(`"${color}" is not a colour (#rrggbb).`);
  return color.toLowerCase();
}

/** Stored definitions over the built-in labels; deleted built-ins left out. */
export function mergeTags(stored: readonly TagRecord[]): TagRecord[] {
  const byKeyword = new Map(stored.map((t) => [t.keyword, t]));
  const out: TagRecord[] = [];
  for (const b of BUILTIN_TAGS) {
    if (!byKeyword.has(b.keyword)) out.push({ ...b, createdAt: 0 });
  }
  for (const t of stored) if (!t.hidden) out.push(t);
  return out;
}

export async function listTags(db: BuzonDb): Promise<TagRecord[]> {
  return mergeTags(await storeCall(() => db.tags.toArray()));
}

export function observeTags(db: BuzonDb): Subscribable<TagRecord[]> {
  return observeQuery(async () => mergeTags(await db.tags.toArray()));
}

/** TAG-1 create: the keyword is derived from the name; two tags never share a name. */
export async function addTag(
  db: BuzonDb,
  name: string,
  color: string,
  now: number,
): Promise<TagRecord> {
  const clean = checkTagName(name);
  const hex = checkColor(color);
  return storeCall(() =>
    db.transaction('rw', db.tags, async () => {
      const stored = await db.tags.toArray();
      const all = mergeTags(stored);
      const folded = foldTagName(clean);
      if (all.some((t) => foldTagName(t.name) === folded)) {
        throw new TagRuleError(`A tag named "${clean}" already exists.`);
      }
      const taken = new Set([
        ...stored.map((t) => t.keyword),
        ...BUILTIN_TAGS.map((b) => b.keyword),
      ]);
      const tag: TagRecord = {
        keyword: keywordFromName(clean, taken),
        name: clean,
        color: hex,
        createdAt: now,
      };
      await db.tags.add(tag);
      return tag;
    }),
  );
}

/** TAG-1 recolour (names are fixed). A built-in or found tag gets a stored definition. */
export async function recolorTag(
  db: BuzonDb,
  keyword: string,
  color: string,
  now: number,
): Promise<void> {
  const hex = checkColor(color);
  await storeCall(() =>
    db.transaction('rw', db.tags, async () => {
      const current =
        (await db.tags.get(keyword)) ?? BUILTIN_TAGS.find((b) => b.keyword === keyword);
      if (!current) throw new TagRuleError(`There is no tag ${keyword}.`);
      const next: TagRecord = { createdAt: now, ...current, color: hex };
      delete next.found;
      await db.tags.put(next);
    }),
  );
}

/** Ids of the messages carrying a keyword. A scan: keywords have no index (deletes are rare). */
export function taggedIds(db: BuzonDb, keyword: string): Promise<string[]> {
  return storeCall(() => db.emails.filter((e) => e.keywords[keyword] === true).primaryKeys());
}

/**
 * TAG-1 delete: the definition goes (a built-in is remembered as deleted), then the keyword
 * leaves every message, journaled for the server like any keyword change. Two transactions
 * (putKeyword owns the tables a keyword change touches); a crash between them leaves a
 * keyword without a definition, which shows again as a found tag and can be deleted again.
 */
export async function deleteTag(db: BuzonDb, keyword: string, now: number): Promise<number> {
  await storeCall(() =>
    db.transaction('rw', db.tags, async () => {
      const builtin = BUILTIN_TAGS.find((b) => b.keyword === keyword);
      if (builtin) await db.tags.put({ ...builtin, createdAt: now, hidden: true });
      else await db.tags.delete(keyword);
    }),
  );
  const ids = await taggedIds(db, keyword);
  await putKeyword(db, ids, keyword, false);
  return ids.length;
}

/**
 * Keywords seen on messages that no tag defines become tags with the default colour (another
 * client set them); a deleted built-in that a message carries again is listed again.
 */
export async function rememberFoundKeywords(
  db: BuzonDb,
  keywords: readonly string[],
  now: number,
): Promise<void> {
  const wanted = [...new Set(keywords.map((k) => k.toLowerCase()))].filter(isTagKeyword);
  if (wanted.length === 0) return;
  await storeCall(() =>
    db.transaction('rw', db.tags, async () => {
      const stored = await db.tags.bulkGet(wanted);
      for (const [i, keyword] of wanted.entries()) {
        const row = stored[i];
        if (row?.hidden) await db.tags.delete(keyword);
        else if (!row && !BUILTIN.test(keyword)) {
          await db.tags.add({
            keyword,
            name: keyword,
            color: DEFAULT_TAG_COLOR,
            createdAt: now,
            found: true,
          });
        }
      }
    }),
  );
}

/** Rows read per step of the background pass: small steps keep the page responsive. */
const SCAN_STEP = 1_000;
/** A pause between steps, so a 100k mailbox's pass never competes with a click. */
const SCAN_PAUSE_MS = 50;

/**
 * Every tag keyword on any message: one background pass, for tags other clients set, in
 * small read transactions with pauses between them.
 */
export async function scanTagKeywords(db: BuzonDb): Promise<string[]> {
  const found = new Set<string>();
  let after: string | null = null;
  for (;;) {
    const from: string | null = after;
    const page: EmailRecord[] = await storeCall(() =>
      (from === null ? db.emails.orderBy(':id') : db.emails.where(':id').above(from))
        .limit(SCAN_STEP)
        .toArray(),
    );
    for (const e of page)
      for (const k of Object.keys(e.keywords)) if (isTagKeyword(k)) found.add(k.toLowerCase());
    const last = page.at(-1);
    if (!last || page.length < SCAN_STEP) break;
    after = last.id;
    await new Promise((resolve) => setTimeout(resolve, SCAN_PAUSE_MS));
  }
  return [...found];
}
