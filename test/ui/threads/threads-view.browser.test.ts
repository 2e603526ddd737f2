// THREAD-1, THREAD-2, SETTINGS-2: the threads view in the app, over the real services and
// a fresh IndexedDB, with real threads imported as .eml files.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deep, deepAll, importThroughInput, mountApp, must, until } from '../harness.js';
import type { Mounted } from '../harness.js';
import { rekeyEmail } from '../../../src/store/sync/ops.js';
import type { BzMessageView } from '../../../src/ui/reader/bz-message-view.js';
import {
  MIGRATION,
  STRANGERS,
  buttonNamed,
  countOf,
  grid,
  subjectOf,
  threadFiles,
  threadMessages,
  threadRow,
  threadRows,
  threadsCheckbox,
} from './support.js';

let mounted: Mounted | undefined;
afterEach(async () => {
  await mounted?.close();
  mounted = undefined;
});

async function mountWithThreads(): Promise<Mounted> {
  const m = await mountApp();
  await importThroughInput(await threadFiles([...MIGRATION, ...STRANGERS]));
  await until(() => Number(grid().getAttribute('aria-rowcount')) === 11);
  (await threadsCheckbox()).click();
  // Every key known (not just the first rows), so the count and keyboard are exact.
  await until(
    () =>
      grid().dataset.view === 'threads' &&
      grid().getAttribute('aria-busy') === 'false' &&
      threadRows().length === 6,
  );
  return m;
}

const view = () => deep('bz-thread-view');
const viewRoot = () => must(view().shadowRoot);

describe('THREAD-1 the threads view', () => {
  it('THREAD-1 SETTINGS-2 lists one row per conversation, newest activity first, with its count and unread state', async () => {
    mounted = await mountWithThreads();
    expect(grid().getAttribute('aria-label')).toBe('Conversations');
    expect(grid().getAttribute('aria-rowcount')).toBe('6');
    expect(threadRows().map(subjectOf)).toEqual([
      'Meeting',
      'Meeting',
      'Re: Hola',
      'Hola',
      'Meeting',
      'Migration window for db-3',
    ]);
    const migration = must(threadRow('Migration window for db-3'));
    expect(countOf(migration)).toBe('5');
    expect(migration.classList.contains('unread')).toBe(true);
    expect(migration.querySelector('.who')?.textContent).toBe('Ops, Kim, Lee');
    // Bob's meeting and my orphan "RE: Meeting" are one conversation; Ann's is another.
    expect(threadRows().map(countOf)).toEqual(['', '2', '', '', '', '5']);
    const saved = await new Promise<boolean>((resolve) => {
      const sub = must(mounted)
        .services.settings.observeSettings()
        .subscribe({
          next: (s) => {
            if (s.threadsView) resolve(true);
          },
        });
      setTimeout(() => sub.unsubscribe(), 0);
    });
    expect(saved).toBe(true);
  });

  it('THREAD-1 opening a thread shows its messages oldest first, the newest at the bottom, the first unread expanded and read', async () => {
    mounted = await mountWithThreads();
    must(threadRow('Migration window for db-3')).click();
    await until(() => threadMessages().length === 5);
    expect(threadMessages().map((m) => m.dataset.messageId)).toEqual([
      'mig-db3-0001@example.com',
      'mig-db3-0002@example.com',
      'mig-db3-0003@example.com',
      'mig-db3-0004@example.com',
      'mig-db3-0005@example.com',
    ]);
    const toggles = deepAll('[data-testid="thread-message-toggle"]', viewRoot());
    expect(toggles.map((t) => t.getAttribute('aria-expanded'))).toEqual([
      'true',
      'false',
      'false',
      'false',
      'false',
    ]);
    // The expanded message renders through the reader: a sandboxed frame, marked read.
    await until(() => deepAll('[data-testid="message-frame"]', viewRoot()).length === 1);
    const frame = deep<HTMLIFrameElement>('[data-testid="message-frame"]', viewRoot());
    expect(frame.getAttribute('sandbox')).not.toContain('allow-scripts');
    await until(() => !threadMessages()[0]?.classList.contains('unread'));
    expect(threadMessages()[4]?.classList.contains('unread')).toBe(true);
    // Expanding the newest marks it read too.
    must(toggles[4]).click();
    await until(() => !threadMessages()[4]?.classList.contains('unread'));
    expect(deepAll('[data-testid="message-frame"]', viewRoot())).toHaveLength(2);
  });

  it('THREAD-1 a message of the open thread that the server gives its own id stays in it, expanded', async () => {
    mounted = await mountWithThreads();
    must(threadRow('Migration window for db-3')).click();
    await until(() => threadMessages().length === 5);
    const reader = () => deep<BzMessageView>('bz-message-view', viewRoot());
    await until(() => deepAll('[data-testid="message-frame"]', viewRoot()).length === 1);
    const localId = must(reader().messageId);
    // A sync has the server take the message (it was imported here).
    await rekeyEmail(mounted.db, localId, 'S-1', { blobId: 'b1', threadId: 't1' }, Date.now());
    await until(() => reader().messageId === 'S-1');
    expect(threadMessages()).toHaveLength(5);
    expect(
      deepAll('[data-testid="thread-message-toggle"]', viewRoot()).map((t) =>
        t.getAttribute('aria-expanded'),
      ),
    ).toEqual(['true', 'false', 'false', 'false', 'false']);
  });

  it('THREAD-1 a read thread opens on its newest message', async () => {
    mounted = await mountWithThreads();
    const row = must(threadRow('Migration window for db-3'));
    row.click();
    await until(() => threadMessages().length === 5);
    must(buttonNamed(viewRoot(), 'Mark thread as read')).click();
    await until(() => !threadRow('Migration window for db-3')?.classList.contains('unread'));
    must(threadRow('Hola')).click();
    await until(() => threadMessages().length === 1);
    must(threadRow('Migration window for db-3')).click();
    await until(() => threadMessages().length === 5);
    const expanded = deepAll('[data-testid="thread-message-toggle"]', viewRoot()).map((t) =>
      t.getAttribute('aria-expanded'),
    );
    expect(expanded).toEqual(['false', 'false', 'false', 'false', 'true']);
  });

  it('THREAD-1 ArrowDown and Enter open a thread from the keyboard', async () => {
    mounted = await mountWithThreads();
    grid().focus();
    grid().dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    grid().dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    await until(() => threadRows()[1]?.getAttribute('aria-selected') === 'true');
    grid().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await until(() => threadMessages().length === 2);
    expect(threadMessages().map((m) => m.dataset.messageId)).toEqual([
      'bob-meeting@beta.example',
      'me-orphan-meeting@example.org',
    ]);
  });

  it('THREAD-1 "Unread only" keeps the threads with an unread message', async () => {
    mounted = await mountWithThreads();
    must(threadRow('Hola')).click();
    await until(() => threadMessages().length === 1);
    await until(() => !threadRow('Hola')?.classList.contains('unread'));
    must(buttonNamed(must(deep('bz-list-toolbar').shadowRoot), 'Unread only')).click();
    await until(() => grid().getAttribute('aria-rowcount') === '5');
    expect(threadRows().map(subjectOf)).not.toContain('Hola');
  });
});

