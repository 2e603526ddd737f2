// What the search engine reads of the mailbox (execute.ts SearchData), from the account's
// database: rows, the indexed text, folder membership, and `in:` names resolved to
// folders — by name, by path ("Proyectos/2026") or by role in English or Spanish.
import type { BuzonDb } from '../../store/db.js';
import type { MailboxRecord } from '../../store/records.js';
import {
  emailRows,
  folderMessageIds,
  messagesNewestFirst,
  searchTexts,
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

export function mailboxResolver(boxes: readonly MailboxRecord[]): SearchResolver {
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
    // Tags (TAG-1) are keywords; until tags have names of their own, the name is the keyword.
    keywordFor: () => null,
  };
}

export async function searchData(db: BuzonDb): Promise<SearchData> {
  const resolver = mailboxResolver(await db.mailboxes.toArray());
  return {
    rows: async (ids) => (await emailRows(db, ids)) as (SearchRow | undefined)[],
    bodies: (ids) => searchTexts(db, ids),
    folderIds: (mailboxId) => folderMessageIds(db, mailboxId),
    async *newestFirst(mailboxId) {
      const all = await messagesNewestFirst(db, mailboxId);
      for (let at = 0; at < all.length; at += PAGE) yield all.slice(at, at + PAGE).map((m) => m.id);
    },
    resolver,
  };
}
