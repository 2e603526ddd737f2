// ArchiveService (ARCHIVE-1, ARCHIVE-2), loaded on first use like the importer.
import type { ImportDeps } from './import/pipeline.js';
import type { ArchiveService } from './types.js';

export function createArchiveService(deps: ImportDeps): ArchiveService {
  return {
    async createArchive(req, opts) {
      const { createArchive } = await import('./archive/create-archive.js');
      return createArchive(deps.db, deps.now, req, opts);
    },
    async openArchive(file, name, opts) {
      const { openArchive } = await import('./archive/open-archive.js');
      return openArchive(deps, file, name, opts);
    },
  };
}
