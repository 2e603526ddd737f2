// (compose 1) Click on New message → the composer's To field focused, in headless Chromium.
// The composer is a lazy chunk (bz-app imports it on the first New message), so a first
// opening after the app loaded is timed apart from later ones: each reload of the signed-in
// app gives one first opening, then a few more openings of the same page.
import { readOpening, resetComposeProbe } from './compose-probes.js';

/** First openings: the one after sign-in plus one after each reload. */
const FIRST_OPENINGS = 3;
/** Later openings after each first one: 3 × 3 = 9 for the median. */
const LATER_OPENINGS = 3;
/** An opening is a few ms; this is a hang. */
const OPEN_TIMEOUT_MS = 15_000;
/** A sync or a reload is done within this on a loaded machine; it is not a figure. */
export const SETTLE_TIMEOUT_MS = 60_000;
/**
 * Pause before each timed click so the app is idle (timers of the last opening, the sync's
 * trailing work), as it is when a person reaches for New message.
 */
const QUIET_MS = 500;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function waitSyncIdle(page) {
  await page
    .locator('[data-testid="sync-status"][data-phase="idle"]')
    .waitFor({ timeout: SETTLE_TIMEOUT_MS });
}

/** Closes the composer as a person does: Escape (and "Discard" if it asks). */
export async function closeComposer(page) {
  const composer = page.getByTestId('composer');
  await page.keyboard.press('Escape');
  // Asked only when something was written (a signature counts); Lit renders it at once.
  const confirm = page.getByTestId('question-confirm');
  if (await confirm.isVisible()) await confirm.click();
  await composer.waitFor({ state: 'hidden', timeout: OPEN_TIMEOUT_MS });
}

/** One timed opening; leaves the composer open with its senders loaded. */
export async function openComposer(page) {
  await page.evaluate(resetComposeProbe);
  await page.getByTestId('compose-button').click();
  await page.waitForFunction(readOpening, undefined, { timeout: OPEN_TIMEOUT_MS, polling: 'raf' });
  const opening = await page.evaluate(readOpening);
  // open() goes on after the focus (senders, signature, SIZE): let it finish.
  await page.locator('[data-testid="compose-from"] option').first().waitFor({
    state: 'attached',
    timeout: OPEN_TIMEOUT_MS,
  });
  return opening;
}

async function reload(page) {
  await page.reload();
  await page.waitForFunction(() => (window.__bz?.ready ?? 0) > 0, undefined, {
    timeout: SETTLE_TIMEOUT_MS,
  });
  await waitSyncIdle(page);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? null;

export async function measureOpen(page, log) {
  const first = [];
  const later = [];
  for (let i = 0; i < FIRST_OPENINGS; i++) {
    if (i > 0) await reload(page);
    await sleep(QUIET_MS);
    const o = await openComposer(page);
    first.push(o);
    await closeComposer(page);
    const chunk = o.scripts.reduce((s, x) => s + x.bytes, 0);
    log(
      `  first opening ${i + 1}: ${o.focusMs.toFixed(1)} ms to To focused ` +
        `(${o.scripts.length} scripts fetched, ${(chunk / 1024).toFixed(0)} KB)`,
    );
    for (let j = 0; j < LATER_OPENINGS; j++) {
      await sleep(QUIET_MS);
      later.push(await openComposer(page));
      await closeComposer(page);
    }
  }
  log(`  later openings: ${later.map((o) => o.focusMs.toFixed(1)).join(', ')} ms to To focused`);
  return {
    first: first.map(({ focusMs, frameMs, scripts }) => ({ focusMs, frameMs, scripts })),
    later: later.map(({ focusMs, frameMs }) => ({ focusMs, frameMs })),
    firstMedianMs: median(first.map((o) => o.focusMs)),
    firstFrameMedianMs: median(first.map((o) => o.frameMs)),
    laterMedianMs: median(later.map((o) => o.focusMs)),
    laterFrameMedianMs: median(later.map((o) => o.frameMs)),
  };
}
