// Real .zip files built with jszip, as another mail client's export would be.
import JSZip from 'jszip';

export async function zipFile(
  name: string,
  entries: Record<string, Uint8Array | string>,
): Promise<File> {
  const zip = new JSZip();
  for (const [path, data] of Object.entries(entries)) zip.file(path, data);
  const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
  return new File([bytes as Uint8Array<ArrayBuffer>], name, { type: 'application/zip' });
}
