// What the search engine reads of the mailbox (execute.ts SearchData), from the account's
// database: rows, the indexed text, folder membership, and `in:` names resolved to
// folders — by name, by path ("Proyectos/2026") or by role in English or Spanish.
import { isCommentsFolder } from '../../mail/comment-folder.js';
import type { BuzonDb } from '../../store/db.js';
import type { MailboxRecord, TagRecord } from '../../store/records.js';
import { listTags } from '../../store/repos/tags.js';
import {
  emailRows,
  folderMessageIds,
  messagesNewestFirst,
  unreadMessageIds,
} from '../../store/repos/search-index.js';
import type { SearchData, SearchRow } from '../../search/engine/execute.js';
import type { SearchResolver } from '../../search/query/match.js';
import { foldText } from '../../search/query/normalize.js';

/** Role names a user may type after `in:` besides the folder's own name. */
const ROLE_NAMES: Readonly<Record<string, readonly string[]>> = {
  inbox: ['inbox', 'bandeja de entrada', 'entrada'],
  drafts: ['drafts', 'borradores'],
  sent: ['sent', 'enviados'],
  templates: ['templates', 'plantillas'],
  trash: ['trash', 'papelera'],
  spam: ['spam', 'junk', 'correo no deseado'],
};

/** Rows read per page when the text narrows nothing (`is:unread`, `in:inbox`). */
const PAGE = 100;

function pathOf(box: MailboxRecord, byId: ReadonlyMap<string, MailboxRecord>): string {
  const names = [box.name];
  let parent = box.parentId;
  // Bounded by the folder count: a corrupt parent cycle cannot loop forever.
  for (let hops = 0; parent !== null && hops < byId.size; hops++) {
    const p = byId.get(parent);
    if (!p) break;
    names.unshift(p.name);
    parent = p.parentId;
  }
  return names.join('/');
}

/**
 * `in:` names resolved to folders, `tag:` names to keywords (TAG-1): a tag's name as the user
 * sees it (case- and accent-insensitive) or its keyword.
 */
export function mailboxResolver(
  boxes: readonly MailboxRecord[],
  tags: readonly TagRecord[] = [],
): SearchResolver {
  const tagKeywords = new Map<string, string>();
  for (const t of tags) tagKeywords.set(foldText(t.keyword), t.keyword);
  // Names win over keywords: a tag named "work" is meant before the keyword `work`.
  for (const t of tags) tagKeywords.set(foldText(t.name), t.keyword);
  const byId = new Map(boxes.map((b) => [b.id, b]));
  const byName = new Map<string, Set<string>>();
  const add = (name: string, id: string) => {
    const key = foldText(name);
    const set = byName.get(key) ?? new Set<string>();
    set.add(id);
    byName.set(key, set);
  };
  for (const box of boxes) {
    if (box.trashedAt !== undefined) continue;
    add(box.name, box.id);
    add(pathOf(box, byId), box.id);
    for (const name of box.role ? (ROLE_NAMES[box.role] ?? []) : []) add(name, box.id);
  }
  return {
    mailboxIdsFor: (name) => byName.get(foldText(name)) ?? null,
    keywordFor: (name) => tagKeywords.get(foldText(name)) ?? null,
  };
}

export async function searchData(
  db: BuzonDb,
  bodies: SearchData['bodies'],
  locator?: SearchData['locator'],
): Promise<SearchData> {
  const boxes = await db.mailboxes.toArray();
  const resolver = mailboxResolver(boxes, await listTags(db));
  // COMMENT-1: comment messages are notes about mail, not mail: never a search result.
  const hidden = new Set(boxes.filter(isCommentsFolder).map((b) => b.id));
  return {
    rows: async (ids) =>
      (await emailRows(db, ids)).map((r) =>
        r && !hidden.has(r.mailboxId) ? (r as SearchRow) : undefined,
      ),
    bodies,
    folderIds: (mailboxId) => folderMessageIds(db, mailboxId),
    folderSize: async (mailboxId) => (await db.mailboxes.get(mailboxId))?.total ?? 0,
    ...(locator ? { locator } : {}),
    isHidden: (mailboxId) => hidden.has(mailboxId),
    unreadIds: () => unreadMessageIds(db),
    async *newestFirst(mailboxId) {
      const all = await messagesNewestFirst(db, mailboxId);
      for (let at = 0; at < all.length; at += PAGE) yield all.slice(at, at + PAGE).map((m) => m.id);
    },
    resolver,
  };
}
