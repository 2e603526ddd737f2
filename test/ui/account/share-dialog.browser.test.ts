// "Share my mailbox…" (SHARED-1) and the shared mailboxes in the account menu (SHARED-2)
// in real Chromium, over a fake ShareService: the elements are under test, so the service
// only records what it was asked and answers as each test decides.
import { ContextProvider } from '@lit/context';
import type { Context } from '@lit/context';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../../src/ui/account/bz-share-dialog.js';
import '../../../src/ui/account/bz-account-menu.js';
import type { BzShareDialog } from '../../../src/ui/account/bz-share-dialog.js';
import type { BzAccountMenu } from '../../../src/ui/account/bz-account-menu.js';
import {
  accountServiceContext,
  noticeServiceContext,
  shareServiceContext,
} from '../../../src/state/context.js';
import { createNoticeService } from '../../../src/state/notice-service.js';
import type { MailboxShare, SharedMailbox, ShareService } from '../../../src/state/types.js';
import { must, until } from '../harness.js';
import { ALICE, BOB, FakeAccounts } from './fakes.js';

class FakeShares implements ShareService {
  manage = true;
  shares: MailboxShare[] = [{ id: 'S1', address: 'carol@buzon.test' }];
  sharedWithMe: SharedMailbox[] = [];
  added: string[] = [];
  removed: string[] = [];
  opened: SharedMailbox[] = [];
  canManage() {
    return this.manage;
  }
  async listShares() {
    return [...this.shares];
  }
  async share(address: string) {
    this.added.push(address);
    this.shares.push({ id: `S${this.shares.length + 1}`, address });
  }
  async unshare(id: string) {
    this.removed.push(id);
    this.shares = this.shares.filter((s) => s.id !== id);
  }
  async listSharedWithMe() {
    return [...this.sharedWithMe];
  }
  async openShared(m: SharedMailbox) {
    this.opened.push(m);
  }
}

let host: HTMLElement | undefined;
afterEach(() => {
  host?.remove();
  host = undefined;
});

function mount<K extends 'bz-share-dialog' | 'bz-account-menu'>(
  tag: K,
  share: FakeShares,
  accounts = new FakeAccounts(),
): HTMLElementTagNameMap[K] {
  host = document.createElement('div');
  const provide = <T>(context: Context<unknown, T>, value: T) =>
    new ContextProvider(host as HTMLElement, { context, initialValue: value });
  provide(shareServiceContext, share);
  provide(accountServiceContext, accounts);
  provide(noticeServiceContext, createNoticeService());
  document.body.append(host);
  const el = document.createElement(tag);
  host.append(el);
  return el;
}

const q = <E extends HTMLElement = HTMLElement>(root: Element, id: string): E | null =>
  must(root.shadowRoot).querySelector<E>(`[data-testid="${id}"]`);
const part = <E extends HTMLElement = HTMLElement>(root: Element, id: string): E =>
  must(q<E>(root, id), id);
const items = (el: BzShareDialog) =>
  [...must(el.shadowRoot).querySelectorAll<HTMLElement>('[data-testid="share-item"]')].map((li) =>
    li.querySelector('.address')?.textContent?.trim(),
  );

async function openDialog(share = new FakeShares()) {
  const accounts = new FakeAccounts();
  accounts.shown = ALICE;
  const el = mount('bz-share-dialog', share, accounts);
  await el.updateComplete;
  await el.open();
  await el.updateComplete;
  return { el, share };
}

async function typeAndShare(el: BzShareDialog, text: string) {
  await userEvent.clear(part(el, 'share-address'));
  if (text) await userEvent.type(part(el, 'share-address'), text);
  await userEvent.click(part(el, 'share-add'));
  await el.updateComplete;
}

