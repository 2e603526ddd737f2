// PWA-5 on a phone: the status line lives in the folder drawer, so the drawer's button
// echoes a running download and the offline state (real Chromium, real <bz-app>, a sync
// service whose status the test sets).
import { afterEach, describe, expect, it } from 'vitest';
import { deepAll, mountApp, until, type Mounted } from '../harness.js';
import { FakeSync } from '../account/fakes.js';

let mounted: Mounted | undefined;
afterEach(async () => {
  await mounted?.close();
  mounted = undefined;
});

const hint = () =>
  deepAll('[data-testid="sync-hint"]')[0]?.textContent?.replace(/\s+/g, ' ').trim();

const emptyText = () =>
  deepAll('bz-message-list')[0]
    ?.shadowRoot?.querySelector('.empty')
    ?.textContent?.replace(/\s+/g, ' ')
    .trim();

describe('sync hint on the folders button (issue 3)', () => {
  it('PWA-5 shows the download progress (and an empty folder says it is downloading), then "offline", then nothing when up to date', async () => {
    const sync = new FakeSync();
    mounted = await mountApp('en', { sync });
    sync.set({ phase: 'bootstrap', progress: { done: 120, total: 1000, label: 'messages' } });
    await until(() => hint() === '· 120/1,000');
    // An empty folder during the first download says so, not "No messages here".
    await until(() => emptyText() === 'Downloading your mail…');
    sync.set({ phase: 'offline', progress: null });
    await until(() => hint() === '· offline');
    sync.set({ phase: 'idle', progress: null });
    await until(() => hint() === undefined);
    await until(() => emptyText() === 'No messages here.');
    expect(deepAll('[data-testid="sync-hint"]')).toEqual([]);
  });
});
