/** "00" … "ff": one lookup per byte instead of a number formatted and padded. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** SHA-256 of the raw bytes as lower-case hex: the dedupe key of a message (IMPORT-1). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>),
  );
  let hex = '';
  for (const b of digest) hex += HEX[b] as string;
  return hex;
}
