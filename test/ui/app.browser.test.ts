// The app shell in real Chromium over the real services: folders, list, reader, import,
// delete/restore/empty Trash, Spanish. What is asserted is what a user sees.
import { afterEach, describe, expect, it } from 'vitest';
import {
  buttonIn,
  must,
  deep,
  deepAll,
  fixtureFile,
  folderItem,
  importThroughInput,
  mountApp,
  rowCount,
  until,
} from './harness.js';
import type { Mounted } from './harness.js';
import type { BzMessageView } from '../../src/ui/reader/bz-message-view.js';
import { rekeyEmail } from '../../src/store/sync/ops.js';

let mounted: Mounted | undefined;
afterEach(async () => {
  await mounted?.close();
  mounted = undefined;
});

function rows(): HTMLElement[] {
  return deepAll('[data-testid="message-list-item"]');
}

/**
 * The rows once `n` are on screen: aria-rowcount says how many the folder holds as soon
 * as it is counted, while each row renders when its data has been read.
 */
function shownRows(n: number): Promise<HTMLElement[]> {
  return until(() => rowCount() === n && rows().length === n && rows());
}

function rowBySubject(subject: string): HTMLElement | undefined {
  return rows().find((r) => r.textContent?.includes(subject));
}

async function openFolder(role: string): Promise<void> {
  folderItem(role).click();
  await until(() => folderItem(role).getAttribute('aria-selected') === 'true');
}

