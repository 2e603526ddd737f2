// SPAM-2 in the built app in Chromium, on real corpus mail (the SpamAssassin public corpus):
// a spam that reached the Inbox is selected and marked "Spam" — it leaves the Inbox and is
// in Spam; in Spam, "Not spam" (pressed from the keyboard) brings it back to the Inbox.
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderByRole, openFolder, row } from './support/app.js';
import {
  SCREENS_DIR,
  closeImportReport,
  importThroughInput,
  screenshot,
} from './support/browser.js';
import { REPO_ROOT } from './support/server.js';
import { startAppSession, type AppSession } from './support/session.js';
import { E2E_OUT } from './support/zips.js';

const CORPUS = join(REPO_ROOT, 'node_modules', '@stdlib', 'datasets-spam-assassin', 'data');
/** One spam and one ham of the corpus, by their place in it (the first of their groups). */
const PICKS = [
  'spam-2/00001.317e78fa8ee2f54cd4890fdc09ba8176.txt',
  'easy-ham-1/00001.7c53336b37003a9286aba55d2945844c.txt',
];

let session: AppSession;
let page: Page;
let spamId: string;

/** Message-ID without angle brackets, as the list's data-message-id shows it. */
function messageIdOf(raw: string): string {
  const m = /^Message-ID:\s*<([^>]+)>/im.exec(raw);
  if (!m?.[1]) throw new Error('a corpus message without Message-ID');
  return m[1];
}

async function buildZip(): Promise<{ path: string; ids: string[] }> {
  const zip = new JSZip();
  const ids: string[] = [];
  for (const pick of PICKS) {
    const raw = await readFile(join(CORPUS, pick));
    ids.push(messageIdOf(raw.toString('latin1')));
    zip.file(`mail/Inbox/${pick.replace(/\//g, '-').replace(/\.txt$/, '.eml')}`, raw);
  }
  await mkdir(E2E_OUT, { recursive: true });
  const path = join(E2E_OUT, 'spam-marks.zip');
  await writeFile(path, await zip.generateAsync({ type: 'nodebuffer' }));
  return { path, ids };
}

function listButton(name: string): Locator {
  return page.locator('bz-list-toolbar').getByRole('button', { name, exact: true });
}

async function select(messageId: string): Promise<void> {
  const r = row(page, messageId);
  await r.click();
  await r.and(page.locator('[aria-selected="true"]')).waitFor();
}

beforeAll(async () => {
  session = await startAppSession();
  page = session.page;
  const zip = await buildZip();
  spamId = zip.ids[0] ?? '';
  await importThroughInput(page, [zip.path]);
  await closeImportReport(page);
});

afterAll(async () => {
  await session?.close();
});

describe('Spam and Not spam in the list toolbar', () => {
  it('SPAM-2 "Spam" on a selected message moves it to Spam', async () => {
    await openFolder(folderByRole(page, 'inbox'));
    await select(spamId);
    const spam = listButton('Spam');
    await spam.waitFor();
    // Not offered outside a Spam folder.
    expect(await listButton('Not spam').count()).toBe(0);
    await mkdir(SCREENS_DIR, { recursive: true });
    await page
      .locator('bz-list-toolbar')
      .screenshot({ path: join(SCREENS_DIR, 'spam-toolbar-inbox.png') });
    await spam.click();
    await row(page, spamId).waitFor({ state: 'detached' });
    await page
      .getByTestId('notice')
      .filter({ hasText: 'Marked as spam and moved to Spam.' })
      .waitFor();
    await openFolder(folderByRole(page, 'spam'));
    await row(page, spamId).waitFor();
    await screenshot(page, 'spam-marked');
  });

  it('SPAM-2 in Spam, "Not spam" (from the keyboard) moves it back to the Inbox', async () => {
    await select(spamId);
    const notSpam = listButton('Not spam');
    await notSpam.waitFor();
    expect(await listButton('Spam').count()).toBe(0);
    await page
      .locator('bz-list-toolbar')
      .screenshot({ path: join(SCREENS_DIR, 'spam-toolbar-spam.png') });
    await notSpam.focus();
    await page.keyboard.press('Enter');
    await row(page, spamId).waitFor({ state: 'detached' });
    await page
      .getByTestId('notice')
      .filter({ hasText: 'Marked as not spam and moved to the Inbox.' })
      .waitFor();
    await openFolder(folderByRole(page, 'inbox'));
    await row(page, spamId).waitFor();
  });
});
