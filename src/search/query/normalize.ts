// The ONE text folding of search (SEARCH-1): the index and the query both go through
// these functions, so `camion`, `Camión` and `CAMIÓN` are the same token wherever they
// come from. Changing anything here changes every token, so a persisted index built
// with another version must be rebuilt (bump FOLDING_VERSION).

/** Bumped whenever folding or tokenizing changes what a token is; persisted indexes compare it. */
export const FOLDING_VERSION = 1;

/**
 * Letters that survive decomposition but that people type without their diacritic or as
 * two letters (German ß, Nordic æ/ø, Polish ł, Turkish dotless ı, Greek final sigma…).
 */
const SPECIAL_FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ς: 'σ',
};
const SPECIAL_RE = /[ßæœøłđðþıς]/g;

/** Combining marks (accents once decomposed) and invisible format characters (soft hyphen, ZWJ, bidi controls). */
const MARKS_RE = /[\p{M}\p{Cf}]/gu;

/** Whatever is left in a folded token that is neither a letter nor a digit (e.g. the ⁄ of ½). */
const NOT_WORD_RE = /[^\p{L}\p{N}]/gu;

/**
 * A word: letters, digits and combining marks (so a decomposed `camio\u0301n` stays one
 * word), with invisible format characters allowed only between them (a soft hyphen or a
 * zero-width joiner inside a word does not split it; one around a word is not part of it).
 */
const WORD_RE = /[\p{L}\p{N}\p{M}]+(?:\p{Cf}+[\p{L}\p{N}\p{M}]+)*/gu;

/**
 * Folds text for comparison: compatibility decomposition (NFKD, so full-width `ＣＡＭＩＯＮ`
 * and the ligature `ﬁ` fold too), combining marks and format characters removed, lower
 * case, and the special letters above. Punctuation is kept, so a whole address stays an
 * address: `Ana.García@Correo.ES` → `ana.garcia@correo.es`.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(MARKS_RE, '')
    .toLowerCase()
    .replace(SPECIAL_RE, (ch) => SPECIAL_FOLDS[ch] ?? ch);
}

/** One word of a text: its folded form and where it is in the ORIGINAL string. */
export interface TextToken {
  /** Folded: lower case, no accents, letters and digits only. Never empty. */
  token: string;
  /** Offset of the word's first UTF-16 code unit in the original string. */
  start: number;
  /** Offset just past the word's last code unit (so `text.slice(start, end)` is the word as written). */
  end: number;
}

/**
 * Splits text into words on anything that is not a letter or a digit (Unicode-aware),
 * keeping the original offsets for highlighting. An address `ana.garcia@correo.es`
 * gives `ana`, `garcia`, `correo`, `es`, so each part is searchable. Scripts written
 * without spaces (Chinese, Japanese, Thai) come out as one token per run, which only
 * matches whole runs; good enough until a segmenter is measured worth its cost.
 */
export function tokenize(text: string): TextToken[] {
  const out: TextToken[] = [];
  for (const m of text.matchAll(WORD_RE)) {
    const token = foldWord(m[0]);
    if (token !== '') out.push({ token, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** The folded tokens of a text, without offsets: what an index stores and a query looks up. */
export function foldTokens(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD_RE)) {
    const token = foldWord(m[0]);
    if (token !== '') out.push(token);
  }
  return out;
}

/** A word of WORD_RE made only of ASCII letters and digits. */
const ASCII_WORD = /^[A-Za-z0-9]+$/;

/**
 * One word's token. An ASCII word (most words of most mail) has nothing to decompose,
 * strip or special-case, so lower case is its whole folding: the same token, about 4×
 * faster over the bench corpus than the general path (ADR 0024, session 8).
 */
function foldWord(word: string): string {
  if (ASCII_WORD.test(word)) return word.toLowerCase();
  return foldText(word).replace(NOT_WORD_RE, '');
}

/** Length in code points (not UTF-16 units), so `𝒶𝒷𝒸𝒹` counts as 4 like `abcd`. */
export function codePointLength(text: string): number {
  const pairs = text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g);
  return text.length - (pairs?.length ?? 0);
}
