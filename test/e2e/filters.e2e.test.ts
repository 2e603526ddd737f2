// FILTER-1, FILTER-3 in Chromium: the built app on the local mailbox. Three .eml files are
// imported; from Settings the user opens Filters, writes "subject contains invoice → move to
// Facturas, tag Work", sees the preview count, runs it now on Inbox and finds the two
// invoices in Facturas.
// Needs the lead's integration: a "Filters…" button in Settings that opens bz-filters-dialog
// (see the helper's report), and filterServiceContext provided by bz-app.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerPrompt, folderActions, toolbarButton } from './support/actions.js';
import { folderByPath, folderByRole, openFolder } from './support/app.js';
import { closeImportReport, importThroughInput, screenshot } from './support/browser.js';
import { startAppSession, type AppSession } from './support/session.js';

const SETUP_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 60_000;

let session: AppSession;
let page: Page;

function eml(n: number, subject: string): string {
  return [
    'From: Tienda <tienda@example.net>',
    'To: yo@example.org',
    `Subject: ${subject}`,
    `Message-ID: <filters-e2e-${n}@example.net>`,
    `Date: Mon, 2 Feb 2026 10:0${n}:00 +0000`,
    '',
    'Hola.',
    '',
  ].join('\r\n');
}

beforeAll(async () => {
  session = await startAppSession();
  page = session.page;
  const dir = await mkdtemp(join(tmpdir(), 'buzon-filters-e2e-'));
  const paths = await Promise.all(
    ['Invoice 42', 'Your invoice for May', 'Dinner on Friday'].map(async (s, i) => {
      const path = join(dir, `m${i}.eml`);
      await writeFile(path, eml(i, s));
      return path;
    }),
  );
  await importThroughInput(page, paths);
  await closeImportReport(page);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await session?.close();
});

describe('filters in Chromium (FILTER-1, FILTER-3)', () => {
  it(
    'FILTER-1 FILTER-3 a filter "subject contains invoice → move, tag" previews 2 matches and, run now on Inbox, files them',
    async () => {
      // The target folder, created inside Inbox from its folder actions.
      const inbox = await folderActions(page, folderByRole(page, 'inbox'));
      await inbox.getByRole('button', { name: /inside this one/ }).click();
      await answerPrompt(page, 'Facturas');
      await folderByPath(page, 'Inbox/Facturas').waitFor();
      await toolbarButton(page, 'Settings').click();
      await page.getByRole('button', { name: 'Filters…' }).click();
      const d = page.getByRole('dialog').filter({ hasText: 'Filters' }).last();
      await d.getByText('No filters yet.').waitFor();
      await d.getByRole('button', { name: 'New filter' }).click();
      await d.getByLabel('Description').fill('Invoices');
      await d.getByRole('textbox', { name: 'Value of condition 1' }).fill('invoice');
      await d.getByRole('button', { name: 'Add an action' }).click();
      const folder1 = d.getByRole('combobox', { name: 'Folder 1' });
      const facturas = await folder1
        .locator('option', { hasText: 'Facturas' })
        .getAttribute('value');
      await folder1.selectOption(facturas ?? '');
      await d.getByRole('button', { name: 'Add an action' }).click();
      await d.getByRole('combobox', { name: 'Action 2' }).selectOption('tag');
      await d.getByRole('combobox', { name: 'Tag 2' }).selectOption({ label: 'Work' });
      await d.getByRole('button', { name: 'Count matching messages' }).click();
      await d.getByText('2 messages in Inbox match.').waitFor();
      await screenshot(page, 'filters-editor');
      await d.getByRole('button', { name: 'Run now on Inbox…' }).click();
      await page.getByTestId('confirm').filter({ hasText: 'Run now' }).click();
      await d.getByText(/Done: 2 of 3 messages matched/).waitFor();
      await d.getByRole('button', { name: 'Save filter' }).click();
      await d.getByTestId('filter').filter({ hasText: 'Invoices' }).waitFor();
      await d.getByRole('button', { name: 'Close' }).last().click();
      await page.keyboard.press('Escape');

      await openFolder(folderByPath(page, 'Inbox/Facturas'));
      const rows = page.locator('[data-testid="message-list-item"]');
      await expect.poll(() => rows.allInnerTexts()).toHaveLength(2);
      const texts = (await rows.allInnerTexts()).join('\n');
      expect(texts).toContain('Invoice 42');
      expect(texts).toContain('Your invoice for May');
      await openFolder(folderByRole(page, 'inbox'));
      await expect.poll(() => rows.allInnerTexts()).toHaveLength(1);
    },
    TEST_TIMEOUT_MS,
  );
});
