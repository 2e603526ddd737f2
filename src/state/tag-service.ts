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
import type { TagRecord } from '../store/records.js';
import { observeQuery } from '../store/live.js';
import { listSettingValues, putSettingValues } from '../store/repos/settings.js';
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

  return {
    observeTags: () =>
      observeQuery(async () => sorted(mergeTags(await db.tags.toArray()).map(toTag))),

    observeMessageTags(emailId) {
      return observeQuery(async () => {
        const e = await db.emails.get(emailId);
        const keywords = Object.keys(e?.keywords ?? {})
          .map((k) => k.toLowerCase())
          .filter(isTagKeyword);
        if (keywords.length === 0) return [];
        const defs = new Map(mergeTags(await db.tags.toArray()).map((t) => [t.keyword, t]));
        const unknown = keywords.filter((k) => !defs.has(k));
        // Outside the query: a live query must not write.
        if (unknown.length)
          setTimeout(() => void rememberFoundKeywords(db, unknown, now()).catch(() => undefined));
        return sorted(
          keywords.map((k) =>
            toTag(
              defs.get(k) ?? {
                keyword: k,
                name: k,
                color: DEFAULT_TAG_COLOR,
                createdAt: 0,
                found: true,
              },
            ),
          ),
        );
      });
    },

    async tagsOf(emailIds) {
      const rows = await getEmails(db, emailIds);
      const out: Record<string, string[]> = {};
      for (const e of rows) {
        if (e)
          out[e.id] = Object.keys(e.keywords)
            .map((k) => k.toLowerCase())
            .filter(isTagKeyword);
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
