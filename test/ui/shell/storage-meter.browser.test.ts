// ACCOUNT-1 in real Chromium: the storage meter under the folder tree shows the server
// quota (from the quota service) above this device's storage. The services are stand-ins
// whose values the test sets, so the element is what is under test.
import { ContextProvider } from '@lit/context';
import { afterEach, describe, expect, it } from 'vitest';
import {
  quotaServiceContext,
  storageServiceContext,
  syncServiceContext,
} from '../../../src/state/context.js';
import { ValueSubject } from '../../../src/state/subscribable.js';
import type {
  QuotaService,
  ServerQuota,
  StorageEstimate,
  StorageService,
  SyncService,
  SyncStatus,
} from '../../../src/state/types.js';
import '../../../src/ui/shell/bz-storage-meter.js';
import type { BzStorageMeter } from '../../../src/ui/shell/bz-storage-meter.js';
import { must, until } from '../harness.js';

const MB = 1024 * 1024;
const GB = 1024 * MB;

const LOCAL: StorageEstimate = { usage: 5 * MB, quota: 2 * GB, persisted: true };

class FakeQuota implements QuotaService {
  readonly value = new ValueSubject<ServerQuota | null>(null);
  refreshes = 0;
  observeQuota() {
    return this.value;
  }
  async refresh() {
    this.refreshes++;
  }
}

const storage: StorageService = {
  getEstimate: async () => LOCAL,
  requestPersistence: async () => true,
};

let host: HTMLElement | undefined;

afterEach(() => {
  host?.remove();
  host = undefined;
});

async function mountMeter(): Promise<{ el: BzStorageMeter; quota: FakeQuota }> {
  host = document.createElement('div');
  // The theme's colours, which the app sets on its root.
  host.style.setProperty('--bz-muted', 'rgb(90, 90, 90)');
  host.style.setProperty('--bz-danger', 'rgb(180, 0, 0)');
  const quota = new FakeQuota();
  new ContextProvider(host, { context: storageServiceContext, initialValue: storage });
  new ContextProvider(host, { context: quotaServiceContext, initialValue: quota });
  document.body.append(host);
  const el = document.createElement('bz-storage-meter');
  host.append(el);
  await until(() => find(el, 'quota-local'));
  return { el, quota };
}

function find(el: BzStorageMeter, id: string): HTMLElement | null {
  return must(el.shadowRoot).querySelector<HTMLElement>(`[data-testid="${id}"]`);
}

const text = (node: HTMLElement | null) => node?.textContent?.replace(/\s+/g, ' ').trim();

async function show(el: BzStorageMeter, quota: FakeQuota, value: ServerQuota | null) {
  quota.value.set(value);
  await el.updateComplete;
}

