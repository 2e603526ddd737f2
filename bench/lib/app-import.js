// (a) Buzón's own import of the corpus zip, through import-input until bz-import-done,
// in a fresh profile (empty IndexedDB).
import { launchFresh, openApp, importFiles } from './browser.js';

/** 10k messages through the UI; generous so a slow build still reports a figure. */
const IMPORT_TIMEOUT_MS = 10 * 60_000;

export async function measureAppImport(appUrl, corpus, log) {
  const browser = await launchFresh();
  try {
    // Import alone: the search index is measured on its own (search-bench.js).
    const page = await openApp(browser.context, appUrl, '?index=paused');
    log(`importing ${corpus.count} messages through import-input …`);
    const { report, seconds } = await importFiles(
      page,
      corpus.zips.map((z) => z.path),
      IMPORT_TIMEOUT_MS,
    );
    return {
      seconds,
      imported: report.imported,
      duplicates: report.duplicates,
      rejected: report.rejected.length,
      rejectedSample: report.rejected.slice(0, 3),
    };
  } finally {
    await browser.close();
  }
}
