// PWA-4 accessibility, read from Chromium's accessibility tree on each main screen of the
// built app: every control a user operates has a role and a spoken name, and the Tab key
// reaches the toolbar, the folder tree, the message list and the reader.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CDPSession, Locator, Page } from 'playwright-core';
import { closeImportReport, importThroughInput, screenshot } from './support/browser.js';
import { folderByPath, folderByRole, openFolder, openMessage, row } from './support/app.js';
import { dialog, folderActions, toolbarButton } from './support/actions.js';
import { auditControls, axSession, focusedHosts } from './support/ax.js';

/** Tab presses allowed to walk the whole shell once; the app has far fewer stops. */
const MAX_TABS = 150;
import { startAppSession, type AppSession } from './support/session.js';

let session: AppSession;
let page: Page;
let cdp: CDPSession;
let zipPath: string;

beforeAll(async () => {
  session = await startAppSession({ fixtureZip: 'a11y.zip' });
  page = session.page;
  cdp = await axSession(session.context, page);
  zipPath = session.zipPath ?? '';
});

afterAll(async () => {
  await session?.close();
});

/**
 * Reads the tree once the screen shows `expected` (a "role: name" it must hold, so the
 * probe is known to see this screen) and asserts no control lacks a name.
 */
async function expectAllNamed(screen: string, expected: string): Promise<void> {
  await screenshot(page, `a11y-${screen}`);
  const audit = await auditControls(cdp);
  expect(audit.named, screen).toContain(expected);
  expect(audit.unnamed, `unnamed controls on ${screen}`).toEqual([]);
}

/** Closes the topmost modal dialog with Escape, as a keyboard user would. */
async function escape(d: Locator): Promise<void> {
  await page.keyboard.press('Escape');
  await d.waitFor({ state: 'hidden' });
}

