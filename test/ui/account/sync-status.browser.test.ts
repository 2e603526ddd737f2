// The sync status line under the folder tree (issue 3) in real Chromium, over a fake sync
// service whose status the test sets.
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../../src/ui/shell/bz-sync-status.js';
import type { BzSyncStatus } from '../../../src/ui/shell/bz-sync-status.js';
import type { BzOpenToolEvent } from '../../../src/ui/events/bz-open-tool.js';
import { must, until } from '../harness.js';
import { FakeSync, mount, unmount } from './fakes.js';

afterEach(unmount);

function find<E extends HTMLElement = HTMLElement>(el: BzSyncStatus, id: string): E | null {
  return must(el.shadowRoot).querySelector<E>(`[data-testid="${id}"]`);
}

const part = <E extends HTMLElement = HTMLElement>(el: BzSyncStatus, id: string): E =>
  must(find<E>(el, id), id);

async function mountStatus() {
  const sync = new FakeSync();
  const el = mount('bz-sync-status', { sync });
  await el.updateComplete;
  return { el, sync };
}

async function lineAfter(el: BzSyncStatus, sync: FakeSync, patch: Parameters<FakeSync['set']>[0]) {
  sync.set(patch);
  await el.updateComplete;
  return part(el, 'sync-status').textContent?.replace(/\s+/g, ' ').trim();
}

describe('sync status (issue 3)', () => {
  it('issue 3 shows nothing for the local mailbox', async () => {
    const { el, sync } = await mountStatus();
    sync.set({ phase: 'local' });
    await el.updateComplete;
    expect(find(el, 'sync-status')).toBeNull();
    expect(el.hidden).toBe(true);
    expect(el.getBoundingClientRect().height).toBe(0);
  });

  it('issue 3 says what each phase means, in one polite status line', async () => {
    const { el, sync } = await mountStatus();
    expect(await lineAfter(el, sync, { phase: 'idle' })).toBe('Up to date');
    const status = part(el, 'sync-status');
    expect(status.getAttribute('role')).toBe('status');
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.dataset.phase).toBe('idle');
    expect(await lineAfter(el, sync, { phase: 'syncing' })).toBe('Syncing…');
    expect(await lineAfter(el, sync, { phase: 'offline', pending: 3 })).toBe(
      'Offline — 3 changes waiting',
    );
    expect(part(el, 'sync-pending').textContent).toBe('3 changes waiting');
    expect(await lineAfter(el, sync, { phase: 'offline', pending: 1 })).toBe(
      'Offline — 1 change waiting',
    );
    expect(
      await lineAfter(el, sync, {
        phase: 'error',
        pending: 0,
        message: 'The <i>server</i> refused.',
      }),
    ).toBe('The <i>server</i> refused.');
    expect(part(el, 'sync-status').querySelector('i')).toBeNull();
    expect(await lineAfter(el, sync, { phase: 'signed-out', message: null })).toBe(
      'The server asks for your password again.',
    );
    expect(part(el, 'sync-status').dataset.phase).toBe('signed-out');
  });

  it('EXTERNAL-2 up to date but for an account whose server is down: the line says which', async () => {
    const { el, sync } = await mountStatus();
    const line = await lineAfter(el, sync, {
      phase: 'idle',
      message: 'Up to date, except bob@buzon.test: its server cannot be reached.',
    });
    expect(line).toBe('Up to date, except bob@buzon.test: its server cannot be reached.');
    expect(part(el, 'sync-status').dataset.phase).toBe('idle');
    expect(await lineAfter(el, sync, { phase: 'idle', message: null })).toBe('Up to date');
  });

  it('issue 3 the first download shows its numbers and a progress bar, and Cancel stops it', async () => {
    const { el, sync } = await mountStatus();
    expect(
      await lineAfter(el, sync, {
        phase: 'bootstrap',
        progress: { done: 1234, total: 10000, label: '' },
      }),
    ).toBe('Downloading 1,234 of 10,000');
    const bar = part<HTMLProgressElement>(el, 'sync-progress');
    expect(bar.max).toBe(10000);
    expect(bar.value).toBe(1234);
    expect(part<HTMLButtonElement>(el, 'sync-now').disabled).toBe(true);
    await userEvent.click(part(el, 'sync-cancel'));
    expect(sync.cancels).toBe(1);

    sync.set({ phase: 'idle', progress: null });
    await el.updateComplete;
    expect(find(el, 'sync-progress')).toBeNull();
    expect(find(el, 'sync-cancel')).toBeNull();
  });

  it('issue 3 "Sync now" asks the service to sync', async () => {
    const { el, sync } = await mountStatus();
    await userEvent.click(part(el, 'sync-now'));
    await until(() => sync.syncs === 1);
  });

  it('ACCESS-1 when the server wants the password again, a button opens the sign-in dialog', async () => {
    const { el, sync } = await mountStatus();
    sync.set({ phase: 'signed-out' });
    await el.updateComplete;
    const asked = new Promise<BzOpenToolEvent>((r) =>
      el.addEventListener('bz-open-tool', r, { once: true }),
    );
    await userEvent.click(part(el, 'sync-sign-in'));
    expect((await asked).tool).toBe('sign-in-again');
  });
});
