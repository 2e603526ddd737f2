// User actions found by ARIA role and accessible name (English interface).
import type { Locator, Page } from 'playwright-core';

/** An open modal dialog whose text matches. */
export function dialog(page: Page, text: RegExp | string): Locator {
  return page.getByRole('dialog').filter({ hasText: text });
}

/** A button of the main toolbar / list actions by its accessible name. */
export function toolbarButton(page: Page, name: RegExp | string): Locator {
  return page.getByRole('button', { name, exact: typeof name === 'string' }).first();
}

/** Opens a folder's actions (FOLDER-5 totals, rename, move, delete, archive) and returns the dialog. */
export async function folderActions(page: Page, folder: Locator): Promise<Locator> {
  await folder.click();
  await page.getByRole('button', { name: 'Folder actions' }).click();
  const d = page.getByRole('dialog').filter({ has: page.getByTestId('folder-total') });
  await d.waitFor();
  return d;
}

/** FOLDER-6: Move… on the selected messages, then the destination in the folder picker. */
export async function moveSelectedTo(page: Page, folderLabel: string): Promise<void> {
  await toolbarButton(page, /^Move/).click();
  const picker = page
    .getByRole('dialog')
    .filter({ has: page.getByRole('button', { name: folderLabel, exact: true }) });
  await picker.getByRole('button', { name: folderLabel, exact: true }).click();
}

/** Fills the text prompt (new folder, rename…) and presses OK. */
export async function answerPrompt(page: Page, value: string): Promise<void> {
  const prompt = page.getByRole('dialog').filter({ has: page.getByRole('textbox') });
  await prompt.getByRole('textbox').fill(value);
  await prompt.getByRole('button', { name: 'OK' }).click();
}
