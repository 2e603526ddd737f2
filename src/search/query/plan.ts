// planQuery: what an index has to do for a query, as plain data. The index design for
// large mailboxes is chosen later by measurement (issue 5: segmented MiniSearch,
// FlexSearch, or posting lists in IndexedDB), so this says WHAT to look up, never how.
//
// How a searcher uses a plan:
//   1. `impossible` → no results, nothing to read.
//   2. Candidates from the text index: for every group in `candidates`, the union over
//      its probes of the messages having ALL of the probe's tokens (and, for a prefix,
//      some token starting with it) in the probe's field; then intersect the groups.
//      No groups (`candidates` empty) means the text does not narrow anything: start
//      from every message in the folder scope instead.
//   3. Narrow with `filters` wherever an index makes that cheap (a Dexie index on
//      receivedAt or mailboxId; keywords); the rest can wait for step 4.
//   4. Unless `exact`, confirm each candidate with matches(query, doc) (match.ts), which
//      is always right on its own: a plan only saves work, it never decides a result.
//      Since a mail list is ordered by date, confirm newest first and stop when the page
//      is full: phrases and negations are then checked only on the messages shown.

import {
  isTextTerm,
  type Clause,
  type Literal,
  type PriorityLevel,
  type Query,
  type TextField,
} from './ast.js';
import { foldTokens } from './normalize.js';

/** One alternative of a candidates group: what must be found in one field. */
export interface TextProbe {
  field: TextField;
  /** Folded tokens that must all occur in `field` (a phrase's words, in any order here). */
  tokens: readonly string[];
  /** A folded prefix some token in `field` must start with, or null. */
  prefix: string | null;
  /** A phrase's words in order (repeats kept), for an index that knows adjacent pairs. */
  sequence?: readonly string[];
  /**
   * True when having the tokens does not prove the term, so matches() must confirm:
   * phrases (order and adjacency) and whole addresses (the parts, not the address).
   * An index that does not record fields must confirm every probe whose field is not `any`.
   */
  confirm: boolean;
}

/** The metadata conditions of a query that are plain ANDed constraints. */
export interface StructuredFilters {
  /** Received at or after (epoch ms, inclusive); null = no bound. */
  receivedFrom: number | null;
  /** Received before (epoch ms, exclusive); null = no bound. */
  receivedBefore: number | null;
  /** Size strictly greater than (bytes); null = no bound. */
  largerThan: number | null;
  /** Size strictly less than (bytes); null = no bound. */
  smallerThan: number | null;
  /** true = only unread, false = only read, null = either. */
  unread: boolean | null;
  flagged: boolean | null;
  hasAttachment: boolean | null;
  /** The priority levels allowed; null = any. */
  priorities: readonly PriorityLevel[] | null;
  /** Folder names as typed (resolve with SearchResolver.mailboxIdsFor): in every one of them / in none. */
  inFolders: readonly string[];
  notInFolders: readonly string[];
  /** Tag names as typed (resolve with SearchResolver.keywordFor): all of them / none. */
  withTags: readonly string[];
  withoutTags: readonly string[];
}

export interface QueryPlan {
  /** No clauses: the caller shows "no search", not every message. */
  empty: boolean;
  /** The filters (or the text) contradict each other (`is:read is:unread`, after > before): no results. */
  impossible: boolean;
  /** ANDed groups of ORed probes (see the header); empty = text gives no candidates. */
  candidates: readonly (readonly TextProbe[])[];
  filters: StructuredFilters;
  /**
   * Clauses that neither probes nor filters settle, checkable only on the message:
   * negated text (`-word`), an OR mixing text with metadata (`foo OR is:unread`), an OR
   * of metadata (`in:inbox OR in:sent`). matches() checks them with the rest.
   */
  docOnly: readonly Clause[];
  /**
   * True when candidates ∩ filters is already the answer, so matches() may be skipped,
   * provided the searcher applied every filter (folders and tags through the resolver).
   */
  exact: boolean;
}

const ALL_LEVELS: readonly PriorityLevel[] = ['high', 'normal', 'low'];

