// matches(query, doc): the one definition of what a query finds (SEARCH-1, SEARCH-6).
// An index only proposes candidates (plan.ts); this confirms them, and on a small
// mailbox it is the whole search.

import {
  isTextTerm,
  type AddressTerm,
  type Clause,
  type FolderTerm,
  type Literal,
  type PriorityLevel,
  type Query,
  type TagTerm,
  type Term,
} from './ast.js';
import { foldText } from './normalize.js';
import {
  FLAGGED_KEYWORD,
  SEEN_KEYWORD,
  prepareDoc,
  type PreparedDoc,
  type SearchDoc,
} from './search-doc.js';
import { occursIn } from './text-match.js';

/**
 * Names the caller knows how to resolve. Folders and tags are typed by name; the
 * mailbox ids and keywords they stand for live in the store, which this pure module
 * does not read.
 */
export interface SearchResolver {
  /** The ids of every mailbox `in:name` means (several across accounts), or null when none is called that. */
  mailboxIdsFor(name: string): ReadonlySet<string> | null;
  /** The keyword of the tag called `tagName` (case-insensitive), or null when there is no such tag. */
  keywordFor(tagName: string): string | null;
}

function addressMatches(term: AddressTerm, doc: PreparedDoc): boolean {
  const want = term.address;
  return doc
    .addresses(term.field)
    .some((have) =>
      want.startsWith('@')
        ? have.endsWith(want) || have.endsWith(`.${want.slice(1)}`)
        : have === want,
    );
}

/**
 * `in:` with a resolver: membership in the ids it returns. Without one, or for a name it
 * does not know, the folder's display name or id as written (case- and accent-insensitive).
 */
function folderMatches(term: FolderTerm, doc: PreparedDoc, resolver?: SearchResolver): boolean {
  const ids = resolver?.mailboxIdsFor(term.name);
  if (ids) return ids.has(doc.doc.mailboxId);
  const want = foldText(term.name);
  return want === foldText(doc.doc.mailboxName ?? '') || term.name === doc.doc.mailboxId;
}

/**
 * `tag:` the keyword the resolver gives. A name it does not know is tried as a keyword
 * itself, since tags are keywords and another client may have set one without a tag
 * definition here.
 */
function tagMatches(term: TagTerm, doc: PreparedDoc, resolver?: SearchResolver): boolean {
  const keyword = resolver?.keywordFor(term.name) ?? term.name;
  return doc.keywords().has(keyword.toLowerCase());
}

export function priorityLevel(priority: number): PriorityLevel {
  if (priority <= 2) return 'high';
  if (priority >= 4) return 'low';
  return 'normal';
}

/** Whether the term holds for the document (ignoring negation). */
export function termMatches(term: Term, doc: PreparedDoc, resolver?: SearchResolver): boolean {
  switch (term.kind) {
    case 'word':
    case 'prefix':
    case 'phrase':
      return doc.tokenRuns(term.field).some((run) => occursIn(term, run));
    case 'address':
      return addressMatches(term, doc);
    case 'flag':
      if (term.flag === 'unread') return !doc.keywords().has(SEEN_KEYWORD);
      if (term.flag === 'read') return doc.keywords().has(SEEN_KEYWORD);
      if (term.flag === 'flagged') return doc.keywords().has(FLAGGED_KEYWORD);
      return doc.doc.hasAttachment;
    case 'date':
      return term.op === 'after' ? doc.doc.receivedAt >= term.at : doc.doc.receivedAt < term.at;
    case 'size':
      return term.op === 'larger' ? doc.doc.size > term.bytes : doc.doc.size < term.bytes;
    case 'folder':
      return folderMatches(term, doc, resolver);
    case 'tag':
      return tagMatches(term, doc, resolver);
    case 'priority':
      return priorityLevel(doc.doc.priority) === term.level;
  }
}

export function literalMatches(
  literal: Literal,
  doc: PreparedDoc,
  resolver?: SearchResolver,
): boolean {
  return termMatches(literal.term, doc, resolver) !== literal.negated;
}

export function clauseMatches(
  clause: Clause,
  doc: PreparedDoc,
  resolver?: SearchResolver,
): boolean {
  return clause.any.some((literal) => literalMatches(literal, doc, resolver));
}

/**
 * Whether the message satisfies every clause. The empty query matches everything: a
 * caller that shows "no search" for an empty box checks isEmptyQuery first. Pass a
 * PreparedDoc (prepareDoc) when testing one message against several queries.
 */
export function matches(
  query: Query,
  doc: SearchDoc | PreparedDoc,
  resolver?: SearchResolver,
): boolean {
  const prepared = prepareDoc(doc);
  // Metadata clauses first: they are cheap and often rule the message out before any
  // of its text is tokenized.
  const textual = (clause: Clause): boolean => clause.any.some((l) => isTextTerm(l.term));
  return (
    query.all.every((clause) => textual(clause) || clauseMatches(clause, prepared, resolver)) &&
    query.all.every((clause) => !textual(clause) || clauseMatches(clause, prepared, resolver))
  );
}
