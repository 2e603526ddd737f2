// ImportService (IMPORT-1): files in, a report out. The pipeline (zip reading, parsing,
// folder mapping) loads on the first import: the start-up bundle's budget (ADR 0004).
import type { ImportCounter, ImportDeps } from './import/pipeline.js';
import type { ImportService } from './types.js';

export function createImportService(deps: ImportDeps): ImportService {
  return {
    async importFiles(files, opts = {}) {
      const [{ fileItems }, { runImport }] = await Promise.all([
        import('./import/file-source.js'),
        import('./import/pipeline.js'),
      ]);
      const counter: ImportCounter = { done: 0, total: files.length, label: '' };
      return runImport(deps, fileItems(files, counter, opts.signal), counter, opts);
    },
  };
}
