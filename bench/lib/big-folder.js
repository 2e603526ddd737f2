// (b) time from clicking a big folder to its first rows painted, and (c) the JS heap once
// it is open. The folder is seeded once through the app's own import (import-input, one
// zip of 10k after another) into a Chromium profile kept under bench/out/, and reused by
// later runs. IndexedDB belongs to an origin, so the app is served on a fixed port.
import { existsSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { launchPersistent, openApp, importFiles } from './browser.js';
import { startServer } from './server.js';
import { OUT_DIR, REPO_ROOT } from './paths.js';

/** Fixed so the profile's IndexedDB (keyed by origin, port included) is found again. */
export const BENCH_PORT = Number(process.env.BUZON_BENCH_PORT ?? 47813);
/** One 10k zip through the UI; generous so a slow build still finishes seeding. */
const SEED_ZIP_TIMEOUT_MS = 15 * 60_000;
/** Waiting for the first rows or the full id list of 100k after a click. */
const OPEN_TIMEOUT_MS = 120_000;
/** Warm re-opens after the cold one, for a median. */
const WARM_RUNS = 5;

/**
 * The app's schema version (one migration file each): a profile seeded by one schema is
 * upgraded by a newer build on first open, which would time the upgrade, so each schema
 * gets a profile of its own.
 */
const SCHEMA_VERSION = readdirSync(join(REPO_ROOT, 'src/store/migrations')).filter((f) =>
  /^\d{4}-.*\.ts$/.test(f),
).length;

/**
 * The byte cap of a body pack (repos/bodies.ts PACK_BYTES): a profile keeps the packs its
 * seeding wrote, so a change of the cap gets a profile of its own too (ADR 0004, session 25).
 */
const PACK_BYTES = (() => {
  const match = /export const PACK_BYTES = ([\d_]+);/.exec(
    readFileSync(join(REPO_ROOT, 'src/store/repos/bodies.ts'), 'utf8'),
  );
  if (!match) throw new Error('bench: PACK_BYTES not found in src/store/repos/bodies.ts');
  return match[1].replaceAll('_', '');
})();

const folderSel = (path) => `[data-testid="folder-item"][data-folder-path="${path}"]`;
/** Always empty in the bench profile: the list shows no rows there, so any row after the click is new. */
const emptySel = '[data-testid="folder-item"][data-folder-role="templates"]';

/**
 * The Chromium profile holding `corpus` in the app's local mailbox, seeded once through the
 * app's own import and kept for later runs (the folder and search benches share it).
 */
export async function seededProfile(corpus, log, server) {
  const profile = join(OUT_DIR, `profile-${corpus.name}-db${SCHEMA_VERSION}-p${PACK_BYTES}`);
  const marker = `${profile}.seeded.json`;
  if (existsSync(marker)) {
    log(`reusing the seeded profile ${profile}`);
    return { profile, marker, seeding: JSON.parse(readFileSync(marker, 'utf8')) };
  }
  rmSync(profile, { recursive: true, force: true });
  const browser = await launchPersistent(profile);
  try {
    const seeding = await seed(
      await openApp(browser.context, server.url, '?index=paused'),
      corpus,
      log,
    );
    writeFileSync(marker, JSON.stringify(seeding, null, 2));
    return { profile, marker, seeding };
  } finally {
    await browser.close();
  }
}

export async function measureBigFolder(corpus, log) {
  const server = await startServer({ port: BENCH_PORT });
  let browser;
  try {
    const { profile, marker, seeding } = await seededProfile(corpus, log, server);

    // A fresh browser on the kept profile: the first click below is a cold open.
    browser = await launchPersistent(profile);
    // The list alone: the search index (built in the background otherwise) stays paused.
    const page = await openApp(browser.context, server.url, '?index=paused');
    await page.locator(folderSel(corpus.folder)).waitFor({ timeout: OPEN_TIMEOUT_MS });
    const cold = await clickAndMeasure(page, folderSel(corpus.folder));
    const fullListMs = await waitForRowCount(page, corpus.count);
    const heap = await heapAfterGc(page);
    const rowCount = Number(
      await page.getByTestId('message-list').first().getAttribute('aria-rowcount'),
    );
    if (rowCount !== corpus.count) {
      // A profile from an older schema or a broken seeding: the next run seeds afresh.
      rmSync(marker, { force: true });
      log(
        `the folder shows ${rowCount} messages, not ${corpus.count}: it will be seeded again next run`,
      );
    }
    const warm = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      warm.push(await clickAndMeasure(page, folderSel(corpus.folder)));
      // Let the view finish loading its ids, so the next run starts from a quiet page.
      await waitForRowCount(page, corpus.count);
    }
    return { seeding, cold, fullListMs, warm, heap, rowCount, profile, port: BENCH_PORT };
  } finally {
    await browser?.close();
    await server.stop();
  }
}