describe('THREAD-2 read and unread in a thread', () => {
  it('THREAD-2 marks one message unread, and the whole thread read and unread again', async () => {
    mounted = await mountWithThreads();
    must(threadRow('Meeting', 1)).click();
    await until(() => threadMessages().length === 2);
    must(buttonNamed(viewRoot(), 'Mark thread as read')).click();
    await until(() => !threadRows()[1]?.classList.contains('unread'));
    await until(() => threadMessages().every((m) => !m.classList.contains('unread')));
    // One message: its own button.
    (await until(() => buttonNamed(must(threadMessages()[1]), 'Mark unread'))).click();
    await until(() => threadMessages()[1]?.classList.contains('unread') === true);
    expect(threadMessages()[0]?.classList.contains('unread')).toBe(false);
    await until(() => threadRows()[1]?.classList.contains('unread') === true);
    (await until(() => buttonNamed(must(threadMessages()[1]), 'Mark read'))).click();
    await until(() => !threadRows()[1]?.classList.contains('unread'));
    // The whole thread.
    must(buttonNamed(viewRoot(), 'Mark thread as unread')).click();
    await until(() => threadRows()[1]?.classList.contains('unread') === true);
    await until(() => threadMessages().every((m) => m.classList.contains('unread')));
  });

  it("THREAD-2 the list toolbar's Mark read acts on every message of the selected threads", async () => {
    mounted = await mountWithThreads();
    const inboxUnread = async () =>
      await new Promise<number>((resolve) => {
        const sub = must(mounted)
          .services.folders.observeFolders()
          .subscribe({
            next: (f) => resolve(f.find((x) => x.role === 'inbox')?.unread ?? -1),
          });
        setTimeout(() => sub.unsubscribe(), 0);
      });
    expect(await inboxUnread()).toBe(11);
    const toolbar = must(deep('bz-list-toolbar').shadowRoot);
    // Select without opening (Ctrl-click), so nothing is marked read by reading it.
    must(threadRow('Migration window for db-3')).dispatchEvent(
      new MouseEvent('click', { bubbles: true, ctrlKey: true }),
    );
    must(threadRow('Meeting', 1)).dispatchEvent(
      new MouseEvent('click', { bubbles: true, ctrlKey: true }),
    );
    await until(() => toolbar.textContent?.includes('7 selected'));
    must(buttonNamed(toolbar, 'Mark read')).click();
    await until(() => !threadRow('Migration window for db-3')?.classList.contains('unread'));
    await vi.waitFor(async () => expect(await inboxUnread()).toBe(4));
    await until(() => buttonNamed(toolbar, 'Mark unread'));
    must(buttonNamed(toolbar, 'Mark unread')).click();
    await until(
      () => threadRow('Migration window for db-3')?.classList.contains('unread') === true,
    );
  });
});
