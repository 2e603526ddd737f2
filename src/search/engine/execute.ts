// Running a search (SEARCH-1…6): parse, plan, candidates from the index ranked by
// relevance then date, then rows read a page at a time and checked — only the metadata
// conditions when the index settled the text (`exact`), else the whole query on the
// message with its indexed text — until SEARCH_LIMIT are found. Pure: the index and the
// rows come through TermSource and SearchData.
import { isTextTerm, type Clause, type Query } from '../query/ast.js';
import { clauseMatches, matches, type SearchResolver } from '../query/match.js';
import { parseQuery } from '../query/parse.js';
import { planQuery } from '../query/plan.js';
import { prepareDoc, type SearchAddress, type SearchDoc } from '../query/search-doc.js';
import { MARKS } from '../index/segment.js';
import type { QueryPlan } from '../query/plan.js';
import {
  excludedDocs,
  findCandidates,
  type CandidateGroup,
  type TermSource,
} from './candidates.js';
import type { TextProbe } from '../query/plan.js';
import { rankKey, rankedPositions } from './rank.js';

/** SEARCH-4: "at most 200 results". */
export const SEARCH_LIMIT = 200;
/** Rows read per round trip: a first page of a list, and small enough to stop early. */
const PAGE = 100;

/** What the search needs of a stored message. */
export interface SearchRow {
  id: string;
  mailboxId: string;
  subject: string;
  from: readonly SearchAddress[];
  to: readonly SearchAddress[];
  cc: readonly SearchAddress[];
  keywords: Readonly<Record<string, unknown>>;
  hasAttachment: boolean;
  receivedAt: number;
  size: number;
  priority: number;
}

export interface SearchData {
  rows(ids: readonly string[]): Promise<(SearchRow | undefined)[]>;
  /** The indexed body text of each message (undefined when not indexed). */
  bodies(ids: readonly string[]): Promise<(string | undefined)[]>;
  /** The ids of one folder's messages. */
  folderIds(mailboxId: string): Promise<ReadonlySet<string>>;
  /**
   * How many messages the folder holds (its maintained counter), to choose between reading
   * its ids and checking each candidate's row; without it the ids are always read.
   */
  folderSize?(mailboxId: string): Promise<number>;
  /**
   * Where each message is (its folder id, undefined when it is gone), known without reading
   * rows; null (or absent) when that knowledge may be stale. With it, a query the index
   * settles answers without reading a single row.
   */
  locator?(): ((id: string) => string | undefined) | null;
  /** Folders whose messages are never results (the hidden comments folder). */
  isHidden?(mailboxId: string): boolean;
  /** The ids of every unread message (`is:unread`, `is:read` narrow before rows are read). */
  unreadIds?(): Promise<ReadonlySet<string>>;
  /** Every message id of the scope, newest first, in pages (queries whose text narrows nothing). */
  newestFirst(mailboxId: string | null): AsyncIterable<readonly string[]>;
  resolver: SearchResolver;
}

/** Document numbers to messages (the index's segments). */
export interface DocMap {
  idOf(doc: number): string | undefined;
  dateOf(doc: number): number;
}

export interface SearchOutcome {
  ids: string[];
  capped: boolean;
  warnings: string[];
}

export interface SearchInput {
  text: string;
  /** SEARCH-2: one folder, or null for everywhere. */
  folderId: string | null;
  /** Minutes east of UTC for dates typed in the query; the runtime's zone when absent. */
  utcOffsetMinutes?: number;
  signal?: AbortSignal;
}

const textual = (clause: Clause): boolean => clause.any.some((l) => isTextTerm(l.term));

/**
 * `-word` and `-prefix*`: settled by the index (every message having the word in the
 * field is excluded), not by reading the message. Null for what only the message can
 * settle (a negated phrase, an OR).
 */
function negatedProbe(clause: Clause): TextProbe | null {
  const only = clause.any.length === 1 ? clause.any[0] : undefined;
  if (!only?.negated) return null;
  const t = only.term;
  if (t.kind === 'word') return { field: t.field, tokens: [t.token], prefix: null, confirm: false };
  if (t.kind === 'prefix') return { field: t.field, tokens: [], prefix: t.prefix, confirm: false };
  return null;
}

function docOf(row: SearchRow, body: string): SearchDoc {
  return {
    subject: row.subject,
    from: row.from,
    to: row.to,
    cc: row.cc,
    body,
    keywords: Object.keys(row.keywords),
    mailboxId: row.mailboxId,
    hasAttachment: row.hasAttachment,
    receivedAt: row.receivedAt,
    size: row.size,
    priority: row.priority,
  };
}