async function seed(page, corpus, log) {
  log(
    `seeding ${corpus.count} messages into "${corpus.folder}" through import-input (kept for later runs) …`,
  );
  let imported = 0;
  let rejected = 0;
  let seconds = 0;
  for (const [i, zip] of corpus.zips.entries()) {
    const r = await importFiles(page, [zip.path], SEED_ZIP_TIMEOUT_MS);
    imported += r.report.imported + r.report.duplicates;
    rejected += r.report.rejected.length;
    seconds += r.seconds;
    log(
      `  zip ${i + 1}/${corpus.zips.length}: ${r.report.imported} new in ${r.seconds.toFixed(1)} s (${imported} so far)`,
    );
  }
  return { imported, rejected, seconds, at: new Date().toISOString() };
}

/**
 * Clicks the folder (a trusted click through Playwright) and reads, in the page: the click
 * event's timestamp, the app's `bz-list-first-rows` mark, and the first animation frame
 * in which rows are in the DOM (an independent check that does not trust the app's mark).
 */
async function clickAndMeasure(page, selector) {
  await page.locator(emptySel).click();
  await page.locator(`${emptySel}[aria-selected="true"]`).waitFor();
  await waitForNoRows(page);
  await page.evaluate(() => {
    performance.clearMarks('bz-list-first-rows');
    const deep = (root, sel) => {
      const hit = root.querySelector(sel);
      if (hit) return hit;
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) {
          const h = deep(el.shadowRoot, sel);
          if (h) return h;
        }
      }
      return null;
    };
    const probe = (window.__benchClick = { clickAt: null, rowsFrame: null });
    document.addEventListener(
      'click',
      (e) => {
        probe.clickAt = e.timeStamp;
        // performance.now(), not the frame's begin timestamp, which can precede the DOM change.
        const frame = () => {
          if (deep(document, '[data-testid="message-list-item"]'))
            probe.rowsFrame = performance.now();
          else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      },
      { capture: true, once: true },
    );
  });
  await page.locator(selector).click();
  await page.waitForFunction(() => window.__benchClick.rowsFrame !== null, undefined, {
    timeout: OPEN_TIMEOUT_MS,
  });
  // The app's own mark may land a frame later than rows enter the DOM; give it a moment.
  await page
    .waitForFunction(
      () => performance.getEntriesByName('bz-list-first-rows', 'mark').length > 0,
      undefined,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
  return page.evaluate(() => {
    const p = window.__benchClick;
    const mark = performance
      .getEntriesByName('bz-list-first-rows', 'mark')
      .find((m) => m.startTime >= p.clickAt);
    return { markMs: mark ? mark.startTime - p.clickAt : null, frameMs: p.rowsFrame - p.clickAt };
  });
}

/** Waits until the list shows no rows (the empty folder's view is painted). */
async function waitForNoRows(page) {
  const rows = page.getByTestId('message-list-item');
  const deadline = Date.now() + OPEN_TIMEOUT_MS;
  while ((await rows.count()) > 0) {
    if (Date.now() > deadline) throw new Error('the empty folder still shows rows');
    await page.waitForTimeout(20);
  }
}

/** Waits until aria-rowcount reaches n (all ids of the view known); returns ms since the click. */
async function waitForRowCount(page, n) {
  await page
    .waitForFunction(
      (count) => {
        const deep = (root) => {
          const hit = root.querySelector('[data-testid="message-list"]');
          if (hit) return hit;
          for (const el of root.querySelectorAll('*'))
            if (el.shadowRoot) {
              const h = deep(el.shadowRoot);
              if (h) return h;
            }
          return null;
        };
        return Number(deep(document)?.getAttribute('aria-rowcount')) >= count;
      },
      n,
      { timeout: OPEN_TIMEOUT_MS, polling: 'raf' },
    )
    .catch(() => undefined);
  return page.evaluate(() => performance.now() - window.__benchClick.clickAt);
}

async function heapAfterGc(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const before = await cdp.send('Performance.getMetrics');
  await cdp.send('HeapProfiler.collectGarbage');
  const after = await cdp.send('Performance.getMetrics');
  const get = (m, name) => m.metrics.find((x) => x.name === name)?.value ?? null;
  await cdp.detach();
  return {
    usedBeforeGc: get(before, 'JSHeapUsedSize'),
    used: get(after, 'JSHeapUsedSize'),
    total: get(after, 'JSHeapTotalSize'),
  };
}
