// How a word, prefix or phrase term meets a run of folded tokens. Shared by matching
// (does the message contain it?) and snippets (where, to highlight it), so both agree.

import type { PhraseTerm, PrefixTerm, WordTerm } from './ast.js';

export type TokenTerm = WordTerm | PrefixTerm | PhraseTerm;

/**
 * How many tokens `term` covers when it starts at `tokens[i]`, or 0 when it does not
 * start there. Phrases match consecutive tokens, the last one whole (never as a prefix).
 */
export function matchLengthAt(term: TokenTerm, tokens: readonly string[], i: number): number {
  switch (term.kind) {
    case 'word':
      return tokens[i] === term.token ? 1 : 0;
    case 'prefix':
      return tokens[i]?.startsWith(term.prefix) === true ? 1 : 0;
    case 'phrase': {
      const k = term.tokens.length;
      if (i + k > tokens.length) return 0;
      for (let j = 0; j < k; j++) {
        if (tokens[i + j] !== term.tokens[j]) return 0;
      }
      return k;
    }
  }
}

/** True when `term` occurs somewhere in one run of tokens. */
export function occursIn(term: TokenTerm, tokens: readonly string[]): boolean {
  if (term.kind === 'word') return tokens.includes(term.token);
  for (let i = 0; i < tokens.length; i++) {
    if (matchLengthAt(term, tokens, i) > 0) return true;
  }
  return false;
}
