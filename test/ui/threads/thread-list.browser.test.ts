// The threads view inside <bz-message-list> at 100,000 threads, and while older mail is
// still being threaded, against small in-memory services (the list is the thing under
// test; the services only have to answer like the real ones, ADR 0026).
import { ContextProvider } from '@lit/context';
import { afterEach, describe, expect, it } from 'vitest';
import '../../../src/ui/list/bz-message-list.js';
import type { BzMessageList } from '../../../src/ui/list/bz-message-list.js';
import { messageServiceContext, threadServiceContext } from '../../../src/state/context.js';
import type { Subscribable } from '../../../src/state/observable.js';
import { ValueSubject } from '../../../src/state/subscribable.js';
import type {
  MessageRow,
  MessageService,
  OpenedThread,
  ThreadingStatus,
  ThreadRow,
  ThreadService,
} from '../../../src/state/types.js';
import { deep, deepAll, must, until } from '../harness.js';

const COUNT = 100_000;

function threadRow(i: number): ThreadRow {
  return {
    key: `k${i}`,
    folderId: 'inbox',
    subject: `Thread number ${i}`,
    participants: [
      { name: `Ann ${i}`, address: 'ann@example.org' },
      { name: 'Bob', address: 'bob@example.org' },
    ],
    count: (i % 4) + 1,
    unreadCount: i % 3 === 0 ? 1 : 0,
    unread: i % 3 === 0,
    flagged: false,
    hasAttachment: false,
    latestAt: Date.UTC(2025, 0, 1) - i * 60_000,
    latestId: `m${i}-last`,
  };
}

function messageRow(id: string): MessageRow {
  return {
    id,
    messageId: `${id}@example.org`,
    folderId: 'inbox',
    subject: `Plain ${id}`,
    from: [{ name: 'Ann', address: 'ann@example.org' }],
    to: [],
    receivedAt: Date.UTC(2025, 0, 1),
    sentAt: null,
    size: 100,
    seen: true,
    flagged: false,
    answered: false,
    forwarded: false,
    mdnSent: false,
    hasAttachment: false,
    priority: 3,
    preview: '',
    warnings: [],
  };
}

const later = <T>(value: T): Subscribable<T> => ({
  subscribe(o) {
    const t = setTimeout(() => o.next(value), 0);
    return { unsubscribe: () => clearTimeout(t) };
  },
});

/** Three plain messages: what the list shows while threads are not ready. */
class PlainFolder implements MessageService {
  observeMessageIds = () => later(['a', 'b', 'c']);
  getFirstRows = async () => ['a', 'b', 'c'].map(messageRow);
  getRows = async (ids: string[]) => ids.map(messageRow);
  async moveMessages() {}
  async deleteMessages() {}
  async restoreMessages() {}
  async setSeen() {}
  async setFlagged() {}
}

/** 100,000 threads; records how many rows were asked for and which threads were opened. */
class BigThreads implements ThreadService {
  readonly status = new ValueSubject<ThreadingStatus>({ done: true, threaded: 0 });
  rowsAsked = 0;
  ensured = 0;
  opened: string[] = [];
  /** Threads whose message ids were asked for (threadMessageIds). */
  resolved: string[] = [];
  observeThreadKeys = () => later(Array.from({ length: COUNT }, (_, i) => `k${i}`));
  getFirstThreadRows = async (_q: unknown, limit: number) =>
    Array.from({ length: limit }, (_, i) => threadRow(i));
  observeFirstThreadRows = (_q: unknown, limit: number): Subscribable<ThreadRow[]> =>
    later(Array.from({ length: limit }, (_, i) => threadRow(i)));
  getThreadRows = async (_f: string, keys: string[]) => {
    this.rowsAsked += keys.length;
    return keys.map((k) => threadRow(Number(k.slice(1))));
  };
  openThread = async (_f: string, key: string): Promise<OpenedThread> => {
    this.opened.push(key);
    const i = Number(key.slice(1));
    const ids = Array.from({ length: (i % 4) + 1 }, (_, n) => `m${i}-${n}`);
    return { key, rows: ids.map(messageRow), firstUnreadId: null };
  };
  async setThreadSeen() {}
  threadMessageIds = async (_f: string, keys: string[]) => {
    this.resolved.push(...keys);
    return new Map(
      keys.map((key) => {
        const i = Number(key.slice(1));
        return [key, Array.from({ length: (i % 4) + 1 }, (_, n) => `m${i}-${n}`)];
      }),
    );
  };
  observeThreadingStatus = () => this.status;
  ensureThreaded = async () => {
    this.ensured++;
  };
}

/** 100,000 threads whose whole key list is never read again in time; the first rows are live. */
class LiveHeadThreads extends BigThreads {
  private head: ((rows: ThreadRow[]) => void) | null = null;
  override observeFirstThreadRows = (_q: unknown, limit: number): Subscribable<ThreadRow[]> => ({
    subscribe: (o) => {
      this.head = (rows) => o.next(rows);
      setTimeout(() => o.next(Array.from({ length: limit }, (_, i) => threadRow(i))), 0);
      return { unsubscribe: () => (this.head = null) };
    },
  });
  /** A reply to thread k7 arrives: that thread is now the newest. */
  reply(): void {
    const rows = Array.from({ length: 50 }, (_, i) => threadRow(i)).filter((r) => r.key !== 'k7');
    this.head?.([
      { ...threadRow(7), subject: 'Re: Thread number 7', count: 9 },
      ...rows.slice(0, 49),
    ]);
  }
}