/** Checks pages of ids in order until the limit is passed. */
async function collect(
  query: Query,
  exact: boolean,
  pages: AsyncIterable<readonly string[]> | Iterable<readonly string[]>,
  data: SearchData,
  signal: AbortSignal | undefined,
): Promise<{ ids: string[]; capped: boolean }> {
  const metadata = query.all.filter((c) => !textual(c));
  const found: string[] = [];
  const seen = new Set<string>();
  for await (const page of pages) {
    signal?.throwIfAborted();
    const fresh = page.filter((id) => !seen.has(id));
    fresh.forEach((id) => seen.add(id));
    const [rows, bodies] = await Promise.all([
      data.rows(fresh),
      exact ? Promise.resolve([]) : data.bodies(fresh),
    ]);
    for (let i = 0; i < fresh.length; i++) {
      const row = rows[i];
      // Gone since it was indexed (deleted, or stored again under another id).
      if (!row) continue;
      const ok = exact
        ? metadata.every((c) => clauseMatches(c, prepareDoc(docOf(row, '')), data.resolver))
        : matches(query, docOf(row, bodies[i] ?? ''), data.resolver);
      if (!ok) continue;
      if (found.length === SEARCH_LIMIT) return { ids: found, capped: true };
      found.push(row.id);
    }
  }
  return { ids: found, capped: false };
}

