// PWA-5 for the archive viewer's import: the same progress bar, count and Cancel as the
// main import, and a Cancel keeps whole messages only (nothing half-written).
import { afterEach, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import type { ImportReport } from '../../src/state/types.js';
import { deep, deepAll, labelledButton, buttonIn, mountApp, until } from './harness.js';
import type { Mounted } from './harness.js';

/**
 * Messages in the archive. Why 1500: the import writes in batches (100 first, then
 * hundreds), so Cancel pressed after the first batch lands while most are still to come.
 */
const MESSAGES = 1500;

let mounted: Mounted | undefined;
afterEach(async () => {
  await mounted?.close();
  mounted = undefined;
});

function eml(i: number): string {
  return [
    `From: "Sender ${i}" <sender${i}@example.org>`,
    'To: me@example.com',
    `Subject: Archived message ${i}`,
    `Date: Mon, 6 Jan 2025 10:${String(i % 60).padStart(2, '0')}:00 +0000`,
    `Message-ID: <archived.${i}@example.org>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Body of message ${i}, with a line long enough to be a real message.`,
    '',
  ].join('\r\n');
}

async function archiveFile(): Promise<File> {
  const zip = new JSZip();
  for (let i = 0; i < MESSAGES; i++) zip.file(`mail/Inbox/${i}.eml`, eml(i));
  const blob = await zip.generateAsync({ type: 'blob', compression: 'DEFLATE' });
  return new File([blob], 'big-archive.zip', { type: 'application/zip' });
}

function viewerRoot(): ShadowRoot {
  const root = deep('bz-archive-viewer').shadowRoot;
  if (!root) throw new Error('no viewer shadow root');
  return root;
}

async function openInViewer(file: File): Promise<void> {
  (await labelledButton('bz-toolbar', 'Archive viewer')).click();
  const input = await until(() => deepAll<HTMLInputElement>('[data-testid="archive-input"]')[0]);
  const dt = new DataTransfer();
  dt.items.add(file);
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await until(
    () => viewerRoot().textContent?.includes(`${MESSAGES} of ${MESSAGES} messages`),
    60_000,
  );
}

function nextImportReport(): Promise<ImportReport> {
  return new Promise((resolve) =>
    window.addEventListener(
      'bz-import-done',
      (e) => resolve((e as CustomEvent<ImportReport>).detail),
      { once: true },
    ),
  );
}

interface ProgressSeen {
  heading: string;
  labelledBy: string | null;
  max: number;
  text: string;
  cancel: string;
}

/**
 * Presses Cancel the moment the bar first moves (the first batch is written), as the
 * DOM changes: the page's timers wait while the parser works, so polling would be late.
 */
function cancelAtFirstProgress(root: ShadowRoot): Promise<ProgressSeen> {
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const busy = root.querySelector('[data-testid="viewer-import-progress"]');
      const bar = busy?.querySelector('progress');
      const cancel = busy?.querySelector<HTMLButtonElement>('[data-testid="import-cancel"]');
      if (!busy || !bar || !cancel || !(bar.value > 0)) return;
      observer.disconnect();
      cancel.click();
      resolve({
        heading: busy.querySelector('h2')?.textContent ?? '',
        labelledBy: bar.getAttribute('aria-labelledby'),
        max: bar.max,
        text: busy.textContent ?? '',
        cancel: cancel.textContent?.trim() ?? '',
      });
    });
    observer.observe(root, { subtree: true, childList: true, attributes: true });
  });
}

describe('archive viewer import', () => {
  it('PWA-5 the viewer import shows progress with Cancel, and a Cancel keeps whole messages', async () => {
    mounted = await mountApp();
    await openInViewer(await archiveFile());

    const done = nextImportReport();
    const seen = cancelAtFirstProgress(viewerRoot());
    (await buttonIn('bz-archive-viewer', 'Import all')).click();
    const atCancel = await seen;
    expect(atCancel.heading).toContain('Importing…');
    expect(atCancel.labelledBy).toBe('job');
    expect(atCancel.max).toBe(MESSAGES);
    expect(atCancel.text).toMatch(new RegExp(`\\d+ of ${MESSAGES}`));
    expect(atCancel.cancel).toBe('Cancel');

    const report = await done;
    expect(report.cancelled).toBe(true);
    expect(report.imported).toBeGreaterThan(0);
    expect(report.imported).toBeLessThan(MESSAGES);
    const shown = await until(() =>
      viewerRoot().querySelector('[data-testid="viewer-import-report"]'),
    );
    expect(shown.textContent).toContain('Import cancelled');
    expect(shown.textContent).toContain(`${report.imported} imported`);

    // Whole messages only: importing everything again finds each kept message byte for
    // byte (same content hash) and adds exactly the ones the Cancel dropped.
    const again = nextImportReport();
    (await buttonIn('bz-archive-viewer', 'Import all')).click();
    const second = await again;
    expect(second).toMatchObject({
      cancelled: false,
      duplicates: report.imported,
      imported: MESSAGES - report.imported,
      rejected: [],
    });
    expect(
      viewerRoot().querySelector('[data-testid="viewer-import-report"]')?.textContent,
    ).toContain('Import finished');
  }, 120_000);
});
