// The parsed form of a search query (SEARCH-1, SEARCH-3, SEARCH-6). Plain data, so it
// crosses the worker boundary and can be stored with a saved search.
//
// Shape: a Query is an AND of clauses; a clause is an OR of literals; a literal is a
// term, maybe negated. `a b OR c -d` is [a] AND [b OR c] AND [NOT d]: `OR` binds tighter
// than the implicit AND, as in Gmail. There are no parentheses, so this conjunctive form
// is all a query can say, which keeps both matching and index planning simple.

/** Where a text term looks. `any` = subject, from, to, cc and body (a plain word). */
export type TextField = 'any' | 'from' | 'to' | 'cc' | 'subject' | 'body';

/** The address fields: `from:` `to:` `cc:` match names and addresses. */
export type AddressField = 'from' | 'to' | 'cc';

/** One folded token, e.g. `camion` for `Camión`. */
export interface WordTerm {
  kind: 'word';
  field: TextField;
  token: string;
  /** The value as typed (no operator, quotes kept), for the form and for display. */
  raw: string;
}

/** `info*`: a token that starts with `prefix` (folded, at least MIN_PREFIX_CHARS long). */
export interface PrefixTerm {
  kind: 'prefix';
  field: TextField;
  prefix: string;
  raw: string;
}

/**
 * Consecutive folded tokens: `"fin de año"`, and also an unquoted word that folds to
 * several tokens (`ana.garcia`, `e-mail`), which must then appear together.
 */
export interface PhraseTerm {
  kind: 'phrase';
  field: TextField;
  tokens: readonly string[];
  raw: string;
}

/**
 * A whole address in an address field: `from:ana.garcia@correo.es` (equal, folded) or
 * `from:@correo.es` (the domain, or a subdomain of it).
 */
export interface AddressTerm {
  kind: 'address';
  field: AddressField;
  /** Folded; starts with `@` for a domain. */
  address: string;
  raw: string;
}

/** A message flag: `is:unread`, `is:read`, `is:flagged` (alias `is:starred`), `has:attachment`. */
export type Flag = 'unread' | 'read' | 'flagged' | 'attachment';

export interface FlagTerm {
  kind: 'flag';
  flag: Flag;
  raw: string;
}

/** `after:` = received at or after `at`; `before:` = received strictly before `at`. */
export interface DateTerm {
  kind: 'date';
  op: 'before' | 'after';
  /** Epoch ms of local midnight starting the day, month or year written. */
  at: number;
  raw: string;
}

/** `larger:` = size > bytes; `smaller:` = size < bytes. */
export interface SizeTerm {
  kind: 'size';
  op: 'larger' | 'smaller';
  bytes: number;
  raw: string;
}

/** `in:` a folder by name as typed; the caller resolves names to mailbox ids when matching. */
export interface FolderTerm {
  kind: 'folder';
  name: string;
  raw: string;
}

/** `tag:` a tag by name as typed; tags are IMAP keywords, resolved when matching. */
export interface TagTerm {
  kind: 'tag';
  name: string;
  raw: string;
}

/** high = X-Priority 1 or 2, normal = 3, low = 4 or 5. */
export type PriorityLevel = 'high' | 'normal' | 'low';

export interface PriorityTerm {
  kind: 'priority';
  level: PriorityLevel;
  raw: string;
}

/** The terms found by tokens (an index can look them up). */
export type TextTerm = WordTerm | PrefixTerm | PhraseTerm | AddressTerm;

/** The terms about a message's metadata (an index filters on them, or checks them). */
export type StructuredTerm = FlagTerm | DateTerm | SizeTerm | FolderTerm | TagTerm | PriorityTerm;

export type Term = TextTerm | StructuredTerm;

export interface Literal {
  negated: boolean;
  term: Term;
  /**
   * The literal as typed, without its leading `-` (quotes normalised to `"`), e.g.
   * `from:"Ana María"`, `info*`, `before:soon`. Printing sources back gives a query that
   * parses to the same thing.
   */
  source: string;
}

/** Literals joined by OR; never empty. */
export interface Clause {
  any: readonly Literal[];
}

/** Clauses joined by AND. No clauses = the empty query, which the caller shows as "no search". */
export interface Query {
  all: readonly Clause[];
}

export const EMPTY_QUERY: Query = { all: [] };

export function isEmptyQuery(query: Query): boolean {
  return query.all.length === 0;
}

export function isTextTerm(term: Term): term is TextTerm {
  return (
    term.kind === 'word' ||
    term.kind === 'prefix' ||
    term.kind === 'phrase' ||
    term.kind === 'address'
  );
}
