// The offline mailbox of issue 2 as a user meets it, in Debian's Chromium against the
// built app: import → browse → read → remote content → move/delete/restore/empty →
// folders → archive → archive viewer → offline reload. The steps share one page and run
// in order; each is named after the SPEC row it proves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import JSZip from 'jszip';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  closeImportReport,
  launchChromium,
  newAppContext,
  openApp,
  importThroughInput,
  screenshot,
  waitForReady,
} from './support/browser.js';
import { startAppServer, type RunningServer } from './support/server.js';
import { startRecorder, type RequestRecorder } from './support/recorder.js';
import { buildFixtureZip, E2E_OUT, type FixtureMessage } from './support/zips.js';
import {
  folderByPath,
  folderByRole,
  messageView,
  openFolder,
  openMessage,
  renderedIds,
  row,
  rowCount,
} from './support/app.js';
import { dialog, folderActions, moveSelectedTo, toolbarButton } from './support/actions.js';

/** Loads that a page would start on its own start within this; used only to give a leak a chance. */
const SETTLE_MS = 1_000;

let server: RunningServer;
let recorder: RequestRecorder;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let zipPath: string;
let fixtures: FixtureMessage[];

const inFolder = (folder: string) =>
  fixtures.filter((m) => m.folder.join('/') === folder).map((m) => m.messageId);

beforeAll(async () => {
  recorder = await startRecorder();
  server = await startAppServer();
  ({ path: zipPath, messages: fixtures } = await buildFixtureZip(recorder.host));
  browser = await launchChromium();
  context = await newAppContext(browser);
  page = await openApp(context, server.url);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
  await recorder?.stop();
});

