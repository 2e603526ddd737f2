// ImportService (IMPORT-1): files in, a report out.
import { fileItems } from './import/file-source.js';
import { runImport, type ImportCounter, type ImportDeps } from './import/pipeline.js';
import type { ImportService } from './types.js';

export function createImportService(deps: ImportDeps): ImportService {
  return {
    importFiles(files, opts = {}) {
      const counter: ImportCounter = { done: 0, total: files.length, label: '' };
      return runImport(deps, fileItems(files, counter, opts.signal), counter, opts);
    },
  };
}