function probeOf(literal: Literal): TextProbe | null {
  const term = literal.term;
  if (literal.negated) return null;
  switch (term.kind) {
    case 'word':
      return { field: term.field, tokens: [term.token], prefix: null, confirm: false };
    case 'prefix':
      return { field: term.field, tokens: [], prefix: term.prefix, confirm: false };
    case 'phrase':
      return {
        field: term.field,
        tokens: [...new Set(term.tokens)],
        prefix: null,
        sequence: term.tokens,
        confirm: true,
      };
    case 'address':
      return {
        field: term.field,
        tokens: [...new Set(foldTokens(term.address))],
        prefix: null,
        confirm: true,
      };
    default:
      return null;
  }
}

function emptyFilters(): StructuredFilters {
  return {
    receivedFrom: null,
    receivedBefore: null,
    largerThan: null,
    smallerThan: null,
    unread: null,
    flagged: null,
    hasAttachment: null,
    priorities: null,
    inFolders: [],
    notInFolders: [],
    withTags: [],
    withoutTags: [],
  };
}

const max = (a: number | null, b: number): number => (a === null ? b : Math.max(a, b));
const min = (a: number | null, b: number): number => (a === null ? b : Math.min(a, b));

/** Adds one single-literal metadata clause to the filters; returns false on a contradiction. */
function addFilter(
  f: { -readonly [K in keyof StructuredFilters]: StructuredFilters[K] },
  literal: Literal,
): boolean {
  const { term, negated } = literal;
  const setFlag = (key: 'unread' | 'flagged' | 'hasAttachment', value: boolean): boolean => {
    if (f[key] !== null && f[key] !== value) return false;
    f[key] = value;
    return true;
  };
  switch (term.kind) {
    case 'flag':
      if (term.flag === 'read') return setFlag('unread', negated);
      return setFlag(term.flag === 'attachment' ? 'hasAttachment' : term.flag, !negated);
    case 'date':
      // -before:X is "at or after X"; -after:X is "before X".
      if ((term.op === 'after') !== negated) f.receivedFrom = max(f.receivedFrom, term.at);
      else f.receivedBefore = min(f.receivedBefore, term.at);
      return true;
    case 'size':
      // Sizes are whole bytes: -larger:N is size ≤ N, i.e. < N + 1.
      if (term.op === 'larger') {
        if (negated) f.smallerThan = min(f.smallerThan, term.bytes + 1);
        else f.largerThan = max(f.largerThan, term.bytes);
      } else if (negated) f.largerThan = max(f.largerThan, term.bytes - 1);
      else f.smallerThan = min(f.smallerThan, term.bytes);
      return true;
    case 'priority': {
      const allowed = negated ? ALL_LEVELS.filter((l) => l !== term.level) : [term.level];
      f.priorities = (f.priorities ?? ALL_LEVELS).filter((l) => allowed.includes(l));
      return f.priorities.length > 0;
    }
    case 'folder':
      f[negated ? 'notInFolders' : 'inFolders'] = [
        ...f[negated ? 'notInFolders' : 'inFolders'],
        term.name,
      ];
      return true;
    case 'tag':
      f[negated ? 'withoutTags' : 'withTags'] = [
        ...f[negated ? 'withoutTags' : 'withTags'],
        term.name,
      ];
      return true;
    default:
      return true;
  }
}

export function planQuery(query: Query): QueryPlan {
  const filters = emptyFilters();
  const candidates: TextProbe[][] = [];
  const docOnly: Clause[] = [];
  let impossible = false;

  for (const clause of query.all) {
    const probes = clause.any.map(probeOf);
    if (probes.every((p): p is TextProbe => p !== null)) {
      candidates.push(probes);
      continue;
    }
    const only = clause.any.length === 1 ? clause.any[0] : undefined;
    if (only !== undefined && !isTextTerm(only.term)) {
      if (!addFilter(filters, only)) impossible = true;
      continue;
    }
    docOnly.push(clause);
  }

  if (filters.receivedFrom !== null && filters.receivedBefore !== null) {
    impossible ||= filters.receivedFrom >= filters.receivedBefore;
  }
  if (filters.largerThan !== null && filters.smallerThan !== null) {
    impossible ||= filters.largerThan + 1 >= filters.smallerThan;
  }

  const exact = docOnly.length === 0 && candidates.every((group) => group.every((p) => !p.confirm));
  return { empty: query.all.length === 0, impossible, candidates, filters, docOnly, exact };
}
