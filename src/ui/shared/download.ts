/** How long a download's blob: URL stays alive: long enough for the browser to start it. */
const REVOKE_AFTER_MS = 60_000;

/** Saves bytes as a file under an already cleaned name (blob: URL + `download`). */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

/** Copies bytes into a fresh ArrayBuffer-backed view so Blob accepts them under strict TS. */
export function toBlob(bytes: Uint8Array, type: string): Blob {
  return new Blob([new Uint8Array(bytes)], { type });
}
