// Selecting and acting on messages without the toolbar: the keyboard (PWA-4), several at
// once with ctrl-click, and drag and drop onto the folder tree (FOLDER-6, DELETE-1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {} from './support/browser.js';
import {
  folderByPath,
  folderByRole,
  messageList,
  messageView,
  openFolder,
  row,
  rowCount,
} from './support/app.js';
import { startAppSession, type AppSession } from './support/session.js';

let session: AppSession;
let page: Page;

beforeAll(async () => {
  session = await startAppSession({ fixtureZip: 'selection.zip', importFixture: true });
  page = session.page;
});

afterAll(async () => {
  await session?.close();
});

describe('selection, keyboard and drag and drop', () => {
  it('PWA-4 the list works by keyboard: arrows move, Enter opens, Delete sends to Trash', async () => {
    await openFolder(folderByRole(page, 'inbox'));
    const before = await rowCount(page);
    await page.keyboard.press('l');
    // Newest first: keep-me (17:00), delete-me (16:00), move-me (15:00)…
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => messageView(page).getByTestId('subject').first().innerText())
      .toBe('Old coupon to delete');
    expect(await row(page, 'delete-me.0006@example.net').getAttribute('aria-selected')).toBe(
      'true',
    );
    await page.keyboard.press('Delete');
    await expect.poll(() => rowCount(page)).toBe(before - 1);
    expect(await row(page, 'delete-me.0006@example.net').count()).toBe(0);
  });

  it('FOLDER-6 several messages selected with ctrl-click move together by drag and drop', async () => {
    await openFolder(folderByRole(page, 'inbox'));
    const before = await rowCount(page);
    await row(page, 'keep-me.0007@example.net').click();
    await row(page, 'move-me.0005@example.net').click({ modifiers: ['Control'] });
    expect(
      await messageList(page)
        .locator('[data-testid="message-list-item"][aria-selected="true"]')
        .count(),
    ).toBe(2);
    await row(page, 'move-me.0005@example.net').dragTo(folderByPath(page, 'Projects/Alpha'));
    await expect.poll(() => rowCount(page)).toBe(before - 2);
    await openFolder(folderByPath(page, 'Projects/Alpha'));
    await row(page, 'keep-me.0007@example.net').waitFor();
    await row(page, 'move-me.0005@example.net').waitFor();
  });

  it('DELETE-1 dropping a message on Trash deletes it, restorable from there', async () => {
    await openFolder(folderByPath(page, 'Projects/Alpha'));
    await row(page, 'alpha.0301@example.com').click();
    await row(page, 'alpha.0301@example.com').dragTo(folderByRole(page, 'trash'));
    await expect.poll(() => row(page, 'alpha.0301@example.com').count()).toBe(0);
    await openFolder(folderByRole(page, 'trash'));
    await row(page, 'alpha.0301@example.com').waitFor();
  });
});