describe('accessibility', () => {
  it('PWA-4 every control on the import report has a role and an accessible name', async () => {
    await importThroughInput(page, [zipPath]);
    await page.getByTestId('import-report').waitFor();
    await expectAllNamed('import-report', 'button: Close');
    await closeImportReport(page);
  });

  it('PWA-4 every control on the mailbox with a message open and attachments shown has a role and an accessible name', async () => {
    await openFolder(folderByRole(page, 'inbox'));
    const view = await openMessage(page, 'attach.0003@example.org');
    await view.getByTestId('attachment-item').first().waitFor();
    await expectAllNamed('mailbox', 'button: Download report-q3.txt');
    expect(
      (await auditControls(cdp)).named.filter((c) => c.startsWith('row: ')).length,
    ).toBeGreaterThan(0);
  });

  it('PWA-4 Tab reaches the toolbar, the folder tree, the message list and the reader', async () => {
    await openFolder(folderByRole(page, 'inbox'));
    await openMessage(page, 'attach.0003@example.org');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const reached = new Set<string>();
    for (let i = 0; i < MAX_TABS && reached.size < 4; i++) {
      await page.keyboard.press('Tab');
      const hosts = await focusedHosts(page);
      for (const h of ['BZ-TOOLBAR', 'BZ-FOLDER-TREE', 'BZ-MESSAGE-LIST', 'BZ-MESSAGE-VIEW'])
        if (hosts.includes(h)) reached.add(h);
    }
    expect([...reached].sort()).toEqual([
      'BZ-FOLDER-TREE',
      'BZ-MESSAGE-LIST',
      'BZ-MESSAGE-VIEW',
      'BZ-TOOLBAR',
    ]);
  });

  it('PWA-4 every control on the attachment viewer has a role and an accessible name', async () => {
    await page.getByRole('button', { name: 'View report-q3.txt' }).click();
    const d = page.getByRole('dialog').filter({ hasText: 'report-q3.txt' });
    await d.waitFor();
    await expectAllNamed('attachment-viewer', 'button: Close');
    await escape(d);
  });

  it('PWA-4 every control on the folder name prompt has a role and an accessible name', async () => {
    const actions = await folderActions(page, folderByPath(page, 'Projects'));
    await actions.getByRole('button', { name: /inside this one/ }).click();
    const prompt = page.getByRole('dialog').filter({ has: page.getByRole('textbox') });
    await prompt.waitFor();
    await expectAllNamed('folder-prompt', 'button: OK');
    await escape(prompt);
  });

  it('PWA-4 every control on the folder actions dialog has a role and an accessible name', async () => {
    const d = await folderActions(page, folderByPath(page, 'Projects'));
    await expectAllNamed('folder-actions', 'button: Archive…');
    await escape(d);
  });

  it('PWA-4 every control on the move dialog has a role and an accessible name', async () => {
    await openFolder(folderByRole(page, 'inbox'));
    await row(page, 'keep-me.0007@example.net').click();
    await toolbarButton(page, /^Move/).click();
    const d = page
      .getByRole('dialog')
      .filter({ has: page.getByRole('button', { name: 'Alpha', exact: true }) });
    await d.waitFor();
    await expectAllNamed('move-dialog', 'button: Alpha');
    await escape(d);
  });

  it('PWA-4 every control on the archive dialog has a role and an accessible name', async () => {
    const actions = await folderActions(page, folderByPath(page, 'Projects/Alpha'));
    await actions.getByRole('button', { name: /^Archive/ }).click();
    const form = dialog(page, 'Archive messages');
    await form.waitFor();
    await expectAllNamed('archive-dialog', 'radio: All messages of the folder');
    // Creating one gives Documents something to list (and its row actions to check).
    await form.getByRole('radio', { name: 'All messages of the folder' }).check();
    await form.getByRole('button', { name: 'Create archive' }).click();
    await form.getByTestId('archive-result').waitFor();
    await expectAllNamed('archive-result', 'button: Open Documents');
    await escape(form);
  });

  it('PWA-4 every control on the documents has a role and an accessible name', async () => {
    await toolbarButton(page, 'Documents').click();
    const d = dialog(page, 'Documents');
    await page.getByTestId('document-item').first().waitFor();
    await expectAllNamed('documents', 'button: Download');
    await escape(d);
  });

  it('PWA-4 every control on the archive viewer with an archive open has a role and an accessible name', async () => {
    await toolbarButton(page, 'Archive viewer').click();
    const viewer = dialog(page, /Archive viewer|\.zip/);
    await page.getByTestId('archive-input').setInputFiles(zipPath);
    await page.getByTestId('archive-entry').first().waitFor();
    await viewer.getByRole('button', { name: 'Alpha milestone 2' }).click();
    await viewer.getByTestId('sender-address').first().waitFor();
    await expectAllNamed('archive-viewer', 'searchbox: Search the archive');
    await escape(viewer);
  });

  it('PWA-4 every control on the settings has a role and an accessible name', async () => {
    await toolbarButton(page, 'Settings').click();
    const d = page.getByRole('dialog').filter({ hasText: 'Settings' });
    await d.waitFor();
    await expectAllNamed('settings', 'button: Close');
    await escape(d);
  });

  it('PWA-4 every control on the keyboard help has a role and an accessible name', async () => {
    await toolbarButton(page, 'Keyboard shortcuts').click();
    const d = page.getByRole('dialog').filter({ hasText: /shortcuts/i });
    await d.waitFor();
    await expectAllNamed('keyboard-help', 'button: Close');
    await escape(d);
  });

  it('PWA-4 the probe reports a control without a name, inside a shadow root too', async () => {
    await page.evaluate(() => {
      const host = document.createElement('div');
      host.id = 'probe-host';
      host.attachShadow({ mode: 'open' }).innerHTML = '<button class="probe"></button>';
      document.body.append(host);
    });
    const audit = await auditControls(cdp);
    await page.evaluate(() => document.getElementById('probe-host')?.remove());
    expect(audit.unnamed).toEqual([{ role: 'button', element: 'BUTTON class="probe"' }]);
  });
});
