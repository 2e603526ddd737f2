// Inline PGP: armored blocks inside a text/plain body. The blocks are found in the
// transfer-decoded bytes (armor lines are ASCII in every charset mail uses), then the text
// is decoded piece by piece at line starts, so each block's character range is exact.
import {
  BEGIN_MESSAGE,
  BEGIN_SIGNATURE,
  BEGIN_SIGNED,
  END_MESSAGE,
  END_SIGNATURE,
  armorLine,
  findLine,
  lineAt,
} from './armor.js';
import { textDecoderFor } from './decode.js';
import { MAX_INLINE_BLOCKS } from './limits.js';
import type { Coverage, InlineBlock, TextRange } from './types.js';

interface ByteBlock {
  type: InlineBlock['type'];
  start: number;
  end: number;
}

export interface InlineScan {
  text: string;
  blocks: InlineBlock[];
  outside: TextRange[];
  /** Why a BEGIN line was not taken as a block (no END line, too many blocks). */
  problems: string[];
}

/** The end of the block that starts with `begin` at `from`, or null when it never ends. */
function blockEnd(bytes: Uint8Array, begin: string, from: number): number | null {
  if (begin === BEGIN_MESSAGE) return findLine(bytes, from, END_MESSAGE)?.end ?? null;
  // Clearsigned: the text, then a detached-style signature block (RFC 4880 §7).
  const sig = findLine(bytes, from, BEGIN_SIGNATURE);
  return sig ? (findLine(bytes, sig.next, END_SIGNATURE)?.end ?? null) : null;
}

function findBlocks(bytes: Uint8Array, problems: string[]): ByteBlock[] {
  const blocks: ByteBlock[] = [];
  for (let pos = 0; pos < bytes.length;) {
    const line = lineAt(bytes, pos);
    pos = line.next;
    const marker = armorLine(bytes, line);
    if (marker !== BEGIN_MESSAGE && marker !== BEGIN_SIGNED) continue;
    if (blocks.length >= MAX_INLINE_BLOCKS) {
      problems.push(`Only the first ${MAX_INLINE_BLOCKS} OpenPGP blocks of a text were examined.`);
      break;
    }
    const end = blockEnd(bytes, marker, line.next);
    if (end === null) {
      const what = marker === BEGIN_MESSAGE ? 'encrypted' : 'signed';
      problems.push(`An inline ${what} block starts but never ends, so it was not used.`);
      // Nothing after an unterminated block can end it either.
      break;
    }
    blocks.push({
      type: marker === BEGIN_MESSAGE ? 'encrypted' : 'clearsigned',
      start: line.start,
      end,
    });
    pos = lineAt(bytes, end).next;
  }
  return blocks;
}

/**
 * Scans a text/plain body (transfer decoding already removed) for inline PGP blocks.
 * `partWhole` is the coverage of the part itself; a block covers the whole message only
 * when its part does and the block is alone in it, white space aside.
 */
export function scanInline(
  bytes: Uint8Array,
  charset: string | undefined,
  partWhole: boolean,
): InlineScan {
  const problems: string[] = [];
  const found = findBlocks(bytes, problems);
  const decoder = textDecoderFor(charset, bytes);
  let text = '';
  const outside: TextRange[] = [];
  const located: { block: ByteBlock; range: TextRange }[] = [];
  const take = (start: number, end: number): TextRange => {
    const from = text.length;
    text += decoder.decode(bytes.subarray(start, end));
    return { start: from, end: text.length };
  };
  let at = 0;
  for (const block of found) {
    if (block.start > at) outside.push(take(at, block.start));
    located.push({ block, range: take(block.start, block.end) });
    at = block.end;
  }
  if (at < bytes.length) outside.push(take(at, bytes.length));
  const blankOutside = outside.every((r) => !text.slice(r.start, r.end).trim());
  const coverage: Coverage = partWhole && found.length === 1 && blankOutside ? 'whole' : 'part';
  const blocks = located.map(({ block, range }): InlineBlock => ({
    type: block.type,
    range,
    armored: text.slice(range.start, range.end),
    bytes: bytes.slice(block.start, block.end),
    coverage,
  }));
  return { text, blocks, outside, problems };
}