describe('storage meter (ACCOUNT-1)', () => {
  it('ACCOUNT-1 shows the server quota, used and limit, above the local storage', async () => {
    const { el, quota } = await mountMeter();
    // The meter asks for fresh figures when it appears (the service throttles).
    expect(quota.refreshes).toBeGreaterThan(0);
    await show(el, quota, {
      usedBytes: 123 * MB,
      limitBytes: GB,
      usedMessages: 1234,
      limitMessages: 5000,
    });
    const server = must(find(el, 'quota-server'));
    expect(text(find(el, 'quota-server-text'))).toBe('On the server: 123 MB of 1 GB (12%)');
    expect(server.dataset.used).toBe(String(123 * MB));
    expect(server.dataset.limit).toBe(String(GB));
    expect(server.dataset.warning).toBe('false');
    expect(text(find(el, 'quota-messages'))).toBe('Messages: 1,234 of 5,000');
    expect(find(el, 'quota-warning')).toBeNull();
    const meter = must(server.querySelector('meter'));
    expect(meter.getAttribute('aria-label')).toBe('Space on the mail server');
    expect(Number(meter.getAttribute('max'))).toBe(GB);
    // Which storage the local line is about, now that there are two.
    expect(text(find(el, 'storage-used'))).toBe('On this device: 5 MB of 2 GB');
    const local = must(find(el, 'quota-local'));
    expect(local.dataset.used).toBe(String(5 * MB));
    // The server line comes first, the device's second.
    expect(server.compareDocumentPosition(local) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('ACCOUNT-1 hides the server line when there is no server quota', async () => {
    const { el, quota } = await mountMeter();
    await show(el, quota, {
      usedBytes: MB,
      limitBytes: GB,
      usedMessages: null,
      limitMessages: null,
    });
    expect(find(el, 'quota-server')).not.toBeNull();
    expect(find(el, 'quota-messages')).toBeNull();
    await show(el, quota, null);
    expect(find(el, 'quota-server')).toBeNull();
    expect(text(find(el, 'storage-used'))).toBe('5 MB used of 2 GB');
  });

  it('ACCOUNT-1 warns past 90% of the storage or of the message limit', async () => {
    const { el, quota } = await mountMeter();
    await show(el, quota, {
      usedBytes: 950 * MB,
      limitBytes: GB,
      usedMessages: 10,
      limitMessages: 5000,
    });
    expect(must(find(el, 'quota-server')).dataset.warning).toBe('true');
    expect(text(find(el, 'quota-warning'))).toBe('The mailbox on the server is almost full.');
    const line = must(find(el, 'quota-server-text'));
    expect(line.classList.contains('warning')).toBe(true);
    // Warning colour differs from the calm text colour.
    const calm = getComputedStyle(must(find(el, 'quota-messages'))).color;
    expect(getComputedStyle(line).color).not.toBe(calm);

    await show(el, quota, {
      usedBytes: MB,
      limitBytes: GB,
      usedMessages: 4990,
      limitMessages: 5000,
    });
    expect(must(find(el, 'quota-server')).dataset.warning).toBe('true');

    await show(el, quota, {
      usedBytes: 900 * MB,
      limitBytes: GB,
      usedMessages: 1,
      limitMessages: 5000,
    });
    expect(must(find(el, 'quota-server')).dataset.warning).toBe('false');
    expect(find(el, 'quota-warning')).toBeNull();
  });

  it('ACCOUNT-1 a server without a storage limit shows what is used', async () => {
    const { el, quota } = await mountMeter();
    await show(el, quota, {
      usedBytes: 3 * MB,
      limitBytes: null,
      usedMessages: 7,
      limitMessages: 100,
    });
    expect(text(find(el, 'quota-server-text'))).toBe('On the server: 3 MB used');
    expect(must(find(el, 'quota-server')).dataset.limit).toBe('');
    expect(must(find(el, 'quota-server')).querySelector('meter')).toBeNull();
    expect(text(find(el, 'quota-messages'))).toBe('Messages: 7 of 100');
  });

  it("ACCOUNT-1 this device's figure is read again as soon as a sync that downloaded mail ends", async () => {
    host = document.createElement('div');
    let usage = 5 * MB;
    let reads = 0;
    const growing: StorageService = {
      getEstimate: async () => {
        reads++;
        return { usage, quota: 2 * GB, persisted: true };
      },
      requestPersistence: async () => true,
    };
    const status = new ValueSubject<SyncStatus>({
      phase: 'idle',
      progress: null,
      pending: 0,
      lastSyncAt: null,
      message: null,
    });
    const sync: SyncService = {
      observeStatus: () => status,
      syncNow: async () => undefined,
      cancel: () => undefined,
    };
    new ContextProvider(host, { context: storageServiceContext, initialValue: growing });
    new ContextProvider(host, { context: quotaServiceContext, initialValue: new FakeQuota() });
    new ContextProvider(host, { context: syncServiceContext, initialValue: sync });
    document.body.append(host);
    const el = document.createElement('bz-storage-meter');
    host.append(el);
    await until(() => find(el, 'quota-local'));
    expect(text(find(el, 'quota-local'))).toContain('5 MB');
    const before = reads;
    // The first download: 40 MB arrive while it runs.
    status.set({
      ...status.value,
      phase: 'bootstrap',
      progress: { done: 0, total: 10_000, label: 'messages' },
    });
    usage = 45 * MB;
    status.set({ ...status.value, progress: { done: 10_000, total: 10_000, label: 'messages' } });
    expect(reads).toBe(before);
    status.set({ ...status.value, phase: 'idle', progress: null });
    await until(() => (text(find(el, 'quota-local'))?.includes('45 MB') ? true : null));
    // A pass with nothing to download reads nothing more.
    const after = reads;
    status.set({ ...status.value, phase: 'syncing' });
    status.set({ ...status.value, phase: 'idle' });
    await el.updateComplete;
    expect(reads).toBe(after);
  });
});