describe('app shell', () => {
  it('FOLDER-1 shows "On this device" and the system folders first, in fixed order, with the hooks', async () => {
    mounted = await mountApp();
    expect(deep('bz-folder-tree').shadowRoot?.textContent).toContain('On this device');
    const items = deepAll('[data-testid="folder-item"]');
    expect(items.map((i) => i.dataset.folderRole)).toEqual([
      'inbox',
      'drafts',
      'sent',
      'templates',
      'spam',
      'trash',
    ]);
    expect(folderItem('inbox').getAttribute('aria-selected')).toBe('true');
    expect(folderItem('inbox').dataset.folderPath).toBe('Inbox');
    expect(deep('[data-testid="import-input"]').getAttribute('accept')).toBe(
      '.eml,.zip,message/rfc822',
    );
    expect(deep('[data-testid="drop-zone"]')).toBeTruthy();
  });

  it('IMPORT-1 imports .eml files from the picker, reports them, and lists them with their hooks', async () => {
    mounted = await mountApp();
    const files = await Promise.all(
      ['two-from.eml', 'hostile-filenames.eml', 'hostile-html.eml'].map(fixtureFile),
    );
    const report = await importThroughInput(files);
    expect(report).toMatchObject({ imported: 3, duplicates: 0, rejected: [] });
    expect(deep('[data-testid="import-report"]').textContent).toContain('3 imported');
    const ids = (await shownRows(3)).map((r) => r.dataset.messageId);
    expect(ids).toContain('two-from@evil.example');
    expect(ids).toContain('files@example.com');
    expect(folderItem('inbox').textContent).toContain('3');

    const again = await importThroughInput([must(files[0])]);
    expect(again).toMatchObject({ imported: 0, duplicates: 1 });
  });

  it('VIEW-1 opening an unread message turns the toolbar\'s "Mark read" into "Mark unread"', async () => {
    mounted = await mountApp();
    await importThroughInput([await fixtureFile('two-from.eml')]);
    must((await shownRows(1))[0]).click();
    // The message is marked read as it opens; the selection's action follows.
    await buttonIn('bz-list-toolbar', 'Mark unread');
  });

  it('VIEW-2 shows the real address beside the name, warns about several senders, and sandboxes the body', async () => {
    mounted = await mountApp();
    await importThroughInput([await fixtureFile('two-from.eml')]);
    (await until(() => rowBySubject('Account notice'))).click();
    const view = await until(() => deepAll('[data-testid="message-view"]')[0]);
    await until(() => deepAll('[data-testid="sender-address"]', view).length > 0);
    expect(deep('[data-testid="subject"]', view).textContent?.trim()).toBe('Account notice');
    expect(deep('[data-testid="sender-name"]', view).textContent).toBe('PayPal Support');
    expect(deep('[data-testid="sender-address"]', view).textContent).toBe('service@paypal.example');
    expect(view.textContent).toContain('several senders');
    const frame = deep<HTMLIFrameElement>('[data-testid="message-frame"]', view);
    expect(frame.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
    expect(frame.srcdoc).toContain('Please confirm your account.');
    // Opening marks it read: the row is no longer bold and the unread count is gone.
    await until(() => !folderItem('inbox').textContent?.includes('1'));
  });

  it('VIEW-2 blocks remote content with a banner until "Show images for this message"', async () => {
    mounted = await mountApp();
    await importThroughInput([await fixtureFile('hostile-html.eml')]);
    (await until(() => rowBySubject('Hostile HTML'))).click();
    const banner = await until(() => deepAll('[data-testid="remote-content-banner"]')[0]);
    const frame = deep<HTMLIFrameElement>('[data-testid="message-frame"]');
    expect(frame.srcdoc).not.toMatch(/src=["']?https?:/i);
    deep('[data-testid="load-remote-content"]', banner).click();
    await until(() => deepAll('[data-testid="remote-content-banner"]').length === 0);
    expect(
      deep<HTMLIFrameElement>('[data-testid="message-frame"]').getAttribute('sandbox'),
    ).not.toContain('allow-scripts');
  });

  it('ATTACH-2 lists attachments with cleaned names and hides the area on request (ATTACH-3)', async () => {
    mounted = await mountApp();
    await importThroughInput([await fixtureFile('hostile-filenames.eml')]);
    (await until(() => rowBySubject('Your files'))).click();
    const names = await until(() => {
      const n = deepAll('[data-testid="attachment-name"]').map((e) => e.textContent ?? '');
      return n.length ? n : null;
    });
    for (const n of names) expect(n).not.toMatch(/[/\\]|\.\./);
    (await buttonIn('bz-attachment-list', 'Hide')).click();
    await until(() => deep('#att-list').hidden);
    const saved = await new Promise<boolean>((resolve) => {
      must(mounted)
        .services.settings.observeSettings()
        .subscribe({ next: (s) => s.hideAttachments && resolve(true) });
    });
    expect(saved).toBe(true);
  });

  it('DELETE-1 Delete key sends the selection to Trash; Restore brings it back; DELETE-2 Empty Trash confirms', async () => {
    mounted = await mountApp();
    await importThroughInput(
      await Promise.all(['two-from.eml', 'hostile-filenames.eml'].map(fixtureFile)),
    );
    const [first, second] = await shownRows(2);
    must(first).click();
    must(second).dispatchEvent(
      new MouseEvent('click', { bubbles: true, composed: true, shiftKey: true }),
    );
    await until(() => rows().every((r) => r.getAttribute('aria-selected') === 'true'));
    deep('[data-testid="message-list"]').dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Delete', bubbles: true, composed: true }),
    );
    await until(() => rowCount() === 0);

    await openFolder('trash');
    await until(() => rowCount() === 2);
    (await until(() => rowBySubject('Your files'))).click();
    (await buttonIn('bz-list-toolbar', 'Restore')).click();
    await until(() => rowCount() === 1);

    (await buttonIn('bz-list-toolbar', 'Empty Trash')).click();
    const dialog = await until(() =>
      deepAll<HTMLDialogElement>('dialog', must(deep('bz-list-toolbar').shadowRoot)).find(
        (d) => d.open,
      ),
    );
    expect(dialog.textContent).toContain('cannot be undone');
    deep('[data-testid="confirm"]', dialog).click();
    await until(() => rowCount() === 0);
    await openFolder('inbox');
    await until(() => rowCount() === 1);
  });

  it('DELETE-1 a message open and selected when the server gives it its own id stays open and selected; Delete sends it to Trash', async () => {
    mounted = await mountApp();
    await importThroughInput([await fixtureFile('two-from.eml')]);
    const row = must((await shownRows(1))[0]);
    row.click();
    const view = await until(() => deepAll('[data-testid="message-view"]')[0]);
    await until(
      () => deep('[data-testid="subject"]', view).textContent?.trim() === 'Account notice',
    );
    const reader = deep<BzMessageView>('bz-message-view');
    const localId = must(reader.messageId);
    let selection: readonly string[] = [localId];
    deep('bz-message-list').addEventListener('bz-selection-change', (e) => {
      selection = e.ids;
    });
    // A sync (here or in another tab) has the server take the message.
    await rekeyEmail(mounted.db, localId, 'S-1', { blobId: 'b1', threadId: 't1' }, Date.now());
    await until(() => reader.messageId === 'S-1');
    // The list shows the row under its new id, still selected.
    await until(() => selection[0] === 'S-1');
    expect(rows().map((r) => r.getAttribute('aria-selected'))).toEqual(['true']);
    expect(deep('[data-testid="subject"]').textContent?.trim()).toBe('Account notice');
    expect(deepAll('bz-notices [role="alert"]')).toHaveLength(0);
    deep('[data-testid="message-list"]').dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Delete', bubbles: true, composed: true }),
    );
    await until(() => rowCount() === 0);
    await openFolder('trash');
    await until(() => rowCount() === 1);
    expect((await mounted.services.messages.getRows(['S-1']))[0]?.folderId).toBe('trash');
  });

  it('VIEW-1 "Unread only" hides read messages in this folder; VIEW-3 sorts by subject', async () => {
    mounted = await mountApp();
    await importThroughInput(
      await Promise.all(['two-from.eml', 'hostile-filenames.eml', 'flowed.eml'].map(fixtureFile)),
    );
    await until(() => rowCount() === 3);
    (await until(() => rowBySubject('Account notice'))).click();
    await until(() => deepAll('[data-testid="sender-address"]').length > 0);
    (await buttonIn('bz-list-toolbar', 'Unread only')).click();
    await until(() => rowCount() === 2);
    expect(rowBySubject('Account notice')).toBeUndefined();
    (await buttonIn('bz-list-toolbar', 'Unread only')).click();
    await until(() => rowCount() === 3);

    const select = deep<HTMLSelectElement>('select', must(deep('bz-list-toolbar').shadowRoot));
    select.value = 'subject';
    select.dispatchEvent(new Event('change'));
    (await buttonIn('bz-list-toolbar', 'Descending')).click();
    const subjects = () => rows().map((r) => r.querySelector('.subject')?.textContent ?? '');
    await until(() => subjects().join('|') === 'Account notice|Flowed|Your files');
  });

  it('ATTACH-4 deletes an attachment after confirmation; the message keeps the others', async () => {
    mounted = await mountApp();
    await importThroughInput([await fixtureFile('hostile-filenames.eml')]);
    must(await until(() => rowBySubject('Your files'))).click();
    const before = (
      await until(() => {
        const n = deepAll('[data-testid="attachment-item"]');
        return n.length ? n : null;
      })
    ).length;
    const first = must(
      deepAll<HTMLButtonElement>('[data-testid="attachment-item"] button.danger')[0],
    );
    first.click();
    const dialog = await until(() =>
      deepAll<HTMLDialogElement>('dialog', must(deep('bz-attachment-list').shadowRoot)).find(
        (d) => d.open,
      ),
    );
    deep('[data-testid="confirm"]', dialog).click();
    await until(() => deepAll('[data-testid="attachment-item"]').length === before - 1);
  });

  it('PWA-4 the Spanish interface shows Spanish labels', async () => {
    mounted = await mountApp('es');
    await until(() => document.documentElement.lang === 'es');
    await until(() => folderItem('inbox').textContent?.includes('Bandeja de entrada'));
    expect(folderItem('sent').textContent).toContain('Enviados');
    expect(folderItem('trash').textContent).toContain('Papelera');
    expect(deep('bz-toolbar').shadowRoot?.textContent).toContain('Importar');
    expect(deep('bz-folder-tree').shadowRoot?.textContent).toContain('En este dispositivo');

    await mounted.services.settings.updateSettings({ locale: 'en' });
    await until(() => folderItem('inbox').textContent?.includes('Inbox'));
  });
});
