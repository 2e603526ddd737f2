// What the index keeps of a message's text: subject, names and addresses, and the start
// of the body (issue 5: "subject, from, to, first 4 KB of body"). The same text is stored
// for snippets and for confirming phrases, so both see exactly what was indexed.
import { MAX_RAW_TEXT_CHARS } from '../../mail/limits.js';
import { bodyText } from '../../mail/reply.js';
import { decodeLenient } from '../../mail/text.js';
import type { MailAddress, ParsedMessage, UnparseableMessage } from '../../mail/types.js';
import type { IndexedText } from './segment.js';
import { MAX_BODY_CHARS } from './body-limits.js';

export { MAX_BODY_CHARS, TOKEN_JOINER } from './body-limits.js';

/**
 * Names and addresses as one text, one per line ("Ana García\nana.garcia@correo.es\n…"):
 * each line is a run of its own (segment.ts RUN_BREAK), as the matcher keeps them
 * (query/search-doc.ts), so a word pair never spans a name and an address.
 */
export function addressText(list: readonly MailAddress[]): string {
  return list.flatMap((a) => (a.name ? [a.name, a.address] : [a.address])).join('\n');
}

export interface IndexedHeaders {
  subject: string;
  from: readonly MailAddress[];
  to: readonly MailAddress[];
  cc: readonly MailAddress[];
}

/** The body text to index: the readable text, or the start of an unparseable source. */
export function bodyToIndex(parsed: ParsedMessage | UnparseableMessage): string {
  const text = 'error' in parsed ? parsed.rawText : bodyText(parsed.parts);
  return text.length > MAX_BODY_CHARS ? text.slice(0, MAX_BODY_CHARS) : text;
}

/**
 * The start of a message's source as text: what is indexed of a message the parser could
 * not take (it crashed or hung on it), as the reader shows such a message.
 */
export function sourceTextToIndex(raw: Uint8Array): string {
  return decodeLenient(raw.subarray(0, Math.min(raw.byteLength, MAX_RAW_TEXT_CHARS))).slice(
    0,
    MAX_BODY_CHARS,
  );
}

/** How the index gets the body of a message from its bytes. */
export interface BodyReader {
  /** The body text it keeps (snippets, phrase checks). */
  text(raw: Uint8Array): Promise<string>;
  /**
   * The folded tokens of each body, for a build; null where the parser failed on it (the
   * start of its source is indexed instead, sourceTextToIndex).
   */
  tokens(raws: readonly Uint8Array[]): Promise<(string[] | null)[]>;
}

export function indexedText(
  headers: IndexedHeaders,
  body: string | readonly string[],
): IndexedText {
  return {
    subject: headers.subject,
    from: addressText(headers.from),
    to: addressText(headers.to),
    cc: addressText(headers.cc),
    body,
  };
}
