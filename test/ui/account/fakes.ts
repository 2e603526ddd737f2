// Stand-ins for the account and sync services, so the elements are what is under test:
// each records what the element asked for and answers as the test decides.
import { ContextProvider } from '@lit/context';
import type { Context } from '@lit/context';
import {
  accountServiceContext,
  noticeServiceContext,
  syncServiceContext,
} from '../../../src/state/context.js';
import { createNoticeService } from '../../../src/state/notice-service.js';
import type { Subscribable } from '../../../src/state/observable.js';
import type {
  AccountInfo,
  AccountService,
  NoticeService,
  ProviderInfo,
  SignInRequest,
  SyncService,
  SyncStatus,
} from '../../../src/state/types.js';

export const ALICE: AccountInfo = {
  id: 'Aalice',
  username: 'alice@buzon.test',
  providerId: 'test',
  providerName: 'Test Dovecot',
  offlineWindowDays: 30,
};
export const BOB: AccountInfo = { ...ALICE, id: 'Abob', username: 'bob@buzon.test' };

/** A promise the test settles by hand, to look at the element while work is pending. */
export function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export class FakeAccounts implements AccountService {
  providers: ProviderInfo[] = [
    { id: 'test', name: 'Test Dovecot', custom: false },
    { id: 'custom', name: 'Other server', custom: true },
  ];
  accounts: AccountInfo[] = [ALICE, BOB];
  shown: AccountInfo | null = null;
  signIns: SignInRequest[] = [];
  switches: (string | null)[] = [];
  signOuts = 0;
  /** What the next signIn() waits for; resolves at once when unset. */
  nextSignIn: Promise<void> | null = null;

  async listProviders() {
    return this.providers;
  }
  current() {
    return this.shown;
  }
  async listAccounts() {
    return this.accounts;
  }
  async signIn(req: SignInRequest) {
    this.signIns.push(req);
    await this.nextSignIn;
  }
  async signOut() {
    this.signOuts++;
  }
  async switchTo(id: string | null) {
    this.switches.push(id);
  }
  windows: (number | null)[] = [];
  removals = 0;
  async removeFromDevice() {
    this.removals++;
  }
  async setOfflineWindow(days: number | null) {
    this.windows.push(days);
    if (this.shown) this.shown = { ...this.shown, offlineWindowDays: days as 7 | 30 | 90 | null };
  }
}

export class FakeSync implements SyncService {
  cancels = 0;
  syncs = 0;
  private observers = new Set<(s: SyncStatus) => void>();
  private last: SyncStatus = {
    phase: 'idle',
    progress: null,
    pending: 0,
    lastSyncAt: null,
    message: null,
  };

  set(patch: Partial<SyncStatus>): void {
    this.last = { ...this.last, ...patch };
    for (const o of this.observers) o(this.last);
  }

  observeStatus(): Subscribable<SyncStatus> {
    return {
      subscribe: (observer) => {
        const next = (s: SyncStatus) => observer.next(s);
        this.observers.add(next);
        next(this.last);
        return { unsubscribe: () => this.observers.delete(next) };
      },
    };
  }
  async syncNow() {
    this.syncs++;
  }
  cancel() {
    this.cancels++;
  }
}

let host: HTMLElement | undefined;

/** A host providing the given services, with `tag` inside it. */
export function mount<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  services: { accounts?: AccountService; sync?: SyncService; notices?: NoticeService },
): HTMLElementTagNameMap[K] {
  host = document.createElement('div');
  const provide = <T>(context: Context<unknown, T>, value: T | undefined) => {
    if (value) new ContextProvider(host as HTMLElement, { context, initialValue: value });
  };
  provide(accountServiceContext, services.accounts);
  provide(syncServiceContext, services.sync);
  provide(noticeServiceContext, services.notices ?? createNoticeService());
  document.body.append(host);
  const el = document.createElement(tag);
  host.append(el);
  return el;
}

export function unmount(): void {
  host?.remove();
  host = undefined;
}