describe('share dialog (SHARED-1)', () => {
  it('SHARED-1 lists the people the mailbox is shared with, as text', async () => {
    const share = new FakeShares();
    share.shares.push({ id: 'S2', address: '<img src=x onerror=alert(1)>@evil.test' });
    const { el } = await openDialog(share);
    expect(part<HTMLDialogElement>(el, 'share-dialog').open).toBe(true);
    await until(() => items(el).length === 2);
    expect(items(el)).toEqual(['carol@buzon.test', '<img src=x onerror=alert(1)>@evil.test']);
    expect(must(el.shadowRoot).querySelector('img')).toBeNull();
  });

  it('SHARED-1 says so when the mailbox is shared with nobody', async () => {
    const share = new FakeShares();
    share.shares = [];
    const { el } = await openDialog(share);
    await until(() => q(el, 'share-none'));
    expect(part(el, 'share-none').textContent?.trim()).toBe(
      'You do not share your mailbox with anyone.',
    );
  });

  it('SHARED-1 refuses "anyone", an empty or invalid address, one’s own and a repeat, without asking the server', async () => {
    const { el, share } = await openDialog();
    await until(() => items(el).length === 1);
    const cases: [string, string][] = [
      ['', 'Type the address of the person to share with.'],
      ['anyone', 'Share with one person at a time, by their address.'],
      ['Authenticated', 'Share with one person at a time, by their address.'],
      ['not an address', 'This is not a valid address.'],
      [ALICE.username, 'That is your own address.'],
      ['Carol@buzon.test', 'Your mailbox is already shared with Carol@buzon.test.'],
    ];
    for (const [typed, said] of cases) {
      await typeAndShare(el, typed);
      expect(part(el, 'share-error').textContent?.trim(), typed).toBe(said);
    }
    expect(share.added).toEqual([]);
  });

  it('SHARED-1 shares with a valid address and shows the new list', async () => {
    const { el, share } = await openDialog();
    await until(() => items(el).length === 1);
    await typeAndShare(el, ` ${BOB.username} `);
    await until(() => items(el).length === 2);
    expect(share.added).toEqual([BOB.username]);
    expect(items(el)).toEqual(['carol@buzon.test', BOB.username]);
    expect(part<HTMLInputElement>(el, 'share-address').value).toBe('');
  });

  it('SHARED-1 SHARED-3 stops a share only after the confirmation', async () => {
    const { el, share } = await openDialog();
    await until(() => items(el).length === 1);
    const confirm = must(must(el.shadowRoot).querySelector('bz-confirm-dialog'));

    await userEvent.click(part(el, 'share-remove'));
    await until(() => must(confirm.shadowRoot).querySelector('dialog')?.open);
    await userEvent.keyboard('{Escape}');
    await until(() => !must(confirm.shadowRoot).querySelector('dialog')?.open);
    expect(share.removed).toEqual([]);

    await userEvent.click(part(el, 'share-remove'));
    await until(() => must(confirm.shadowRoot).querySelector('dialog')?.open);
    expect(must(confirm.shadowRoot).querySelector('#q')?.textContent).toContain('carol@buzon.test');
    await userEvent.click(part(confirm, 'confirm'));
    await until(() => share.removed.length === 1);
    expect(share.removed).toEqual(['S1']);
    await until(() => q(el, 'share-none'));
  });
});

describe('account menu with shares (SHARED-1, SHARED-2)', () => {
  async function openMenu(share: FakeShares, accounts = new FakeAccounts()) {
    const el: BzAccountMenu = mount('bz-account-menu', share, accounts);
    await el.updateComplete;
    await userEvent.click(part(el, 'account-menu'));
    await until(() => must(el.shadowRoot).querySelector('[popover]')?.matches(':popover-open'));
    await el.refresh();
    await el.updateComplete;
    return el;
  }

  it('SHARED-2 lists the mailboxes shared with me and opens one like an account', async () => {
    const share = new FakeShares();
    share.sharedWithMe = [{ accountId: 'Sdave', owner: 'dave@buzon.test' }];
    const accounts = new FakeAccounts();
    accounts.shown = ALICE;
    accounts.accounts = [ALICE, { ...BOB, id: 'Serin', sharedBy: 'erin@buzon.test' }];
    const el = await openMenu(share, accounts);
    const switches = [
      ...must(el.shadowRoot).querySelectorAll<HTMLElement>('[data-testid="account-switch"]'),
    ];
    expect(switches.map((b) => b.innerText.split('\n')[0]?.trim())).toEqual([
      'On this device',
      'Shared with me: erin@buzon.test',
    ]);
    const offered = part(el, 'account-shared');
    expect(offered.textContent?.trim()).toBe('Shared with me: dave@buzon.test');
    await userEvent.click(offered);
    await until(() => share.opened.length === 1);
    expect(share.opened).toEqual([{ accountId: 'Sdave', owner: 'dave@buzon.test' }]);
  });

  it('SHARED-1 "Share my mailbox…" opens the dialog; a shared mailbox does not offer it', async () => {
    const share = new FakeShares();
    const el = await openMenu(share);
    await userEvent.click(part(el, 'account-share'));
    // Loaded on this first opening.
    const dialog = await until(() => must(el.shadowRoot).querySelector('bz-share-dialog'));
    await until(() => must(dialog.shadowRoot).querySelector('dialog')?.open);
    host?.remove();

    const notOwner = new FakeShares();
    notOwner.manage = false;
    const other = await openMenu(notOwner);
    expect(q(other, 'account-share')).toBeNull();
  });
});