describe('the offline mailbox, end to end', () => {
  it('IMPORT-1 imports a zip of .eml files picked in import-input and shows a report', async () => {
    await screenshot(page, '01-empty-mailbox');
    const report = await importThroughInput(page, [zipPath]);
    expect(report.rejected).toEqual([]);
    expect(report).toMatchObject({ imported: fixtures.length, duplicates: 0 });
    await expect.poll(() => page.getByTestId('import-report').isVisible()).toBe(true);
    expect(await page.getByTestId('import-report').innerText()).toContain(String(fixtures.length));
    await screenshot(page, '02-import-report');
    await closeImportReport(page);
  });

  it('IMPORT-1 importing the same zip again adds no duplicates', async () => {
    const report = await importThroughInput(page, [zipPath]);
    expect(report).toMatchObject({ imported: 0, duplicates: fixtures.length, rejected: [] });
    await closeImportReport(page);
  });

  it('IMPORT-1 maps "Bandeja de entrada", "Enviados", "Papelera" to system folders and creates Projects/Alpha', async () => {
    for (const role of ['inbox', 'drafts', 'sent', 'templates', 'trash', 'spam'] as const) {
      await expect.poll(() => folderByRole(page, role).count(), { message: role }).toBe(1);
    }
    for (const localised of ['Bandeja de entrada', 'Enviados', 'Papelera']) {
      expect(await folderByPath(page, localised).count(), localised).toBe(0);
    }
    expect(await folderByPath(page, 'Projects').getAttribute('data-folder-role')).toBe('');
    expect(await folderByPath(page, 'Projects/Alpha').getAttribute('data-folder-role')).toBe('');
    await screenshot(page, '03-folder-tree');
  });

  it('FOLDER-5 each folder lists exactly its own messages, subfolders excluded', async () => {
    const cases: [ReturnType<typeof folderByRole>, string][] = [
      [folderByRole(page, 'inbox'), 'Bandeja de entrada'],
      [folderByRole(page, 'sent'), 'Enviados'],
      [folderByPath(page, 'Projects'), 'Projects'],
      [folderByPath(page, 'Projects/Alpha'), 'Projects/Alpha'],
    ];
    for (const [folder, source] of cases) {
      await openFolder(folder);
      const expected = inFolder(source);
      await expect.poll(() => rowCount(page), { message: source }).toBe(expected.length);
      await expect
        .poll(async () => (await renderedIds(page)).sort(), { message: source })
        .toEqual([...expected].sort());
    }
    await openFolder(folderByRole(page, 'inbox'));
    await screenshot(page, '04-inbox-list');
  });

  it('VIEW-2 reading a message shows subject, display name and the real address, text escaped', async () => {
    const view = await openMessage(page, 'bienvenida.0001@ejemplo.es');
    await expect
      .poll(() => view.getByTestId('subject').first().innerText())
      .toContain('Bienvenida a Buzón');
    expect(await view.getByTestId('sender-name').first().innerText()).toContain('Ana García');
    expect(await view.getByTestId('sender-address').first().innerText()).toContain(
      'ana.garcia@ejemplo.es',
    );
    const body = view.getByTestId('message-frame').first().contentFrame();
    await expect.poll(() => body.locator('body').innerText()).toContain('Te damos la bienvenida');
    expect(await body.locator('a[href="https://ejemplo.es/ayuda"]').count()).toBe(1);
    expect(await row(page, 'bienvenida.0001@ejemplo.es').getAttribute('aria-selected')).toBe(
      'true',
    );
    await screenshot(page, '05-reader-plain');
  });

  it('VIEW-2 a hostile message shows its real sender, runs nothing and loads nothing', async () => {
    const view = await openMessage(page, 'hostile.0004@evil.example');
    await expect
      .poll(() => view.getByTestId('sender-address').first().innerText())
      .toContain('attacker@evil.example');
    await expect.poll(() => view.getByTestId('attachment-name').count()).toBe(1);
    const names = await view.getByTestId('attachment-name').allInnerTexts();
    expect(names[0]).not.toMatch(/\.\.|[/\\\u202a-\u202e\u2066-\u2069]/);
    await page.waitForTimeout(SETTLE_MS);
    expect(await page.title()).not.toBe('pwned');
    expect(recorder.requests).toEqual([]);
    await screenshot(page, '06-reader-hostile');
  });

  it('ATTACH-2 a message lists its attachment by name', async () => {
    const view = await openMessage(page, 'attach.0003@example.org');
    await expect.poll(() => view.getByTestId('attachment-item').count()).toBe(1);
    expect(await view.getByTestId('attachment-name').first().innerText()).toContain(
      'report-q3.txt',
    );
  });

  it('VIEW-2 remote content is blocked until the user asks, then loads from the listener', async () => {
    const view = await openMessage(page, 'remote.0002@news.example.com');
    await view.getByTestId('remote-content-banner').waitFor();
    await page.waitForTimeout(SETTLE_MS);
    expect(recorder.requests).toEqual([]);
    await screenshot(page, '07-remote-blocked');
    await view.getByTestId('load-remote-content').click();
    await expect.poll(() => recorder.requests.length).toBeGreaterThan(0);
    const paths = recorder.requests.map((r) => r.path);
    expect(paths).toContain('/pixel.png');
    // Never, even when remote content is allowed: navigation, forms, frames, pings.
    expect(paths.filter((p) => /refresh|form|frame|ping|click|base/.test(p))).toEqual([]);
    await screenshot(page, '08-remote-loaded');
  });

  it('FOLDER-6 Move puts a selected message into another folder', async () => {
    await openFolder(folderByRole(page, 'inbox'));
    const inboxBefore = await rowCount(page);
    await row(page, 'move-me.0005@example.net').click();
    await moveSelectedTo(page, 'Alpha');
    await expect.poll(() => rowCount(page)).toBe(inboxBefore - 1);
    expect(await row(page, 'move-me.0005@example.net').count()).toBe(0);
    await openFolder(folderByPath(page, 'Projects/Alpha'));
    await expect.poll(() => rowCount(page)).toBe(inFolder('Projects/Alpha').length + 1);
    await row(page, 'move-me.0005@example.net').waitFor();
  });

  it('DELETE-1 Delete sends a message to Trash and Restore brings it back', async () => {
    await openFolder(folderByRole(page, 'inbox'));
    const inboxBefore = await rowCount(page);
    await row(page, 'delete-me.0006@example.net').click();
    await toolbarButton(page, 'Delete').click();
    await expect.poll(() => rowCount(page)).toBe(inboxBefore - 1);
    await openFolder(folderByRole(page, 'trash'));
    await row(page, 'delete-me.0006@example.net').click();
    await screenshot(page, '09-trash');
    await toolbarButton(page, 'Restore').click();
    await expect.poll(() => row(page, 'delete-me.0006@example.net').count()).toBe(0);
    await openFolder(folderByRole(page, 'inbox'));
    await expect.poll(() => rowCount(page)).toBe(inboxBefore);
    await row(page, 'delete-me.0006@example.net').waitFor();
  });

  it('DELETE-2 Empty Trash asks first, and deletes everything in Trash for good', async () => {
    await openFolder(folderByRole(page, 'inbox'));
    await row(page, 'delete-me.0006@example.net').click();
    await toolbarButton(page, 'Delete').click();
    await openFolder(folderByRole(page, 'trash'));
    await expect.poll(() => rowCount(page)).toBeGreaterThan(0);
    const before = await rowCount(page);

    await toolbarButton(page, 'Empty Trash').click();
    const confirm = dialog(page, /cannot be undone/);
    await screenshot(page, '10-empty-trash-confirm');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await rowCount(page)).toBe(before);

    await toolbarButton(page, 'Empty Trash').click();
    await dialog(page, /cannot be undone/)
      .getByRole('button', { name: 'Empty Trash' })
      .click();
    await expect.poll(() => rowCount(page)).toBe(0);
  });

  it('ARCHIVE-1 archives a whole folder into a dated .zip of .eml kept in Documents', async () => {
    const alpha = await folderActions(page, folderByPath(page, 'Projects/Alpha'));
    await alpha.getByRole('button', { name: /^Archive/ }).click();
    const form = dialog(page, 'Archive messages');
    await form.getByRole('radio', { name: 'All messages of the folder' }).check();
    await screenshot(page, '11-archive-dialog');
    await form.getByRole('button', { name: 'Create archive' }).click();
    await form.getByTestId('archive-result').waitFor();
    await form.getByRole('button', { name: 'Open Documents' }).click();
    const doc = page.getByTestId('document-item').filter({ hasText: /\.zip/ }).first();
    await doc.waitFor();
    expect(await doc.innerText()).toMatch(/\d{4}-?\d{2}-?\d{2}.*\.zip/);
    await screenshot(page, '12-documents');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      doc.getByRole('button', { name: 'Download' }).click(),
    ]);
    const saved = join(E2E_OUT, 'alpha-archive.zip');
    await download.saveAs(saved);
    await dialog(page, 'Documents').getByRole('button', { name: 'Close' }).last().click();
    const zip = await JSZip.loadAsync(await readFile(saved));
    const emls = Object.keys(zip.files).filter((p) => p.endsWith('.eml'));
    expect(emls.length).toBe(inFolder('Projects/Alpha').length + 1);
    expect(emls.every((p) => p.startsWith('mail/'))).toBe(true);
    // The archive carries the raw messages themselves: the fixture bytes come back.
    const texts = await Promise.all(emls.map((p) => zip.file(p)?.async('string') ?? ''));
    expect(texts.some((t) => t.includes('Message-ID: <alpha.0302@example.com>'))).toBe(true);
  });

  it('ARCHIVE-2 opens the archive in the viewer, reads and searches it without importing', async () => {
    await toolbarButton(page, 'Archive viewer').click();
    const viewer = dialog(page, /Archive viewer|\.zip/);
    await page.getByTestId('archive-input').setInputFiles(join(E2E_OUT, 'alpha-archive.zip'));
    await expect
      .poll(() => page.getByTestId('archive-entry').count())
      .toBe(inFolder('Projects/Alpha').length + 1);
    await viewer.getByRole('button', { name: 'Alpha milestone 2' }).click();
    await expect
      .poll(() => viewer.getByTestId('sender-address').first().innerText())
      .toContain('dana@example.com');
    await screenshot(page, '13-archive-viewer');
    await viewer.getByRole('searchbox', { name: 'Search the archive' }).fill('zanzibar3');
    await expect
      .poll(() => page.getByTestId('archive-entry').allInnerTexts())
      .toEqual([expect.stringContaining('Alpha milestone 3')]);
    await viewer.getByRole('button', { name: 'Close' }).last().click();
    // Reading it imported nothing: Alpha still holds what it held.
    await openFolder(folderByPath(page, 'Projects/Alpha'));
    await expect.poll(() => rowCount(page)).toBe(inFolder('Projects/Alpha').length + 1);
  });

  it('PWA-1 reloads with the network off and everything is still there', async () => {
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await openFolder(folderByPath(page, 'Projects/Alpha'));
    const alphaCount = await rowCount(page);
    await context.setOffline(true);
    // Stop the server too: nothing but the service worker and IndexedDB can answer now.
    await server.stop();
    await page.reload();
    await waitForReady(page);
    await openFolder(folderByRole(page, 'inbox'));
    await expect.poll(() => rowCount(page)).toBe(inFolder('Bandeja de entrada').length - 2);
    const view = await openMessage(page, 'bienvenida.0001@ejemplo.es');
    expect(await view.getByTestId('sender-address').first().innerText()).toContain(
      'ana.garcia@ejemplo.es',
    );
    await openFolder(folderByPath(page, 'Projects/Alpha'));
    await expect.poll(() => rowCount(page)).toBe(alphaCount);
    await screenshot(page, '14-offline-reload');
    expect(await messageView(page).count()).toBeLessThanOrEqual(1);
  });
});
