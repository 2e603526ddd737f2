// The sign-in dialog (issue 3) in real Chromium, over a fake account service: the element
// is under test, so the service only records and answers as each test decides.
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../../src/ui/account/bz-sign-in-dialog.js';
import type { BzSignInDialog } from '../../../src/ui/account/bz-sign-in-dialog.js';
import { must, until } from '../harness.js';
import { ALICE, FakeAccounts, deferred, mount, unmount } from './fakes.js';

afterEach(unmount);

function part<E extends HTMLElement = HTMLElement>(el: BzSignInDialog, id: string): E {
  return must(must(el.shadowRoot).querySelector<E>(`[data-testid="${id}"]`), id);
}

function has(el: BzSignInDialog, id: string): boolean {
  return must(el.shadowRoot).querySelector(`[data-testid="${id}"]`) !== null;
}

async function open(accounts = new FakeAccounts()) {
  const el = mount('bz-sign-in-dialog', { accounts });
  await el.updateComplete;
  await el.show();
  await el.updateComplete;
  return { el, accounts };
}

async function fill(el: BzSignInDialog, username: string, password: string) {
  await userEvent.fill(part(el, 'sign-in-username'), username);
  await userEvent.fill(part(el, 'sign-in-password'), password);
}

describe('sign-in dialog (issue 3)', () => {
  it('issue 3 "Sign in again" fills in the shown account and asks only for the password', async () => {
    const accounts = new FakeAccounts();
    accounts.shown = ALICE;
    const el = mount('bz-sign-in-dialog', { accounts });
    await el.updateComplete;
    await el.show({ again: true });
    await el.updateComplete;
    expect(part<HTMLInputElement>(el, 'sign-in-username').value).toBe(ALICE.username);
    expect(part<HTMLSelectElement>(el, 'sign-in-provider').value).toBe(ALICE.providerId);
    expect(must(el.shadowRoot).activeElement).toBe(part(el, 'sign-in-password'));
  });

  it('ACCESS-1 offers the providers, a password field the browser treats as one, and 30 days offline by default', async () => {
    const { el } = await open();
    expect(part<HTMLDialogElement>(el, 'sign-in-dialog').open).toBe(true);
    const providers = part<HTMLSelectElement>(el, 'sign-in-provider');
    expect([...providers.options].map((o) => o.textContent?.trim())).toEqual([
      'Test Dovecot',
      'Other server…',
    ]);
    const password = part<HTMLInputElement>(el, 'sign-in-password');
    expect(password.type).toBe('password');
    expect(password.autocomplete).toBe('current-password');
    expect(part<HTMLInputElement>(el, 'sign-in-username').autocomplete).toBe('username');
    const window = part<HTMLSelectElement>(el, 'sign-in-window');
    expect([...window.options].map((o) => o.value)).toEqual(['7', '30', '90', 'all']);
    expect(window.value).toBe('30');
    expect(has(el, 'sign-in-host')).toBe(false);
  });

  it('ACCESS-1 sends what was typed and the chosen window; the button is disabled while working', async () => {
    const accounts = new FakeAccounts();
    const gate = deferred();
    accounts.nextSignIn = gate.promise;
    const { el } = await open(accounts);
    await fill(el, ' alice@buzon.test ', 'alice-secret');
    await userEvent.selectOptions(part(el, 'sign-in-window'), 'all');
    await userEvent.click(part(el, 'sign-in-submit'));

    await until(() => part<HTMLButtonElement>(el, 'sign-in-submit').disabled);
    expect(part(el, 'sign-in-submit').textContent?.trim()).toBe('Signing in…');
    expect(accounts.signIns).toEqual([
      {
        providerId: 'test',
        username: 'alice@buzon.test',
        password: 'alice-secret',
        offlineWindowDays: null,
      },
    ]);
    // A second press while working sends nothing more.
    part<HTMLButtonElement>(el, 'sign-in-submit').click();
    expect(accounts.signIns).toHaveLength(1);

    gate.resolve();
    await until(() => !part<HTMLDialogElement>(el, 'sign-in-dialog').open);
    // Closing the dialog leaves no password in the page.
    expect(part<HTMLInputElement>(el, 'sign-in-password').value).toBe('');
  });

  it("ACCESS-1 shows the service's error as text in an alert and lets the user try again", async () => {
    const accounts = new FakeAccounts();
    const gate = deferred();
    accounts.nextSignIn = gate.promise;
    const { el } = await open(accounts);
    await fill(el, 'alice@buzon.test', 'wrong');
    await userEvent.click(part(el, 'sign-in-submit'));
    gate.reject(new Error('<b>The mail server did not accept this username and password.</b>'));

    const error = part(el, 'sign-in-error');
    await until(() => error.textContent?.includes('did not accept'));
    expect(error.getAttribute('role')).toBe('alert');
    // Text, never markup.
    expect(error.querySelector('b')).toBeNull();
    expect(error.textContent).toContain('<b>');
    expect(part<HTMLDialogElement>(el, 'sign-in-dialog').open).toBe(true);
    expect(part<HTMLButtonElement>(el, 'sign-in-submit').disabled).toBe(false);
  });

  it('ACCESS-1 the "Other server" entry asks for host, port and TLS, and sends them', async () => {
    const { el, accounts } = await open();
    await userEvent.selectOptions(part(el, 'sign-in-provider'), 'custom');
    await until(() => has(el, 'sign-in-host'));
    expect(part<HTMLInputElement>(el, 'sign-in-port').value).toBe('993');
    await userEvent.fill(part(el, 'sign-in-host'), 'imap.example.com');
    await userEvent.selectOptions(part(el, 'sign-in-tls'), 'starttls');
    expect(part<HTMLInputElement>(el, 'sign-in-port').value).toBe('143');
    await fill(el, 'me', 'pw');
    await userEvent.click(part(el, 'sign-in-submit'));
    await until(() => accounts.signIns.length === 1);
    expect(accounts.signIns[0]).toMatchObject({
      providerId: 'custom',
      host: 'imap.example.com',
      port: 143,
      tls: false,
    });
  });

  it('ACCESS-1 the "Other server" entry may name an SMTP server for sending, sent along', async () => {
    const { el, accounts } = await open();
    await userEvent.selectOptions(part(el, 'sign-in-provider'), 'custom');
    await until(() => has(el, 'custom-smtp-host'));
    await userEvent.fill(part(el, 'sign-in-host'), 'imap.example.com');
    await userEvent.fill(part(el, 'custom-smtp-host'), 'smtp.example.com');
    await fill(el, 'me', 'pw');
    await userEvent.click(part(el, 'sign-in-submit'));
    await until(() => accounts.signIns.length === 1);
    expect(accounts.signIns[0]).toMatchObject({
      host: 'imap.example.com',
      smtp: { host: 'smtp.example.com', port: 465, tls: 'implicit' },
    });
  });

  it('issue 3 the providers cannot be loaded offline: the reason is shown and nothing can be sent', async () => {
    const accounts = new FakeAccounts();
    accounts.listProviders = () =>
      Promise.reject(new Error('You are offline: signing in needs the network'));
    const { el } = await open(accounts);
    expect(part(el, 'sign-in-error').textContent).toBe(
      'You are offline: signing in needs the network',
    );
    expect(part<HTMLButtonElement>(el, 'sign-in-submit').disabled).toBe(true);
  });

  it('issue 3 Esc closes the dialog', async () => {
    const { el } = await open();
    part(el, 'sign-in-username').focus();
    await userEvent.keyboard('{Escape}');
    await until(() => !part<HTMLDialogElement>(el, 'sign-in-dialog').open);
  });
});
