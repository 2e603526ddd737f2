// Locators and small user actions over the stable hooks of issue 2 (data-testid, ARIA).
// Everything else is found by role and accessible name, as a screen-reader user would.
import type { Locator, Page } from 'playwright-core';
import type { FolderRole } from '../../../src/mail/types.js';

export function folderByRole(page: Page, role: FolderRole): Locator {
  return page.locator(`[data-testid="folder-item"][data-folder-role="${role}"]`);
}

export function folderByPath(page: Page, path: string): Locator {
  return page.locator(`[data-testid="folder-item"][data-folder-path="${cssString(path)}"]`);
}

export function messageList(page: Page): Locator {
  return page.getByTestId('message-list');
}

export function row(page: Page, messageId: string): Locator {
  return page.locator(
    `[data-testid="message-list-item"][data-message-id="${cssString(messageId)}"]`,
  );
}

export function messageView(page: Page): Locator {
  return page.getByTestId('message-view');
}

/** The number of messages the current view holds (aria-rowcount), or -1 before it shows. */
export async function rowCount(page: Page): Promise<number> {
  const list = messageList(page);
  if ((await list.count()) === 0) return -1;
  return Number((await list.first().getAttribute('aria-rowcount')) ?? '-1');
}

/** data-message-id of every rendered row (the list is virtualised: only those in view). */
export async function renderedIds(page: Page): Promise<string[]> {
  const rows = page.getByTestId('message-list-item');
  return rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-message-id') ?? ''));
}

/** Clicks a folder and waits until the tree marks it current. */
/**
 * Clicks a folder and waits until it is selected and the list shows its whole view
 * (aria-busy false once every id of the folder is known), so counts read after it are exact.
 */
export async function openFolder(folder: Locator): Promise<void> {
  const id = await folder.getAttribute('data-id');
  await folder.click();
  await folder.and(folder.page().locator('[aria-selected="true"]')).waitFor();
  await folder
    .page()
    .locator(`[data-testid="message-list"][data-folder-id="${id ?? ''}"][aria-busy="false"]`)
    .waitFor();
}

/**
 * Clicks a message's row and waits until the row is selected and the reader has finished
 * loading it (aria-busy false) and shows a subject.
 */
export async function openMessage(page: Page, messageId: string): Promise<Locator> {
  const r = row(page, messageId);
  await r.click();
  await r.and(page.locator('[aria-selected="true"]')).waitFor();
  const view = messageView(page);
  await view.and(page.locator(':not([aria-busy="true"])')).waitFor();
  await view.getByTestId('subject').first().waitFor();
  return view;
}

function cssString(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}
