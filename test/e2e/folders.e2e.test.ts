// Folder management through the folder actions (FOLDER-1…4): system folders are fixed,
// user folders are created, renamed, moved and deleted to Trash, and Empty Trash removes
// a deleted folder for good.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from './support/browser.js';
import { folderByPath, folderByRole } from './support/app.js';
import { answerPrompt, dialog, folderActions, toolbarButton } from './support/actions.js';
import { startAppSession, type AppSession } from './support/session.js';

let session: AppSession;
let page: Page;

beforeAll(async () => {
  session = await startAppSession({ fixtureZip: 'folders.zip', importFixture: true });
  page = session.page;
});

afterAll(async () => {
  await session?.close();
});

describe('folder management', () => {
  it('FOLDER-1 system folders cannot be renamed, moved or deleted', async () => {
    const actions = await folderActions(page, folderByRole(page, 'inbox'));
    for (const name of [/^Rename/, /^Move/, /^Delete$/]) {
      expect(await actions.getByRole('button', { name }).count(), String(name)).toBe(0);
    }
    await actions.getByRole('button', { name: 'Close' }).click();
  });

  it('FOLDER-2 creates a folder inside another, and none inside Sent', async () => {
    const sent = await folderActions(page, folderByRole(page, 'sent'));
    expect(await sent.getByRole('button', { name: /inside this one/ }).count()).toBe(0);
    await sent.getByRole('button', { name: 'Close' }).click();
    const projects = await folderActions(page, folderByPath(page, 'Projects'));
    await projects.getByRole('button', { name: /inside this one/ }).click();
    await answerPrompt(page, 'Beta');
    await folderByPath(page, 'Projects/Beta').waitFor();
  });

  it('FOLDER-3 renames a folder and moves it to the top level', async () => {
    const beta = await folderActions(page, folderByPath(page, 'Projects/Beta'));
    await beta.getByRole('button', { name: /^Rename/ }).click();
    await answerPrompt(page, 'Gamma');
    await folderByPath(page, 'Projects/Gamma').waitFor();
    const gamma = await folderActions(page, folderByPath(page, 'Projects/Gamma'));
    await gamma.getByRole('button', { name: /^Move/ }).click();
    await dialog(page, /Move folder/)
      .getByRole('button', { name: 'Top level' })
      .click();
    await folderByPath(page, 'Gamma').waitFor();
  });

  it('FOLDER-4 deleting a folder sends it to Trash', async () => {
    const gamma = await folderActions(page, folderByPath(page, 'Gamma'));
    await gamma.getByRole('button', { name: /^Delete$/ }).click();
    await dialog(page, /Trash/)
      .getByRole('button', { name: /^Delete$/ })
      .click();
    const trashPath = await folderByRole(page, 'trash').getAttribute('data-folder-path');
    await folderByPath(page, `${trashPath}/Gamma`).waitFor();
    expect(await folderByPath(page, 'Gamma').count()).toBe(0);
  });

  it('DELETE-2 Empty Trash removes a deleted folder for good', async () => {
    await folderByRole(page, 'trash').click();
    await toolbarButton(page, 'Empty Trash').click();
    await dialog(page, /cannot be undone/)
      .getByRole('button', { name: 'Empty Trash' })
      .click();
    const trashPath = await folderByRole(page, 'trash').getAttribute('data-folder-path');
    await expect.poll(() => folderByPath(page, `${trashPath}/Gamma`).count()).toBe(0);
    await screenshot(page, '15-folders-after-empty-trash');
  });
});
