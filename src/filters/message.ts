// Builds the engine's view of a message (FilterMessage) from the parser's output, so the
// incoming path, "run now" and the match preview all hand the engine the same thing.
import type { DisplayPart, ParsedMessage } from '../mail/types.js';
import { htmlToPlainText } from '../mail/text.js';
import type { FilterMessage } from './engine.js';

export interface FilterMessageInput {
  /** Raw size in bytes (what the server's `size` test sees). */
  size: number;
  /** The spam detection's verdict; false for "run now" on existing mail. */
  isSpam: boolean;
}

/** Text of the top-level display parts, HTML turned to text, as Sieve's `body :text` reads. */
function bodyText(parts: readonly DisplayPart[]): string {
  return parts
    .map((p) => (p.kind === 'text' ? p.text : p.kind === 'html' ? htmlToPlainText(p.html) : ''))
    .filter((t) => t !== '')
    .join('\n');
}

export function filterMessageFromParsed(
  parsed: ParsedMessage,
  input: FilterMessageInput,
): FilterMessage {
  const hasSubject = parsed.headers.some((h) => h.key.toLowerCase() === 'subject');
  return {
    headers: parsed.headers,
    from: parsed.summary.from,
    to: parsed.summary.to,
    cc: parsed.summary.cc,
    subject: hasSubject ? parsed.summary.subject : null,
    body: bodyText(parsed.parts),
    size: input.size,
    hasAttachment: parsed.summary.hasAttachment,
    isSpam: input.isSpam,
  };
}
