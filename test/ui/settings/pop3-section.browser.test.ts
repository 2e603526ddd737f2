// EXTERNAL-1: the "Other accounts (POP3)" section in real Chromium over a fake Pop3Service:
// the element is under test, so the service only records and answers as each test decides.
import { ContextProvider } from '@lit/context';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { pop3ServiceContext } from '../../../src/state/context.js';
import type {
  JobOptions,
  Pop3Account,
  Pop3AccountInput,
  Pop3CheckResult,
  Pop3Service,
  Pop3Setup,
} from '../../../src/state/types.js';
import '../../../src/ui/settings/bz-pop3-section.js';
import type { BzPop3Section } from '../../../src/ui/settings/bz-pop3-section.js';
import { must, until } from '../harness.js';

const BOB: Pop3Account = {
  id: '0123456789abcdef',
  name: 'Bob at home',
  preset: 'test',
  host: 'pop.buzon.test',
  port: 995,
  tls: 'implicit',
  username: 'bob@buzon.test',
  leaveOnServer: true,
  newOnly: true,
  autoMinutes: null,
  passwordSaved: true,
  lastCheck: null,
};

class Refusal extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

class FakePop3 implements Pop3Service {
  setup: Pop3Setup = {
    accounts: [],
    presets: [{ id: 'test', name: 'Test POP3' }],
    typedHosts: true,
    passwordsSurviveRestart: true,
  };
  added: Pop3AccountInput[] = [];
  updated: [string, Pop3AccountInput][] = [];
  deleted: string[] = [];
  refuseNext: string | null = null;
  check: { opts: JobOptions; finish: (r: Pop3CheckResult) => void } | null = null;

  async load() {
    return structuredClone(this.setup);
  }
  async addAccount(input: Pop3AccountInput) {
    if (this.refuseNext) throw new Refusal(this.refuseNext);
    this.added.push(input);
    const account = { ...BOB, username: input.username ?? '' };
    this.setup.accounts.push(account);
    return account;
  }
  async updateAccount(id: string, input: Pop3AccountInput) {
    this.updated.push([id, input]);
    const at = this.setup.accounts.findIndex((a) => a.id === id);
    this.setup.accounts[at] = { ...BOB, ...(input.name ? { name: input.name } : {}) };
    return must(this.setup.accounts[at]);
  }
  async deleteAccount(id: string) {
    this.deleted.push(id);
    this.setup.accounts = this.setup.accounts.filter((a) => a.id !== id);
  }
  checkNow(_id: string, opts: JobOptions = {}) {
    return new Promise<Pop3CheckResult>((resolve) => {
      this.check = { opts, finish: resolve };
    });
  }
}

let host: HTMLElement | undefined;
afterEach(() => {
  host?.remove();
  host = undefined;
});

async function mount(pop3: Pop3Service | undefined): Promise<BzPop3Section> {
  host = document.createElement('div');
  if (pop3) new ContextProvider(host, { context: pop3ServiceContext, initialValue: pop3 });
  document.body.append(host);
  const el = document.createElement('bz-pop3-section');
  host.append(el);
  await el.updateComplete;
  return el;
}

const root = (el: BzPop3Section) => must(el.shadowRoot);
const part = <E extends Element = HTMLElement>(el: BzPop3Section, id: string): E =>
  must(
    root(el).querySelector<E>(`[data-testid="${id}"]`) ??
      root(el).querySelector('bz-pop3-form')?.shadowRoot?.querySelector<E>(`[data-testid="${id}"]`),
    id,
  );
const has = (el: BzPop3Section, id: string) => {
  try {
    part(el, id);
    return true;
  } catch {
    return false;
  }
};

