// Highlighted snippets (SEARCH-6): where a query's words are in a text, as segments of
// plain text. Never HTML: the UI renders each segment as text and wraps hits in <mark>
// elements it creates itself, so nothing from a message is ever parsed as markup.

import type { Query, TextField } from './ast.js';
import { SNIPPET_CHARS, SNIPPET_LEAD_CHARS } from './limits.js';
import { tokenize } from './normalize.js';
import { matchLengthAt, type TokenTerm } from './text-match.js';

export interface SnippetSegment {
  text: string;
  /** True for text the query found (shown marked). */
  hit: boolean;
}

/** A found range in the ORIGINAL text, in UTF-16 offsets. */
export interface Hit {
  start: number;
  end: number;
}

/** The positive word, prefix and phrase terms that apply to `field` (negated ones found nothing). */
function highlightTerms(query: Query, field: TextField): TokenTerm[] {
  const terms: TokenTerm[] = [];
  for (const clause of query.all) {
    for (const { term, negated } of clause.any) {
      if (negated) continue;
      if (term.kind !== 'word' && term.kind !== 'prefix' && term.kind !== 'phrase') continue;
      if (term.field === 'any' || term.field === field) terms.push(term);
    }
  }
  return terms;
}

/**
 * Every place the query's words occur in `text`, in order, not overlapping. A hit
 * covers the original characters, so `camion` marks `camión` as written, and a phrase
 * is one hit from its first word to its last.
 */
export function findHits(text: string, query: Query, field: TextField = 'body'): Hit[] {
  const terms = highlightTerms(query, field);
  if (terms.length === 0) return [];
  const words = tokenize(text);
  const tokens = words.map((w) => w.token);
  const hits: Hit[] = [];
  for (let i = 0; i < words.length;) {
    let longest = 0;
    for (const term of terms) longest = Math.max(longest, matchLengthAt(term, tokens, i));
    const first = words[i];
    const last = words[i + longest - 1];
    if (longest > 0 && first && last) {
      hits.push({ start: first.start, end: last.end });
      i += longest;
    } else {
      i++;
    }
  }
  return hits;
}

/**
 * Characters a one-line snippet must not carry once line breaks and tabs became spaces:
 * the other controls (C0, C1) and bidi embeddings, overrides and isolates, which could
 * reorder the rest of the result row.
 */
const UNSAFE_RE = /[\p{Cc}\u202A-\u202E\u2066-\u2069\uFEFF]/gu;

function clean(text: string): string {
  return text.replace(/\s+/gu, ' ').replace(UNSAFE_RE, '');
}

/** Moves an offset off the second half of a surrogate pair, so no emoji is cut in two. */
function onBoundary(text: string, at: number, forward: boolean): number {
  const code = text.charCodeAt(at);
  if (code >= 0xdc00 && code <= 0xdfff) return forward ? at + 1 : at - 1;
  return at;
}

/** Segments for text[start, end) with the hits inside it marked; adjacent same-kind segments merged, none empty. */
function segmentsOf(
  text: string,
  hits: readonly Hit[],
  start: number,
  end: number,
): SnippetSegment[] {
  const out: SnippetSegment[] = [];
  const push = (piece: string, hit: boolean): void => {
    const cleaned = clean(piece);
    if (cleaned === '') return;
    const prev = out[out.length - 1];
    if (prev && prev.hit === hit) prev.text += cleaned;
    else out.push({ text: cleaned, hit });
  };
  let at = start;
  for (const hit of hits) {
    if (hit.end <= start || hit.start >= end) continue;
    const from = Math.max(hit.start, at);
    push(text.slice(at, from), false);
    const to = Math.min(hit.end, end);
    push(text.slice(from, to), true);
    at = to;
  }
  push(text.slice(at, end), false);
  return out;
}

/** The whole text with the query's hits marked: for a subject line or a sender's name. */
export function highlight(
  text: string,
  query: Query,
  field: TextField = 'subject',
): SnippetSegment[] {
  return segmentsOf(text, findHits(text, query, field), 0, text.length);
}

export interface SnippetOptions {
  /** Which field's terms apply besides plain words; default `body`. */
  field?: TextField;
  /** About how many characters of text to show; default SNIPPET_CHARS. */
  maxChars?: number;
}

/**
 * At most about `maxChars` characters of `text` around the query's first hit (or from
 * the start when nothing is found), whitespace collapsed, with `…` where text was left
 * out, as plain-text segments.
 */
export function snippet(
  text: string,
  query: Query,
  options: SnippetOptions = {},
): SnippetSegment[] {
  const maxChars = options.maxChars ?? SNIPPET_CHARS;
  const hits = findHits(text, query, options.field ?? 'body');
  const first = hits[0];

  let start = 0;
  if (first && first.start > SNIPPET_LEAD_CHARS) {
    // A little text before the hit: the list shows one line, so the hit must be near its start.
    start = first.start - SNIPPET_LEAD_CHARS;
    // Start at a word boundary when there is one before the hit.
    const space = start > 0 ? text.slice(start, first.start).search(/\s/u) : -1;
    if (space >= 0) start += space + 1;
  }
  start = onBoundary(text, start, true);

  let end = Math.min(text.length, start + maxChars);
  if (end < text.length) {
    // End at a word boundary when there is one after the first hit.
    const cut = text.slice(first?.end ?? start, end).search(/\s\S*$/u);
    if (cut >= 0) end = (first?.end ?? start) + cut;
  }
  end = onBoundary(text, end, false);

  const segments = segmentsOf(text, hits, start, end);
  const head = segments[0];
  if (head && !head.hit) head.text = head.text.trimStart();
  const tail = segments[segments.length - 1];
  if (tail && !tail.hit) tail.text = tail.text.trimEnd();
  if (start > 0) segments.unshift({ text: '…', hit: false });
  if (end < text.length) segments.push({ text: '…', hit: false });
  return mergeText(segments);
}

/** Joins neighbouring text segments again (after the ellipses) and drops empty ones. */
function mergeText(segments: SnippetSegment[]): SnippetSegment[] {
  const out: SnippetSegment[] = [];
  for (const s of segments) {
    if (s.text === '') continue;
    const prev = out[out.length - 1];
    if (prev && prev.hit === s.hit) prev.text += s.text;
    else out.push({ ...s });
  }
  return out;
}