let host: HTMLElement | undefined;
afterEach(() => host?.remove());

function mount(threads: ThreadService): BzMessageList {
  host = document.createElement('div');
  host.style.cssText = 'display:flex;flex-direction:column;height:600px;width:700px';
  new ContextProvider(host, { context: messageServiceContext, initialValue: new PlainFolder() });
  new ContextProvider(host, { context: threadServiceContext, initialValue: threads });
  document.body.append(host);
  const list = document.createElement('bz-message-list');
  list.style.flex = '1';
  host.append(list);
  list.threads = true;
  list.query = { folderId: 'inbox', sort: 'date', descending: true, unreadOnly: false };
  return list;
}

const grid = () => deep('[data-testid="message-list"]');
const threadItems = () => deepAll('[data-testid="thread-list-item"]');

describe('THREAD-1 the threads view in the list', () => {
  it('THREAD-1 shows 100,000 threads as a virtual window: a screenful of rows fetched, not all', async () => {
    const service = new BigThreads();
    mount(service);
    await until(() => grid().getAttribute('aria-rowcount') === String(COUNT));
    await until(() => threadItems().length > 0 && service.rowsAsked > 0);
    expect(threadItems().length).toBeLessThan(60);
    expect(service.rowsAsked).toBeLessThan(200);
    const first = must(threadItems()[0]);
    expect(first.querySelector('.who')?.textContent).toBe('Ann 0, Bob');
    expect(first.classList.contains('unread')).toBe(true);
    expect(must(threadItems()[1]).classList.contains('unread')).toBe(false);
    expect(must(threadItems()[1]).querySelector('[data-testid="thread-count"]')?.textContent).toBe(
      '2',
    );
    // Scrolled to the end, the last threads render; still no bulk fetch.
    grid().scrollTop = grid().scrollHeight;
    await until(() => threadItems().some((r) => r.dataset.threadKey === `k${COUNT - 1}`));
    expect(service.rowsAsked).toBeLessThan(400);
  });

  it('THREAD-1 a reply moves its thread to the top of 100,000 threads before the whole key list is read again', async () => {
    const service = new LiveHeadThreads();
    mount(service);
    await until(() => grid().getAttribute('aria-rowcount') === String(COUNT));
    await until(() => threadItems().length > 0);
    service.reply();
    await until(() => must(threadItems()[0]).dataset.threadKey === 'k7');
    expect(must(threadItems()[0]).querySelector('[data-testid="thread-count"]')?.textContent).toBe(
      '9',
    );
    expect(threadItems().filter((r) => r.dataset.threadKey === 'k7')).toHaveLength(1);
    expect(must(threadItems()[1]).dataset.threadKey).toBe('k0');
    expect(grid().getAttribute('aria-rowcount')).toBe(String(COUNT));
  });

  it("THREAD-2 selecting thread rows tells the selection as their messages' ids", async () => {
    const service = new BigThreads();
    const list = mount(service);
    await until(() => grid().getAttribute('aria-busy') === 'false' && threadItems().length > 3);
    const told: (readonly string[])[] = [];
    list.addEventListener('bz-selection-change', (e) => told.push(e.ids));
    let opened: string | null = null;
    list.addEventListener('bz-thread-open', (e) => (opened = e.threadKey));
    must(threadItems()[0]).click();
    must(threadItems()[1]).dispatchEvent(new MouseEvent('click', { bubbles: true, ctrlKey: true }));
    await until(() => told.at(-1)?.length === 3);
    // k0 has one message (its latestId, no read needed); k1 has two, read in one go.
    expect(told.at(-1)).toEqual(['m0-last', 'm1-0', 'm1-1']);
    expect(service.resolved).toEqual(['k1']);
    expect(service.opened).toEqual([]);
    expect(opened).toBe('k0');
  });

  it('THREAD-1 while older mail is being threaded the plain list shows, with a hint, then the threads', async () => {
    const service = new BigThreads();
    service.status.set({ done: false, threaded: 10 });
    mount(service);
    await until(() => deepAll('[data-testid="message-list-item"]').length === 3);
    expect(grid().dataset.view).toBe('messages');
    expect(deep('[data-testid="threading-hint"]').textContent?.trim()).toBe(
      'Grouping conversations…',
    );
    expect(service.ensured).toBeGreaterThan(0);
    service.status.set({ done: true, threaded: 500 });
    await until(() => grid().dataset.view === 'threads' && threadItems().length > 0);
    expect(deepAll('[data-testid="threading-hint"]')).toHaveLength(0);
    expect(grid().getAttribute('aria-label')).toBe('Conversations');
  });
});