describe('POP3 accounts section (EXTERNAL-1)', () => {
  it('EXTERNAL-1 on the local mailbox it explains that POP3 needs a signed-in account', async () => {
    const el = await mount(undefined);
    expect(part(el, 'pop3-needs-account').textContent).toMatch(/signed-in mail account/);
    expect(has(el, 'pop3-add')).toBe(false);
  });

  it('EXTERNAL-1 adds an account from a preset with the options, showing a refusal as text first', async () => {
    const pop3 = new FakePop3();
    const el = await mount(pop3);
    await until(() => has(el, 'pop3-add'));
    part(el, 'pop3-add').click();
    await until(() => has(el, 'pop3-form'));
    await userEvent.fill(part(el, 'pop3-username'), 'bob@buzon.test');
    await userEvent.fill(part(el, 'pop3-password'), 'bob-secret');
    part<HTMLInputElement>(el, 'pop3-leave').click(); // off: delete from the server
    await userEvent.selectOptions(part(el, 'pop3-auto'), '15');
    pop3.refuseNext = 'pop3InvalidCredentials';
    part(el, 'pop3-save').click();
    await until(() => has(el, 'pop3-form-error'));
    expect(part(el, 'pop3-form-error').textContent).toMatch(
      /did not accept this username and password/,
    );
    pop3.refuseNext = null;
    part(el, 'pop3-save').click();
    await until(() => has(el, 'pop3-account'));
    expect(pop3.added).toEqual([
      {
        username: 'bob@buzon.test',
        password: 'bob-secret',
        leaveOnServer: false,
        newOnly: true,
        autoMinutes: 15,
        preset: 'test',
      },
    ]);
  });

  it('EXTERNAL-1 a typed server asks for host and security', async () => {
    const pop3 = new FakePop3();
    const el = await mount(pop3);
    await until(() => has(el, 'pop3-add'));
    part(el, 'pop3-add').click();
    await until(() => has(el, 'pop3-preset'));
    await userEvent.selectOptions(part(el, 'pop3-preset'), '');
    await until(() => has(el, 'pop3-host'));
    await userEvent.fill(part(el, 'pop3-host'), 'pop.example.org');
    await userEvent.selectOptions(part(el, 'pop3-tls'), 'starttls');
    await userEvent.fill(part(el, 'pop3-username'), 'me');
    await userEvent.fill(part(el, 'pop3-password'), 'pw');
    part(el, 'pop3-save').click();
    await until(() => pop3.added.length === 1);
    expect(pop3.added[0]).toMatchObject({
      host: 'pop.example.org',
      tls: 'starttls',
      leaveOnServer: true,
    });
    expect(pop3.added[0]).not.toHaveProperty('preset');
  });

  it('EXTERNAL-1 check now shows a progress bar and Cancel, then the result as text', async () => {
    const pop3 = new FakePop3();
    pop3.setup.accounts = [{ ...BOB }];
    const el = await mount(pop3);
    await until(() => has(el, 'pop3-check'));
    part(el, 'pop3-check').click();
    await until(() => pop3.check);
    must(pop3.check).opts.onProgress?.({ done: 2, total: 5, label: '' });
    await until(() => has(el, 'pop3-progress'));
    const bar = part<HTMLProgressElement>(el, 'pop3-progress');
    await until(() => bar.value === 2 && bar.max === 5);
    part(el, 'pop3-cancel').click();
    expect(must(pop3.check).opts.signal?.aborted).toBe(true);
    must(pop3.check).finish({
      state: 'cancelled',
      fetched: 2,
      skipped: 0,
      errorCode: null,
      error: null,
    });
    await until(() => has(el, 'pop3-result'));
    expect(part(el, 'pop3-result').textContent).toMatch(/Cancelled after 2 message/);
    expect(has(el, 'pop3-progress')).toBe(false);
  });

  it('EXTERNAL-1 a failed check says why', async () => {
    const pop3 = new FakePop3();
    pop3.setup.accounts = [{ ...BOB }];
    const el = await mount(pop3);
    await until(() => has(el, 'pop3-check'));
    part(el, 'pop3-check').click();
    await until(() => pop3.check);
    must(pop3.check).finish({
      state: 'failed',
      fetched: 0,
      skipped: 0,
      errorCode: 'auth',
      error: 'x',
    });
    await until(() => has(el, 'pop3-result'));
    expect(part(el, 'pop3-result').textContent).toMatch(
      /did not accept this username and password/,
    );
  });

  it('EXTERNAL-1 edits and deletes an account, saying that downloaded mail stays', async () => {
    const pop3 = new FakePop3();
    pop3.setup.accounts = [{ ...BOB }];
    pop3.setup.passwordsSurviveRestart = false;
    const el = await mount(pop3);
    await until(() => has(el, 'pop3-edit'));
    expect(part(el, 'pop3-restart-warning').textContent).toMatch(/until it restarts/);
    part(el, 'pop3-edit').click();
    await until(() => has(el, 'pop3-name'));
    expect(part<HTMLInputElement>(el, 'pop3-password').required).toBe(false);
    await userEvent.fill(part(el, 'pop3-name'), 'Bob at work');
    part(el, 'pop3-save').click();
    await until(() => pop3.updated.length === 1);
    expect(pop3.updated[0]?.[1]).not.toHaveProperty('password');
    expect(pop3.updated[0]?.[1]).toMatchObject({ name: 'Bob at work' });
    await until(() => has(el, 'pop3-delete'));
    part(el, 'pop3-delete').click();
    await el.updateComplete;
    expect(root(el).textContent).toMatch(/Messages already downloaded stay in your mailbox/);
    part(el, 'pop3-delete-confirm').click();
    await until(() => !has(el, 'pop3-account'));
    expect(pop3.deleted).toEqual([BOB.id]);
  });
});
