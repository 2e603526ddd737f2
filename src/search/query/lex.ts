// Splits query text into lexemes: words, quoted phrases, `name:value` operators and the
// `OR` keyword, each maybe negated by a leading `-`. Never throws: any string is some
// sequence of lexemes, and an unbalanced quote closes at the end of the text.

/** The operator names understood before a `:` (case-insensitive). */
export const OPERATOR_NAMES: ReadonlySet<string> = new Set([
  'from',
  'to',
  'cc',
  'subject',
  'body',
  'in',
  'tag',
  'label',
  'is',
  'has',
  'before',
  'after',
  'larger',
  'smaller',
  'priority',
]);

/**
 * Characters that open or close a phrase. Besides `"`, the typographic quotes that phones
 * and word processors substitute (“ ” „) and the Spanish « ».
 */
const QUOTES = new Set(['"', '“', '”', '„', '«', '»']);

const OPERATOR_RE = /^([A-Za-z]+):(.*)$/s;

export type Lexeme =
  | { kind: 'or' }
  | {
      kind: 'text';
      negated: boolean;
      /** The word, or a phrase's inner text. */
      text: string;
      quoted: boolean;
      /** As typed, without the leading `-`, quotes normalised to `"`. */
      source: string;
    }
  | {
      kind: 'op';
      negated: boolean;
      /** Lower case, one of OPERATOR_NAMES. */
      name: string;
      /** The value without quotes; may be empty (`from:` alone). */
      value: string;
      quoted: boolean;
      source: string;
    };

function isSpace(ch: string): boolean {
  return /\s/u.test(ch);
}

function quote(text: string): string {
  return `"${text}"`;
}

/** Lexes `input` lazily, so a caller that stops early (the term limit) does no more work. */
export function* lex(input: string): Generator<Lexeme> {
  const n = input.length;
  let i = 0;

  /** Reads a quoted run starting at the opening quote; returns its inner text. */
  const readQuoted = (): string => {
    const begin = ++i;
    while (i < n && !QUOTES.has(input.charAt(i))) i++;
    const inner = input.slice(begin, i);
    if (i < n) i++; // the closing quote
    return inner;
  };

  while (i < n) {
    const ch = input.charAt(i);
    if (isSpace(ch)) {
      i++;
      continue;
    }
    let negated = false;
    while (input.charAt(i) === '-') {
      negated = true;
      i++;
    }
    if (i >= n || isSpace(input.charAt(i))) continue; // a lone `-` says nothing

    if (QUOTES.has(input.charAt(i))) {
      const text = readQuoted();
      yield { kind: 'text', negated, text, quoted: true, source: quote(text) };
      continue;
    }

    const begin = i;
    while (i < n && !isSpace(input.charAt(i)) && !QUOTES.has(input.charAt(i))) i++;
    const word = input.slice(begin, i);

    const op = OPERATOR_RE.exec(word);
    const name = op?.[1]?.toLowerCase();
    if (op && name !== undefined && OPERATOR_NAMES.has(name)) {
      const typedName = op[1] ?? name;
      const bare = op[2] ?? '';
      if (bare === '' && i < n && QUOTES.has(input.charAt(i))) {
        const value = readQuoted();
        yield {
          kind: 'op',
          negated,
          name,
          value,
          quoted: true,
          source: `${typedName}:${quote(value)}`,
        };
      } else {
        yield { kind: 'op', negated, name, value: bare, quoted: false, source: word };
      }
      continue;
    }

    if (word === 'OR' && !negated) {
      yield { kind: 'or' };
      continue;
    }
    yield { kind: 'text', negated, text: word, quoted: false, source: word };
  }
}
