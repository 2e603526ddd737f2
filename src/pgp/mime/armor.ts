// ASCII armor (RFC 4880 §6.2, RFC 9580 §6.2) found by lines: a block starts at a line that
// is exactly its BEGIN header and ends at the matching END line. Lines are compared after
// dropping trailing white space, which transports and editors add; nothing else is
// tolerated, so a quoted ("> -----BEGIN…") or dash-escaped block is never taken for one.

const LF = 10;
const DASH = 0x2d;
const ARMOR_PREFIX = '-----';
const latin1 = new TextDecoder('windows-1252');

export const BEGIN_MESSAGE = '-----BEGIN PGP MESSAGE-----';
export const END_MESSAGE = '-----END PGP MESSAGE-----';
export const BEGIN_SIGNED = '-----BEGIN PGP SIGNED MESSAGE-----';
export const BEGIN_SIGNATURE = '-----BEGIN PGP SIGNATURE-----';
export const END_SIGNATURE = '-----END PGP SIGNATURE-----';

/** One line of `bytes`: [start, end) without its line break; `next` is where the next line starts. */
export interface Line {
  start: number;
  end: number;
  next: number;
}

export function lineAt(bytes: Uint8Array, start: number): Line {
  const nl = bytes.indexOf(LF, start);
  const next = nl < 0 ? bytes.length : nl + 1;
  let end = nl < 0 ? bytes.length : nl;
  if (end > start && bytes[end - 1] === 13) end--;
  return { start, end, next };
}

/** The armor header on this line ("-----BEGIN PGP MESSAGE-----", …), or null. */
export function armorLine(bytes: Uint8Array, line: Line): string | null {
  // Cheap test first: almost no line starts with five dashes.
  for (let k = 0; k < ARMOR_PREFIX.length; k++) if (bytes[line.start + k] !== DASH) return null;
  return latin1.decode(bytes.subarray(line.start, line.end)).replace(/[ \t]+$/, '');
}

/** The first line at or after `from` that is exactly `marker`, or null. */
export function findLine(bytes: Uint8Array, from: number, marker: string): Line | null {
  for (let pos = from; pos < bytes.length;) {
    const line = lineAt(bytes, pos);
    if (armorLine(bytes, line) === marker) return line;
    pos = line.next;
  }
  return null;
}

/**
 * The first armored block from `begin` to `end` in `bytes`, as text (latin-1, so every
 * byte survives) ending with a line break, or null when there is none.
 */
export function extractArmor(bytes: Uint8Array, begin: string, end: string): string | null {
  const first = findLine(bytes, 0, begin);
  if (!first) return null;
  const last = findLine(bytes, first.next, end);
  if (!last) return null;
  return latin1.decode(bytes.subarray(first.start, last.end)) + '\n';
}
