// parseQuery: query text → Query (ast.ts) plus warnings the UI can show under the box.
// Never throws. A malformed operator value (`before:soon`, `larger:huge`) gives a
// warning and is searched as the plain text it is.

import type { AddressField, Clause, Literal, Query, Term, TextField } from './ast.js';
import { lex, type Lexeme } from './lex.js';
import { MAX_PHRASE_TOKENS, MAX_QUERY_CHARS, MAX_QUERY_TERMS, MIN_PREFIX_CHARS } from './limits.js';
import { codePointLength, foldText, foldTokens } from './normalize.js';
import { parseDateValue, parsePriorityValue, parseSizeValue, type DateOptions } from './values.js';

export type ParseOptions = DateOptions;

export interface ParseResult {
  query: Query;
  /** Plain-language notes for the user, e.g. `not a date: soon`. Empty when all was understood. */
  warnings: string[];
}

/** Operators whose value is searched as text. */
const TEXT_OPERATORS: ReadonlySet<string> = new Set(['from', 'to', 'cc', 'subject', 'body']);

type OpLexeme = Extract<Lexeme, { kind: 'op' }>;

/** Warnings collected while building terms (one parse). */
class Notes {
  readonly list: string[] = [];
  add(text: string): void {
    if (!this.list.includes(text)) this.list.push(text);
  }
}

/**
 * A word or phrase as a text term in `field`. `quoted` text is always exact; an unquoted
 * word ending in `*` is a prefix when it folds to one token of at least MIN_PREFIX_CHARS
 * (`info*`); a shorter one (`inf*`) is the literal word.
 */
function textTerm(
  text: string,
  quoted: boolean,
  field: TextField,
  raw: string,
  notes: Notes,
): Term | null {
  const star = !quoted && text.endsWith('*');
  const tokens = foldTokens(star ? text.replace(/\*+$/, '') : text);
  const first = tokens[0];
  if (first === undefined) return null;
  if (tokens.length === 1) {
    if (star && codePointLength(first) >= MIN_PREFIX_CHARS) {
      return { kind: 'prefix', field, prefix: first, raw };
    }
    return { kind: 'word', field, token: first, raw };
  }
  if (tokens.length > MAX_PHRASE_TOKENS) {
    notes.add(`phrase cut to its first ${MAX_PHRASE_TOKENS} words`);
  }
  return { kind: 'phrase', field, tokens: tokens.slice(0, MAX_PHRASE_TOKENS), raw };
}

/** `ana@correo.es` or `@correo.es` in an address field: a whole-address term. */
function addressTerm(value: string, field: AddressField, raw: string): Term | null {
  const at = value.indexOf('@');
  if (at < 0 || /\s/.test(value.trim())) return null;
  const domain = value.slice(at + 1);
  if (foldTokens(domain).length === 0) return null;
  return { kind: 'address', field, address: foldText(value.trim()), raw };
}

function rawValue(lexeme: OpLexeme): string {
  return lexeme.quoted ? `"${lexeme.value}"` : lexeme.value;
}

/** The term an operator lexeme stands for, or null (with a warning) when its value is not understood. */
function operatorTerm(lexeme: OpLexeme, options: ParseOptions, notes: Notes): Term | null {
  const { name, value, quoted } = lexeme;
  const raw = rawValue(lexeme);
  const trimmed = value.trim();
  switch (name) {
    case 'from':
    case 'to':
    case 'cc':
      return addressTerm(value, name, raw) ?? textTerm(value, quoted, name, raw, notes);
    case 'subject':
    case 'body':
      return textTerm(value, quoted, name, raw, notes);
    case 'in':
      return trimmed === '' ? null : { kind: 'folder', name: trimmed, raw };
    case 'tag':
    case 'label':
      return trimmed === '' ? null : { kind: 'tag', name: trimmed, raw };
    case 'is': {
      const v = trimmed.toLowerCase();
      if (v === 'unread' || v === 'read') return { kind: 'flag', flag: v, raw };
      if (v === 'flagged' || v === 'starred') return { kind: 'flag', flag: 'flagged', raw };
      notes.add(`unknown is: value: ${value}`);
      return null;
    }
    case 'has': {
      const v = trimmed.toLowerCase();
      if (v === 'attachment' || v === 'attachments')
        return { kind: 'flag', flag: 'attachment', raw };
      notes.add(`unknown has: value: ${value}`);
      return null;
    }
    case 'before':
    case 'after': {
      const at = parseDateValue(value, options);
      if (at !== null) return { kind: 'date', op: name, at, raw };
      notes.add(`not a date: ${value}`);
      return null;
    }
    case 'larger':
    case 'smaller': {
      const bytes = parseSizeValue(value);
      if (bytes !== null) return { kind: 'size', op: name, bytes, raw };
      notes.add(`not a size: ${value}`);
      return null;
    }
    case 'priority': {
      const level = parsePriorityValue(value);
      if (level !== null) return { kind: 'priority', level, raw };
      notes.add(`not a priority: ${value}`);
      return null;
    }
    default:
      return null;
  }
}

