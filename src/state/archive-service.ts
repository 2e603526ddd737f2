// ArchiveService (ARCHIVE-1, ARCHIVE-2).
import { createArchive } from './archive/create-archive.js';
import { openArchive } from './archive/open-archive.js';
import type { ImportDeps } from './import/pipeline.js';
import type { ArchiveService } from './types.js';

export function createArchiveService(deps: ImportDeps): ArchiveService {
  return {
    createArchive: (req, opts) => createArchive(deps.db, deps.now, req, opts),
    openArchive: (file, name, opts) => openArchive(deps, file, name, opts),
  };
}
