// The TagService (TAG-1): tag definitions over the store and tagging as keyword changes
// (journaled for the server by putKeyword). Loaded on first use through a TagServiceLoader,
// never in the start-up bundle.
import type { BuzonDb } from '../store/db.js';
import { getEmails, putKeyword } from '../store/repos/emails.js';
import {
  DEFAULT_TAG_COLOR,
  addTag,
  deleteTag,
  isTagKeyword,
  mergeTags,
  recolorTag,
  rememberFoundKeywords,
  scanTagKeywords,
  taggedIds,
} from '../store/repos/tags.js';
import type { EmailRecord, TagRecord } from '../store/records.js';
import { observeQuery } from '../store/live.js';
import { listSettingValues, putSettingValues } from '../store/repos/settings.js';
import { batchedObserver } from './batched-observe.js';
import { mapSubscribable } from './subscribable.js';
import type { Tag, TagService } from './types.js';

export interface TagDeps {
  db: BuzonDb;
  now?: () => number;
}

/** Remembers in the database's settings that the one-off keyword scan ran. */
const SCANNED_KEY = 'tags.scanned';

function toTag(r: TagRecord): Tag {
  return { keyword: r.keyword, name: r.name, color: r.color, found: r.found === true };
}

/** A message's keywords that are tags, lower-cased (`$seen` and the like are not). */
function tagKeywordsOf(e: Pick<EmailRecord, 'keywords'>): string[] {
  return Object.keys(e.keywords)
    .map((k) => k.toLowerCase())
    .filter(isTagKeyword);
}

/** Whether two rows show the same chips (null: none). */
function sameTags(a: Tag[] | null, b: Tag[] | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.length === b.length &&
    a.every((t, i) => {
      const u = b[i];
      return (
        u !== undefined &&
        t.keyword === u.keyword &&
        t.name === u.name &&
        t.color === u.color &&
        t.found === u.found
      );
    })
  );
}

/** Tags in the order menus show them: by name, as a person reads it. */
function sorted(tags: Tag[]): Tag[] {
  return tags.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
}

export function createTagService(deps: TagDeps): TagService {
  const { db } = deps;
  const now = deps.now ?? Date.now;

  // Keywords another client set: found once by a background pass over the mailbox (later
  // arrivals are found as their rows are shown).
  void (async () => {
    if ((await listSettingValues(db)).get(SCANNED_KEY)) return;
    await rememberFoundKeywords(db, await scanTagKeywords(db), now());
    await putSettingValues(db, { [SCANNED_KEY]: true });
  })().catch(() => undefined);

  /** A tag chip for a keyword: its definition, or a found keyword in the default colour. */
  const tagFor = (defs: ReadonlyMap<string, TagRecord>, keyword: string): Tag =>
    toTag(
      defs.get(keyword) ?? {
        keyword,
        name: keyword,
        color: DEFAULT_TAG_COLOR,
        createdAt: 0,
        found: true,
      },
    );

  // Every row of the list observes its tags: one query serves all of them.
  const observeTagsOf = batchedObserver<Tag[]>(
    (ids) =>
      observeQuery(async () => {
        const keywordsOf = new Map<string, string[]>();
        for (const e of await db.emails.bulkGet([...ids])) {
          if (!e) continue;
          const keywords = tagKeywordsOf(e);
          if (keywords.length > 0) keywordsOf.set(e.id, keywords);
        }
        const out = new Map<string, Tag[]>();
        if (keywordsOf.size === 0) return out;
        const defs = new Map(mergeTags(await db.tags.toArray()).map((t) => [t.keyword, t]));
        const unknown = new Set<string>();
        for (const [id, keywords] of keywordsOf) {
          for (const k of keywords) if (!defs.has(k)) unknown.add(k);
          out.set(id, sorted(keywords.map((k) => tagFor(defs, k))));
        }
        // Outside the query: a live query must not write.
        if (unknown.size > 0)
          setTimeout(
            () => void rememberFoundKeywords(db, [...unknown], now()).catch(() => undefined),
          );
        return out;
      }),
    sameTags,
  );

  return {
    observeTags: () =>
      observeQuery(async () => sorted(mergeTags(await db.tags.toArray()).map(toTag))),

    observeMessageTags: (emailId) => mapSubscribable(observeTagsOf(emailId), (t) => t ?? []),

    async tagsOf(emailIds) {
      const rows = await getEmails(db, emailIds);
      const out: Record<string, string[]> = {};
      for (const e of rows) {
        if (e) out[e.id] = tagKeywordsOf(e);
      }
      return out;
    },

    createTag: async (name, color) => toTag(await addTag(db, name, color, now())),
    recolorTag: (keyword, color) => recolorTag(db, keyword, color, now()),
    countTagged: async (keyword) => (await taggedIds(db, keyword)).length,
    deleteTag: (keyword) => deleteTag(db, keyword, now()),
    setTag: (emailIds, keyword, on) => putKeyword(db, emailIds, keyword.toLowerCase(), on),
  };
}
