// Writing user text into a Sieve script (RFC 5228 §2.4.2) so that it can only ever be data:
// a description, folder name, subject or away text cannot end a string, start a command or
// reach a variable.
//
// - Quoted strings escape `"` and `\` (§2.4.2); the only other escapes Sieve knows are these
//   two, so nothing else can break out.
// - The script requires "variables" (RFC 5229), which expands `${name}` in every string at
//   run time. Each `${` in user text is written `${dollar}{`, where the script sets `dollar`
//   to "$" first: expansion is not repeated on its result (RFC 5229 §3), so the user's text
//   comes out literally.
// - Multi-line texts use `text:` (§2.4.2) with dot-stuffing: a line that starts with "." gets
//   one more, so a user's lone "." line cannot end the text early. Line breaks become CRLF.
// - Comments are one line: every control character or line separator becomes a space.

/** Line break of the generated script (RFC 5228 §2.4.2 multi-line strings need CRLF). */
export const CRLF = '\r\n';

/** The variable that holds "$", set at the top of every generated script. */
export const DOLLAR_VARIABLE = 'dollar';

/** Keeps `${` from being read as a variable reference (see the header). */
function neutralizeVariables(value: string): string {
  return value.replaceAll('${', '${' + DOLLAR_VARIABLE + '}{');
}

/** A quoted string holding exactly `value`. */
export function quote(value: string): string {
  return '"' + neutralizeVariables(value).replace(/[\\"]/g, (c) => '\\' + c) + '"';
}

/** A string list `["a", "b"]` (RFC 5228 §2.4.2.1); one item is still written as a list. */
export function quoteList(values: readonly string[]): string {
  return '[' + values.map(quote).join(', ') + ']';
}

/**
 * The key of a `:matches` test for a pattern where only `*` and `?` are wildcards: a
 * backslash the user typed is doubled, because `:matches` reads `\` as an escape
 * (RFC 5228 §2.7.1). Quote the result with quote().
 */
export function matchesPattern(pattern: string): string {
  return pattern.replaceAll('\\', '\\\\');
}

/** A multi-line `text:` string; the caller puts it last on its line before the `;`. */
export function multiline(value: string): string {
  const lines = neutralizeVariables(value)
    .split(/\r\n|\r|\n/)
    .map((l) => (l.startsWith('.') ? '.' + l : l));
  return 'text:' + CRLF + lines.join(CRLF) + CRLF + '.' + CRLF;
}

/** Limit of a comment line: descriptions are labels, the full text lives in the app. */
const MAX_COMMENT_TEXT = 200;

/** Controls and line separators: what could end a `#` comment line. */
// eslint-disable-next-line no-control-regex
const LINE_BREAKERS = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/g;

/** A `#` comment line whose text cannot leave the line. */
export function comment(value: string): string {
  const oneLine = value.replace(LINE_BREAKERS, ' ').slice(0, MAX_COMMENT_TEXT);
  return ('# ' + oneLine).trimEnd();
}

/** A Sieve number (RFC 5228 §2.4.1): digits only, no quantifier. */
export function number(value: number): string {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`not a Sieve number: ${value}`);
  return String(value);
}
