// The account menu in the toolbar (issue 3) in real Chromium, over a fake account service.
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../../src/ui/account/bz-account-menu.js';
import type { BzAccountMenu } from '../../../src/ui/account/bz-account-menu.js';
import type { BzOpenToolEvent } from '../../../src/ui/events/bz-open-tool.js';
import { must, until } from '../harness.js';
import { ALICE, BOB, FakeAccounts, mount, unmount } from './fakes.js';

afterEach(unmount);

function all(el: BzAccountMenu, id: string): HTMLElement[] {
  return [...must(el.shadowRoot).querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
}
const part = (el: BzAccountMenu, id: string) => must(all(el, id)[0], id);

async function openMenu(accounts: FakeAccounts) {
  const el = mount('bz-account-menu', { accounts });
  await until(() => el.updateComplete);
  await userEvent.click(part(el, 'account-menu'));
  await until(() => must(el.shadowRoot).querySelector('[popover]')?.matches(':popover-open'));
  await until(() => all(el, 'account-switch').length > 0 || accounts.accounts.length === 0);
  return el;
}

describe('account menu (issue 3)', () => {
  it('issue 3 on the local mailbox: says "On this device", lists the accounts to switch to, no sign-out', async () => {
    const accounts = new FakeAccounts();
    const el = await openMenu(accounts);
    expect(part(el, 'account-current').textContent?.trim()).toBe('On this device');
    const items = all(el, 'account-switch');
    expect(items.map((i) => i.dataset.accountId)).toEqual([ALICE.id, BOB.id]);
    expect(items.map((i) => i.innerText.replace(/\s+/g, ' ').trim())).toEqual([
      'alice@buzon.test Test Dovecot',
      'bob@buzon.test Test Dovecot',
    ]);
    expect(all(el, 'account-sign-out')).toEqual([]);

    await userEvent.click(must(items[1]));
    await until(() => accounts.switches.length === 1);
    expect(accounts.switches).toEqual([BOB.id]);
  });

  it('issue 3 on an account: shows its address, offers the local mailbox and the others, and signs out', async () => {
    const accounts = new FakeAccounts();
    accounts.shown = ALICE;
    const el = await openMenu(accounts);
    expect(part(el, 'account-current').textContent?.trim()).toBe('alice@buzon.test');
    const items = all(el, 'account-switch');
    expect(items.map((i) => i.dataset.accountId)).toEqual(['', BOB.id]);
    expect(must(items[0]).textContent?.trim()).toBe('On this device');

    await userEvent.click(must(items[0]));
    await until(() => accounts.switches.length === 1);
    expect(accounts.switches).toEqual([null]);

    await userEvent.click(part(el, 'account-menu'));
    await userEvent.click(part(el, 'account-sign-out'));
    await until(() => accounts.signOuts === 1);
  });

  it('issue 3 "Remove from this device…" asks first; Cancel keeps the account, confirming removes it', async () => {
    const accounts = new FakeAccounts();
    accounts.shown = ALICE;
    const el = await openMenu(accounts);
    const confirmDialog = () =>
      must(
        must(el.shadowRoot).querySelector('bz-confirm-dialog')?.shadowRoot?.querySelector('dialog'),
      );
    await userEvent.click(part(el, 'account-remove'));
    await until(() => confirmDialog().open);
    expect(confirmDialog().textContent).toContain('alice@buzon.test');
    expect(confirmDialog().textContent).toContain('stays on the server');
    await userEvent.keyboard('{Escape}');
    await until(() => !confirmDialog().open);
    expect(accounts.removals).toBe(0);

    await userEvent.click(part(el, 'account-menu'));
    await userEvent.click(part(el, 'account-remove'));
    await until(() => confirmDialog().open);
    const confirmButton = [...confirmDialog().querySelectorAll('button')].find((b) =>
      /Remove from this device/.test(b.textContent ?? ''),
    );
    await userEvent.click(must(confirmButton));
    await until(() => accounts.removals === 1);
  });

  it('issue 3 "Add an account…" asks for the sign-in dialog', async () => {
    const accounts = new FakeAccounts();
    const el = await openMenu(accounts);
    const asked = new Promise<BzOpenToolEvent>((r) =>
      el.addEventListener('bz-open-tool', r, { once: true }),
    );
    await userEvent.click(part(el, 'account-add'));
    expect((await asked).tool).toBe('sign-in');
    expect(must(el.shadowRoot).querySelector('[popover]')?.matches(':popover-open')).toBe(false);
  });
});
