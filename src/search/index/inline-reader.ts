// Reading a body for the index in this thread: the parse worker's work (parse-worker.ts),
// and the search worker's own where a worker cannot start workers, in Node and in tests.
// Apart from doc-text.ts so the search worker, which has a parse worker of its own in a
// browser, loads postal-mime only when it must parse itself.
import { parseBodyParts } from '../../mail/parse.js';
import { bodyText } from '../../mail/reply.js';
import { foldTokens } from '../query/normalize.js';
import { MAX_BODY_CHARS } from './body-limits.js';
import type { BodyReader } from './doc-text.js';

/**
 * The body text to index straight from a message's bytes: bodyToIndex(parseMessage(raw))
 * for less work (parse.ts parseBodyParts). Run in the parse worker in the browser, and in
 * this thread in Node and where a worker cannot start workers.
 */
export async function indexTextInline(raw: Uint8Array): Promise<string> {
  const parts = await parseBodyParts(raw);
  const text = Array.isArray(parts) ? bodyText(parts) : parts.rawText;
  return text.length > MAX_BODY_CHARS ? text.slice(0, MAX_BODY_CHARS) : text;
}

/** The BodyReader that parses in this thread (Node, tests, no nested workers). */
export const inlineBodyReader: BodyReader = {
  text: indexTextInline,
  tokens: (raws) => Promise.all(raws.map(async (raw) => foldTokens(await indexTextInline(raw)))),
};
