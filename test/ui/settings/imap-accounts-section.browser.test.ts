// EXTERNAL-2: the "Other accounts (IMAP)" section in real Chromium over a fake
// ExternalImapService and a recording SyncService: the element is under test, so the
// services only record and answer as each test decides (the proxy side is tested against
// Dovecot in test/proxy/imap-accounts.test.ts).
import { ContextProvider } from '@lit/context';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { externalImapServiceContext, syncServiceContext } from '../../../src/state/context.js';
import type { Subscribable } from '../../../src/state/observable.js';
import { ValueSubject } from '../../../src/state/subscribable.js';
import type {
  ExternalImapAccount,
  ExternalImapAccountChange,
  ExternalImapAccountInput,
  ExternalImapService,
  ExternalImapSetup,
  SyncService,
  SyncStatus,
} from '../../../src/state/types.js';
import '../../../src/ui/settings/bz-imap-accounts-section.js';
import type { BzImapAccountsSection } from '../../../src/ui/settings/bz-imap-accounts-section.js';
import { must, until } from '../harness.js';

const BOB: ExternalImapAccount = {
  id: 'xbob001',
  address: 'bob@buzon.test',
  providerId: 'test',
  server: null,
  username: 'bob',
  passwordSaved: true,
};

class Refusal extends Error {
  constructor(readonly code: string) {
    super(`proxy said ${code}`);
  }
}

class FakeExternalImap implements ExternalImapService {
  setup: ExternalImapSetup = {
    accounts: [],
    providers: [
      { id: 'test', name: 'Test Dovecot', custom: false },
      { id: 'custom', name: 'Other server', custom: true },
    ],
    passwordsSurviveRestart: true,
  };
  readonly subject = new ValueSubject<ExternalImapSetup | null>(null);
  added: ExternalImapAccountInput[] = [];
  updated: [string, ExternalImapAccountChange][] = [];
  removed: string[] = [];
  refuseNext: string | null = null;
  refuseLoad: string | null = null;

  async load() {
    if (this.refuseLoad) throw new Refusal(this.refuseLoad);
    const copy = structuredClone(this.setup);
    this.subject.set(copy);
    return copy;
  }
  observe(): Subscribable<ExternalImapSetup | null> {
    return this.subject;
  }
  async add(input: ExternalImapAccountInput) {
    if (this.refuseNext) throw new Refusal(this.refuseNext);
    this.added.push(input);
    const account = { ...BOB, address: input.address, username: input.username };
    this.setup.accounts.push(account);
    await this.load();
    return account;
  }
  async update(id: string, change: ExternalImapAccountChange) {
    this.updated.push([id, change]);
    const at = this.setup.accounts.findIndex((a) => a.id === id);
    const next = {
      ...must(this.setup.accounts[at]),
      ...(change.address ? { address: change.address } : {}),
    };
    this.setup.accounts[at] = next;
    await this.load();
    return next;
  }
  async remove(id: string) {
    this.removed.push(id);
    this.setup.accounts = this.setup.accounts.filter((a) => a.id !== id);
    await this.load();
  }
}

/** Records the syncs the section asks for (the folder tree follows the list through them). */
class RecordingSync implements SyncService {
  syncs = 0;
  observeStatus(): Subscribable<SyncStatus> {
    return new ValueSubject<SyncStatus>({
      phase: 'idle',
      progress: null,
      pending: 0,
      lastSyncAt: null,
      message: null,
    });
  }
  async syncNow() {
    this.syncs++;
  }
  cancel() {}
}

let host: HTMLElement | undefined;
afterEach(() => {
  host?.remove();
  host = undefined;
});

async function mount(
  service: ExternalImapService | undefined,
  sync: SyncService = new RecordingSync(),
): Promise<BzImapAccountsSection> {
  host = document.createElement('div');
  if (service)
    new ContextProvider(host, { context: externalImapServiceContext, initialValue: service });
  new ContextProvider(host, { context: syncServiceContext, initialValue: sync });
  document.body.append(host);
  const el = document.createElement('bz-imap-accounts-section');
  host.append(el);
  await el.updateComplete;
  return el;
}

const root = (el: BzImapAccountsSection) => must(el.shadowRoot);
const formRoot = (el: BzImapAccountsSection) =>
  root(el).querySelector('bz-imap-account-form')?.shadowRoot ?? null;