/** A non-OR lexeme as a literal; null when it says nothing searchable (`"" `, `!!!`). */
function literalOf(
  lexeme: Exclude<Lexeme, { kind: 'or' }>,
  options: ParseOptions,
  notes: Notes,
): Literal | null {
  if (lexeme.kind === 'text') {
    // A literal word OR/AND is quoted in its source, so printing it back keeps it a word.
    const source =
      !lexeme.quoted && /^(OR|AND)$/.test(lexeme.source) ? `"${lexeme.source}"` : lexeme.source;
    const term = textTerm(lexeme.text, lexeme.quoted, 'any', source, notes);
    return term ? { negated: lexeme.negated, term, source } : null;
  }
  // `from:` alone, or `subject:!!!` (nothing searchable in the value), says nothing.
  if (
    lexeme.value.trim() === '' ||
    (TEXT_OPERATORS.has(lexeme.name) && foldTokens(lexeme.value).length === 0)
  ) {
    notes.add(`${lexeme.name}: needs a value`);
    return null;
  }
  const term = operatorTerm(lexeme, options, notes);
  if (term) return { negated: lexeme.negated, term, source: lexeme.source };
  // Not understood: search for what was typed, as plain text.
  const plain = textTerm(lexeme.source, false, 'any', lexeme.source, notes);
  return plain ? { negated: lexeme.negated, term: plain, source: lexeme.source } : null;
}

/**
 * Parses a search box query. `OR` joins the literals on each side of it (Gmail's
 * precedence: `a b OR c` = a AND (b OR c)); an `OR` with nothing on one side is the
 * word "or". An uppercase `AND` is allowed and changes nothing. Empty or blank text
 * gives EMPTY_QUERY (no clauses).
 */
export function parseQuery(text: string, options: ParseOptions = {}): ParseResult {
  const notes = new Notes();
  let input = text;
  if (input.length > MAX_QUERY_CHARS) {
    input = input.slice(0, MAX_QUERY_CHARS);
    notes.add(`query cut to its first ${MAX_QUERY_CHARS} characters`);
  }

  const clauses: Literal[][] = [];
  let count = 0;
  let orPending = false;
  // One lexeme of look-ahead: an OR only joins when a literal follows it.
  const lexemes = lex(input);
  let next = lexemes.next();
  while (!next.done) {
    const lexeme = next.value;
    next = lexemes.next();
    const last = clauses[clauses.length - 1];

    if (lexeme.kind === 'or') {
      if (last !== undefined && !next.done && next.value.kind !== 'or') {
        orPending = true;
        continue;
      }
    } else if (
      lexeme.kind === 'text' &&
      !lexeme.quoted &&
      !lexeme.negated &&
      lexeme.text === 'AND'
    ) {
      continue;
    }

    const literal =
      lexeme.kind === 'or'
        ? literalOf(
            { kind: 'text', negated: false, text: 'OR', quoted: false, source: 'OR' },
            options,
            notes,
          )
        : literalOf(lexeme, options, notes);
    if (literal === null) continue;
    if (count >= MAX_QUERY_TERMS) {
      notes.add(`only the first ${MAX_QUERY_TERMS} terms are used`);
      break;
    }
    count++;
    if (orPending && last !== undefined) last.push(literal);
    else clauses.push([literal]);
    orPending = false;
  }

  const all: Clause[] = clauses.map((any) => ({ any }));
  return { query: { all }, warnings: notes.list };
}
