// Text comparisons of filter conditions, ignoring case. `matches` patterns know two wildcards,
// `*` (any run of characters, none included) and `?` (exactly one character); every other
// character stands for itself, backslash included, so nothing a user types is ever read as
// a regular expression.
//
// Case folding is Unicode (`Camión` equals `CAMIÓN`). Sieve servers compare with
// i;ascii-casemap (RFC 4790 §9.2), which folds ASCII letters only, so on the server
// `CAMIÓN` does not equal `camión`: the one place the app is more lenient than the server.

/** Folds case for comparison. */
export function fold(value: string): string {
  return value.toLowerCase();
}

/**
 * Whether `text` matches `pattern` as a whole, ignoring case. A greedy scan that backtracks
 * only to the last `*`: time O(text × pattern) at worst, never exponential like a regular
 * expression with many stars would be.
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  const p = Array.from(fold(pattern));
  const t = Array.from(fold(text));
  let pi = 0;
  let ti = 0;
  let star = -1;
  let resume = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || (p[pi] !== '*' && p[pi] === t[ti]))) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      resume = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++resume;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

export function containsFolded(haystack: string, needle: string): boolean {
  return fold(haystack).includes(fold(needle));
}

export function equalsFolded(a: string, b: string): boolean {
  return fold(a) === fold(b);
}