const part = <E extends Element = HTMLElement>(el: BzImapAccountsSection, id: string): E =>
  must(
    root(el).querySelector<E>(`[data-testid="${id}"]`) ??
      formRoot(el)?.querySelector<E>(`[data-testid="${id}"]`),
    id,
  );
const has = (el: BzImapAccountsSection, id: string) => {
  try {
    part(el, id);
    return true;
  } catch {
    return false;
  }
};

/** Every control that has no accessible name (a label, aria-label or its own text). */
function unnamed(scope: ShadowRoot | null): string[] {
  if (!scope) return [];
  return [...scope.querySelectorAll<HTMLElement>('button, input, select')]
    .filter((c) => {
      if (c.getAttribute('aria-label')) return false;
      if (c instanceof HTMLButtonElement) return !c.textContent?.trim();
      return ((c as HTMLInputElement).labels?.length ?? 0) === 0;
    })
    .map((c) => c.outerHTML);
}

describe('IMAP accounts section (EXTERNAL-2)', () => {
  it('EXTERNAL-2 on the local mailbox it explains that IMAP accounts need a signed-in account', async () => {
    const el = await mount(undefined);
    expect(part(el, 'imap-needs-account').textContent).toMatch(/signed-in mail account/);
    expect(has(el, 'imap-add')).toBe(false);
  });

  it('EXTERNAL-2 adds an account of a listed provider, showing a refusal as text first, then syncs', async () => {
    const service = new FakeExternalImap();
    const sync = new RecordingSync();
    const el = await mount(service, sync);
    await until(() => has(el, 'imap-add'));
    expect(root(el).textContent).toMatch(/No IMAP accounts yet/);
    part(el, 'imap-add').click();
    await until(() => has(el, 'imap-form'));
    expect(unnamed(formRoot(el))).toEqual([]);
    await userEvent.fill(part(el, 'imap-address'), 'bob@buzon.test');
    await userEvent.fill(part(el, 'imap-username'), 'bob');
    await userEvent.fill(part(el, 'imap-password'), 'bob-secret');
    service.refuseNext = 'imapInvalidCredentials';
    part(el, 'imap-save').click();
    await until(() => has(el, 'imap-form-error'));
    expect(part(el, 'imap-form-error').textContent).toMatch(
      /IMAP server did not accept this username and password/,
    );
    expect(sync.syncs).toBe(0);
    service.refuseNext = null;
    part(el, 'imap-save').click();
    await until(() => has(el, 'imap-account'));
    expect(service.added).toEqual([
      { address: 'bob@buzon.test', providerId: 'test', username: 'bob', password: 'bob-secret' },
    ]);
    const row = part(el, 'imap-account');
    expect(row.textContent).toMatch(/bob@buzon\.test/);
    expect(row.textContent).toMatch(/bob · Test Dovecot/);
    expect(sync.syncs).toBe(1);
    expect(unnamed(root(el))).toEqual([]);
  });

  it('EXTERNAL-2 "Other server" asks for host, port and security', async () => {
    const service = new FakeExternalImap();
    const el = await mount(service);
    await until(() => has(el, 'imap-add'));
    part(el, 'imap-add').click();
    await until(() => has(el, 'imap-provider'));
    await userEvent.selectOptions(part(el, 'imap-provider'), 'custom');
    await until(() => has(el, 'sign-in-host'));
    expect(unnamed(formRoot(el))).toEqual([]);
    await userEvent.fill(part(el, 'imap-address'), 'me@example.org');
    await userEvent.fill(part(el, 'sign-in-host'), 'imap.example.org');
    await userEvent.selectOptions(part(el, 'sign-in-tls'), 'starttls');
    await userEvent.fill(part(el, 'imap-username'), 'me');
    await userEvent.fill(part(el, 'imap-password'), 'pw');
    part(el, 'imap-save').click();
    await until(() => service.added.length === 1);
    expect(service.added[0]).toEqual({
      address: 'me@example.org',
      providerId: 'custom',
      username: 'me',
      password: 'pw',
      server: { host: 'imap.example.org', port: 143, tls: 'starttls' },
    });
  });

  it('EXTERNAL-3 "Other server" may name the SMTP server mail sent as the account goes out through', async () => {
    const service = new FakeExternalImap();
    const el = await mount(service);
    await until(() => has(el, 'imap-add'));
    part(el, 'imap-add').click();
    await until(() => has(el, 'imap-provider'));
    await userEvent.selectOptions(part(el, 'imap-provider'), 'custom');
    await until(() => has(el, 'custom-smtp-host'));
    expect(part<HTMLInputElement>(el, 'custom-smtp-port').value).toBe('465');
    await userEvent.fill(part(el, 'imap-address'), 'me@example.org');
    await userEvent.fill(part(el, 'sign-in-host'), 'imap.example.org');
    await userEvent.fill(part(el, 'custom-smtp-host'), ' smtp.example.org ');
    await userEvent.selectOptions(part(el, 'custom-smtp-tls'), 'starttls');
    expect(part<HTMLInputElement>(el, 'custom-smtp-port').value).toBe('587');
    await userEvent.fill(part(el, 'imap-username'), 'me');
    await userEvent.fill(part(el, 'imap-password'), 'pw');
    part(el, 'imap-save').click();
    await until(() => service.added.length === 1);
    expect(service.added[0]).toMatchObject({
      server: { host: 'imap.example.org', port: 993, tls: 'implicit' },
      smtp: { host: 'smtp.example.org', port: 587, tls: 'starttls' },
    });
  });

  it('EXTERNAL-2 changes the address or the password, sending only what changed', async () => {
    const service = new FakeExternalImap();
    service.setup.accounts = [{ ...BOB }];
    service.setup.passwordsSurviveRestart = false;
    const sync = new RecordingSync();
    const el = await mount(service, sync);
    await until(() => has(el, 'imap-change'));
    expect(part(el, 'imap-restart-warning').textContent).toMatch(/until it restarts/);
    expect(part(el, 'imap-change').getAttribute('aria-label')).toMatch(/bob@buzon\.test/);
    part(el, 'imap-change').click();
    await until(() => has(el, 'imap-password'));
    expect(part<HTMLInputElement>(el, 'imap-password').required).toBe(false);
    expect(has(el, 'imap-username')).toBe(false);
    await userEvent.fill(part(el, 'imap-password'), 'new-secret');
    part(el, 'imap-save').click();
    await until(() => service.updated.length === 1);
    expect(service.updated[0]).toEqual([BOB.id, { password: 'new-secret' }]);
    await until(() => has(el, 'imap-change'));
    part(el, 'imap-change').click();
    await until(() => has(el, 'imap-address'));
    await userEvent.fill(part(el, 'imap-address'), 'bob.home@buzon.test');
    part(el, 'imap-save').click();
    await until(() => service.updated.length === 2);
    expect(service.updated[1]).toEqual([BOB.id, { address: 'bob.home@buzon.test' }]);
    await until(() => part(el, 'imap-account').textContent?.includes('bob.home@buzon.test'));
    expect(sync.syncs).toBe(2);
  });

  it('EXTERNAL-2 removing asks first, saying the mail stays on that server', async () => {
    const service = new FakeExternalImap();
    service.setup.accounts = [{ ...BOB }];
    const sync = new RecordingSync();
    const el = await mount(service, sync);
    await until(() => has(el, 'imap-remove'));
    part(el, 'imap-remove').click();
    await until(() => has(el, 'imap-remove-question'));
    expect(part(el, 'imap-remove-question').textContent).toMatch(
      /Remove bob@buzon\.test\? .*the mail stays on that server/,
    );
    expect(service.removed).toEqual([]);
    part(el, 'imap-remove-confirm').click();
    await until(() => !has(el, 'imap-account'));
    expect(service.removed).toEqual([BOB.id]);
    expect(sync.syncs).toBe(1);
  });

  it('EXTERNAL-2 a server that cannot keep the list says so instead of a list', async () => {
    const service = new FakeExternalImap();
    service.refuseLoad = 'metadataUnsupported';
    const el = await mount(service);
    await until(() => has(el, 'imap-load-error'));
    expect(part(el, 'imap-load-error').textContent).toMatch(
      /cannot keep the list of IMAP accounts/,
    );
    expect(has(el, 'imap-add')).toBe(false);
  });
});
