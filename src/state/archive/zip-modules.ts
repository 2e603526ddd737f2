// The zip code (and jszip under it) loads only when an import or archive job starts:
// the first paint of the app must not pay for it (initial JS budget, issue 2).
import type * as ReadZip from '../../archive/read-zip.js';
import type * as WriteZip from '../../archive/write-zip.js';

export function loadZipReader(): Promise<typeof ReadZip> {
  return import('../../archive/read-zip.js');
}

export function loadZipWriter(): Promise<typeof WriteZip> {
  return import('../../archive/write-zip.js');
}
