// The lazily loaded tools over the real services: folder actions, archive, Documents,
// archive viewer, settings; and the new-version prompt.
import { afterEach, describe, expect, it } from 'vitest';
import '../../src/ui/shell/bz-update-prompt.js';
import {
  buttonIn,
  deep,
  deepAll,
  fixtureFile,
  folderItem,
  importThroughInput,
  labelledButton,
  mountApp,
  openDialog,
  must,
  rowCount,
  until,
} from './harness.js';
import type { Mounted } from './harness.js';

let mounted: Mounted | undefined;
afterEach(async () => {
  await mounted?.close();
  mounted = undefined;
});

describe('tools', () => {
  it('FOLDER-2 creates a folder inside Inbox from the folder actions, showing the total (FOLDER-5)', async () => {
    mounted = await mountApp();
    await importThroughInput([await fixtureFile('two-from.eml')]);
    (await labelledButton('bz-folder-tree', 'Folder actions')).click();
    const actions = await openDialog('bz-folder-actions');
    expect(deep('[data-testid="folder-total"]', actions).textContent).toContain(
      '1 messages, 1 unread',
    );
    (await buttonIn('bz-folder-actions', 'New folder inside this one')).click();
    const prompt = await openDialog('bz-prompt-dialog');
    must(prompt.querySelector<HTMLInputElement>('input[name=value]')).value = 'Receipts';
    must(prompt.querySelector<HTMLButtonElement>('button[type=submit]')).click();
    const created = await until(() =>
      deepAll('[data-testid="folder-item"]').find((f) => f.dataset.folderPath === 'Inbox/Receipts'),
    );
    expect(created.getAttribute('aria-level')).toBe('2');
  });

  it('FOLDER-1 system folders offer no rename, move or delete; FOLDER-2 Sent takes no subfolders', async () => {
    mounted = await mountApp();
    folderItem('sent').click();
    await until(() => folderItem('sent').getAttribute('aria-selected') === 'true');
    (await labelledButton('bz-folder-tree', 'Folder actions')).click();
    const dialog = await openDialog('bz-folder-actions');
    const labels = [...dialog.querySelectorAll('button')].map((b) => b.textContent?.trim());
    expect(labels).toContain('New folder at the top level');
    expect(labels).not.toContain('New folder inside this one');
    expect(labels).not.toContain('Rename…');
    expect(labels).not.toContain('Delete');
  });

  it('IMPORT-1 files dropped on the main area are imported', async () => {
    mounted = await mountApp();
    const dt = new DataTransfer();
    dt.items.add(await fixtureFile('two-from.eml'));
    const done = new Promise<CustomEvent>((r) =>
      window.addEventListener('bz-import-done', (e) => r(e as CustomEvent), { once: true }),
    );
    const zone = deep('[data-testid="drop-zone"]');
    zone.dispatchEvent(
      new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt }),
    );
    zone.dispatchEvent(
      new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }),
    );
    expect((await done).detail).toMatchObject({ imported: 1, duplicates: 0, rejected: [] });
    await until(() => rowCount() === 1);
  });

  it('ARCHIVE-1 archives a folder into Documents; ARCHIVE-2 the viewer lists, reads and searches it', async () => {
    mounted = await mountApp();
    await importThroughInput(
      await Promise.all(['two-from.eml', 'hostile-filenames.eml'].map(fixtureFile)),
    );
    await until(() => rowCount() === 2);
    (await labelledButton('bz-folder-tree', 'Folder actions')).click();
    (await buttonIn('bz-folder-actions', 'Archive…')).click();
    // No selection: the archive dialog offers the whole folder.
    await openDialog('bz-archive-dialog');
    (await buttonIn('bz-archive-dialog', 'Create archive')).click();
    const result = await until(() => deepAll('[data-testid="archive-result"]')[0], 30_000);
    expect(result.textContent).toMatch(/saved in Documents/);
    (await buttonIn('bz-archive-dialog', 'Open Documents')).click();
    const doc = await until(() => deepAll('[data-testid="document-item"]')[0]);
    expect(doc.textContent).toMatch(/\.zip/);
    (await buttonIn('bz-documents-view', 'Open in viewer')).click();
    await until(() => deepAll('[data-testid="archive-entry"]').length === 2, 30_000);
    must(
      deepAll<HTMLButtonElement>('[data-testid="archive-entry"] button.link').find((b) =>
        b.textContent?.includes('Account notice'),
      ),
    ).click();
    const viewer = deep('bz-archive-viewer');
    await until(
      () => deepAll('[data-testid="sender-address"]', must(viewer.shadowRoot)).length > 0,
    );
    expect(deep('[data-testid="sender-address"]', must(viewer.shadowRoot)).textContent).toBe(
      'service@paypal.example',
    );
    const search = deep<HTMLInputElement>('input[type=search]', must(viewer.shadowRoot));
    search.value = 'files';
    search.dispatchEvent(new Event('input'));
    await until(() => deepAll('[data-testid="archive-entry"]').length === 1);
    expect(deep('[data-testid="archive-entry"]').textContent).toContain('Your files');
    expect(deep<HTMLInputElement>('[data-testid="archive-input"]').accept).toBe('.zip');
  });

  it('SETTINGS-2 the settings dialog saves compact mode and the list turns compact', async () => {
    mounted = await mountApp();
    must(
      deepAll<HTMLButtonElement>('button', must(deep('bz-toolbar').shadowRoot)).find(
        (b) => b.getAttribute('aria-label') === 'Settings',
      ),
    ).click();
    const box = await until(
      () =>
        deepAll<HTMLInputElement>('bz-settings-dialog input[name=compact], input[name=compact]')[0],
    );
    box.click();
    await until(() => deep('[data-testid="message-list"]').classList.contains('compact'));
    expect(folderItem('inbox')).toBeTruthy();
  });

  it('PWA-1 the new-version prompt asks before reloading', async () => {
    const prompt = document.createElement('bz-update-prompt');
    document.body.append(prompt);
    expect(deepAll('[data-testid="update-prompt"]')).toHaveLength(0);
    prompt.open = true;
    const accepted = new Promise((r) =>
      prompt.addEventListener('bz-update-accept', r, { once: true }),
    );
    (await buttonIn('bz-update-prompt', 'Reload')).click();
    await accepted;
    prompt.remove();
  });
});