function* inPages<T>(items: Iterable<T>): Iterable<T[]> {
  let page: T[] = [];
  for (const item of items) {
    page.push(item);
    if (page.length === PAGE) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

/**
 * Sets of ids a candidate must be in (`keep`) or out of (`drop`): the folder scope, `in:`
 * folders, unread or read. Cheap to read from indexes, and they spare reading rows of
 * candidates that cannot qualify.
 */
async function idFilters(
  folderId: string | null,
  filters: QueryPlan['filters'],
  data: SearchData,
  candidateCount: number,
  /** Folders are checked by the locator (rowFreeIds): no folder's ids are read here. */
  foldersLocated: boolean,
): Promise<{ keep: ReadonlySet<string>[]; drop: ReadonlySet<string>[] }> {
  const keep: ReadonlySet<string>[] = [];
  const drop: ReadonlySet<string>[] = [];
  const folders = async (name: string): Promise<ReadonlySet<string> | null> => {
    const boxes = data.resolver.mailboxIdsFor(name);
    if (!boxes) return null;
    const out = new Set<string>();
    for (const box of boxes) for (const id of await data.folderIds(box)) out.add(id);
    return out;
  };
  // The scope is also a condition of the query, checked on each row read: reading every id
  // of a big folder (100,000 keys at 100k messages) costs more than that check, so the ids
  // are read only when the folder is smaller than the candidates to check.
  if (folderId !== null && !foldersLocated) {
    const size = data.folderSize ? await data.folderSize(folderId) : 0;
    if (size < candidateCount) keep.push(await data.folderIds(folderId));
  }
  for (const name of foldersLocated ? [] : filters.inFolders) {
    const set = await folders(name);
    if (set) keep.push(set);
  }
  for (const name of foldersLocated ? [] : filters.notInFolders) {
    const set = await folders(name);
    if (set) drop.push(set);
  }
  if (filters.unread !== null && data.unreadIds)
    (filters.unread ? keep : drop).push(await data.unreadIds());
  return { keep, drop };
}

/**
 * A phrase of one or two words is settled by the index: its pair term (segment.ts) records
 * exactly that adjacency within one run of the field, which is what the matcher checks.
 * Longer phrases need the message: pairs a-b and b-c may come from different places.
 */
function settledByPair(probe: TextProbe): boolean {
  return probe.sequence !== undefined && probe.sequence.length <= 2 && probe.prefix === null;
}

/**
 * True when the index and the id sets settle every metadata condition of the query: dates
 * (the segments' dates), folders (the locator), read state (unread ids), and the marks
 * (has:attachment, priority:high). Anything else (tags, flags, sizes) needs the rows.
 */
function settledByIndex(query: Query, resolver: SearchResolver, data: SearchData): boolean {
  return query.all
    .filter((c) => !textual(c))
    .every((c) => {
      const only = c.any.length === 1 ? c.any[0] : undefined;
      if (!only) return false;
      const { term, negated } = only;
      switch (term.kind) {
        case 'date':
          return true;
        case 'folder':
          return resolver.mailboxIdsFor(term.name) !== null;
        case 'flag':
          if (term.flag === 'attachment') return !negated;
          return (term.flag === 'unread' || term.flag === 'read') && data.unreadIds !== undefined;
        case 'priority':
          return term.level === 'high' && !negated;
        default:
          return false;
      }
    });
}

/**
 * The answer without reading rows: ranked ids whose folder (from the locator) passes the
 * scope and `in:` conditions, leaving out messages gone since they were indexed and the
 * hidden folders'. Only for a query the index settles (settledByIndex, `exact`).
 */
function rowFreeIds(
  ranked: Iterable<string>,
  locate: (id: string) => string | undefined,
  folderId: string | null,
  filters: QueryPlan['filters'],
  data: SearchData,
  resolver: SearchResolver,
): { ids: string[]; capped: boolean } {
  const resolve = (name: string) => resolver.mailboxIdsFor(name) ?? new Set<string>();
  const within = [
    ...(folderId === null ? [] : [new Set([folderId])]),
    ...filters.inFolders.map(resolve),
  ];
  const outside = filters.notInFolders.map(resolve);
  const ids: string[] = [];
  for (const id of ranked) {
    const mailboxId = locate(id);
    if (mailboxId === undefined || data.isHidden?.(mailboxId)) continue;
    if (within.some((s) => !s.has(mailboxId)) || outside.some((s) => s.has(mailboxId))) continue;
    if (ids.length === SEARCH_LIMIT) return { ids, capped: true };
    ids.push(id);
  }
  return { ids, capped: false };
}

export async function executeSearch(
  input: SearchInput,
  source: TermSource,
  docs: DocMap,
  data: SearchData,
): Promise<SearchOutcome> {
  const { query, warnings } = parseQuery(
    input.text,
    input.utcOffsetMinutes === undefined ? {} : { utcOffsetMinutes: input.utcOffsetMinutes },
  );
  const plan = planQuery(query);
  if (plan.empty || plan.impossible) return { ids: [], capped: false, warnings };
  // A folder scope is a metadata condition like any other.
  const scoped: Query =
    input.folderId === null
      ? query
      : {
          all: [
            ...query.all,
            {
              any: [
                {
                  negated: false,
                  source: '',
                  term: { kind: 'folder', name: input.folderId, raw: '' },
                },
              ],
            },
          ],
        };
  const resolver: SearchResolver = {
    mailboxIdsFor: (name) =>
      input.folderId !== null && name === input.folderId
        ? new Set([input.folderId])
        : data.resolver.mailboxIdsFor(name),
    keywordFor: (name) => data.resolver.keywordFor(name),
  };
  const scopedData = { ...data, resolver };
  const { filters } = plan;
  // Immutable facts are index marks (has:attachment, priority:high): intersect, do not scan.
  const groups: CandidateGroup[] = [...plan.candidates];
  if (filters.hasAttachment === true) groups.push({ mark: MARKS.attachment });
  if (filters.priorities?.length === 1 && filters.priorities[0] === 'high')
    groups.push({ mark: MARKS.highPriority });
  const candidates = await findCandidates(source, groups);
  input.signal?.throwIfAborted();
  if (candidates === null) {
    const out = await collect(
      scoped,
      false,
      data.newestFirst(input.folderId),
      scopedData,
      input.signal,
    );
    return { ...out, warnings };
  }
  const negations = plan.docOnly.map(negatedProbe);
  // Exact when what remains to check on the message is metadata only.
  const exact =
    negations.every((p) => p !== null) &&
    plan.candidates.every((group) => group.every((p) => !p.confirm || settledByPair(p)));
  const locate = exact ? (data.locator?.() ?? null) : null;
  const rowFree = locate !== null && settledByIndex(scoped, resolver, data);
  const { keep, drop } = await idFilters(
    input.folderId,
    filters,
    data,
    candidates.docs.length,
    rowFree,
  );
  const excluded = await excludedDocs(
    source,
    negations.filter((p): p is TextProbe => p !== null),
  );
  const { receivedFrom, receivedBefore } = filters;
  const byId = keep.length > 0 || drop.length > 0;
  const n = candidates.docs.length;
  const { scores, docs: candidateDocs } = candidates;
  // The candidates left, and for each its rank (relevance, then newest: rank.ts).
  const kept: number[] = [];
  const keys: number[] = [];
  for (let i = 0; i < n; i++) {
    const doc = candidateDocs[i] as number;
    if (excluded.has(doc)) continue;
    if (byId) {
      const id = docs.idOf(doc);
      if (id === undefined) continue;
      if (keep.some((k) => !k.has(id)) || drop.some((d) => d.has(id))) continue;
    }
    const date = docs.dateOf(doc);
    if (
      (receivedFrom !== null && date < receivedFrom) ||
      (receivedBefore !== null && date >= receivedBefore)
    )
      continue;
    kept.push(doc);
    keys.push(rankKey(scores[i] as number, date));
  }
  // Ids best first, ranked and looked up only as far as the answer needs.
  function* ranked(): Generator<string> {
    for (const at of rankedPositions(Float64Array.from(keys))) {
      const id = docs.idOf(kept[at] as number);
      if (id !== undefined) yield id;
    }
  }
  if (rowFree && locate) {
    return { ...rowFreeIds(ranked(), locate, input.folderId, filters, data, resolver), warnings };
  }
  const out = await collect(scoped, exact, inPages(ranked()), scopedData, input.signal);
  return { ...out, warnings };
}
