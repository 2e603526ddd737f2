// A short fingerprint of a generated script, written into it as a comment, so the settings
// screen can tell whether the script installed on the server is the one the local filters
// produce (a ManageSieve GETSCRIPT and a comparison) without comparing whole scripts.
// Not a security measure: anyone who can write the script can write a matching comment.

/** The comment line that carries the fingerprint. */
export const CHECKSUM_PREFIX = '# buzon-checksum: ';

/** FNV-1a, 32 bits, over UTF-16 code units, as 8 hex digits: stable and dependency-free. */
export function fnv1a(value: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * Whether the script's text after its fingerprint line still hashes to that fingerprint:
 * false when someone edited the installed script by hand (or it was not written by the app).
 */
export function isScriptIntact(script: string): boolean {
  const start = script.indexOf(CHECKSUM_PREFIX);
  const claimed = readScriptChecksum(script);
  if (start < 0 || claimed === null) return false;
  const lineEnd = script.indexOf('\n', start);
  return lineEnd >= 0 && fnv1a(script.slice(lineEnd + 1)) === claimed;
}

/** The fingerprint a script carries, or null when it has none (not written by the app). */
export function readScriptChecksum(script: string): string | null {
  for (const line of script.split(/\r\n|\n/)) {
    if (line.startsWith(CHECKSUM_PREFIX)) {
      const value = line.slice(CHECKSUM_PREFIX.length).trim();
      return /^[0-9a-f]{8}$/.test(value) ? value : null;
    }
  }
  return null;
}
