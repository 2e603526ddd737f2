// "Keep on this device" after sign-in (issue 3), in real Chromium over fake services.
import { afterEach, describe, expect, it } from 'vitest';
import '../../../src/ui/account/bz-offline-window.js';
import { must, until } from '../harness.js';
import { ALICE, FakeAccounts, FakeSync, mount, unmount } from './fakes.js';

afterEach(unmount);

describe('offline window setting (issue 3)', () => {
  it('issue 3 shows nothing on the local mailbox', async () => {
    const accounts = new FakeAccounts();
    const el = mount('bz-offline-window', { accounts, sync: new FakeSync() });
    await el.updateComplete;
    expect(must(el.shadowRoot).querySelector('select')).toBeNull();
  });

  it('issue 3 shows the account window and a change saves it and syncs at once', async () => {
    const accounts = new FakeAccounts();
    accounts.shown = { ...ALICE, offlineWindowDays: 30 };
    const sync = new FakeSync();
    const el = mount('bz-offline-window', { accounts, sync });
    await el.updateComplete;
    const select = must(
      must(el.shadowRoot).querySelector<HTMLSelectElement>('[data-testid="offline-window"]'),
    );
    expect(select.value).toBe('30');
    select.value = 'all';
    select.dispatchEvent(new Event('change'));
    await until(() => sync.syncs === 1);
    expect(accounts.windows).toEqual([null]);
  });
});
