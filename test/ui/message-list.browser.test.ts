// The virtual list at 100,000 messages, against a small in-memory MessageService (the
// list is the thing under test; the service only has to answer like the real one).
import { ContextProvider } from '@lit/context';
import { afterEach, describe, expect, it } from 'vitest';
import '../../src/ui/list/bz-message-list.js';
import type { BzMessageList } from '../../src/ui/list/bz-message-list.js';
import { messageServiceContext } from '../../src/state/context.js';
import type { Subscribable } from '../../src/state/observable.js';
import type { ListQuery, MessageRow, MessageService } from '../../src/state/types.js';
import { deepAll, must, until } from './harness.js';

const COUNT = 100_000;

function row(i: number): MessageRow {
  return {
    id: `id${i}`,
    messageId: `m${i}@example.org`,
    folderId: 'inbox',
    subject: `Message number ${i}`,
    from: [{ name: `Sender ${i % 97}`, address: `s${i % 97}@example.org` }],
    to: [],
    receivedAt: Date.UTC(2025, 0, 1) - i * 60_000,
    sentAt: null,
    size: 1000 + i,
    seen: i % 3 !== 0,
    flagged: false,
    answered: false,
    forwarded: false,
    mdnSent: false,
    hasAttachment: i % 5 === 0,
    priority: i % 7 === 0 ? 1 : 3,
    preview: '',
    warnings: [],
  };
}

/** Answers like the real service: ids at once, rows by id; records what was asked. */
class BigFolder implements MessageService {
  rowsAsked = 0;
  moved: string[] = [];
  observeMessageIds(): Subscribable<string[]> {
    return {
      subscribe(o) {
        const t = setTimeout(() => o.next(Array.from({ length: COUNT }, (_, i) => `id${i}`)), 0);
        return { unsubscribe: () => clearTimeout(t) };
      },
    };
  }
  async getFirstRows(_q: ListQuery, limit: number) {
    return Array.from({ length: limit }, (_, i) => row(i));
  }
  async getRows(ids: string[]) {
    this.rowsAsked += ids.length;
    return ids.map((id) => row(Number(id.slice(2))));
  }
  async moveMessages(ids: string[]) {
    this.moved.push(...ids);
  }
  async deleteMessages() {}
  async restoreMessages() {}
  async setSeen() {}
  async setFlagged() {}
}

/**
 * A big folder whose whole id list is read once and then never again in time (as a 100k
 * folder's takes over a second), while its first rows are live: a new message arrives.
 */
class SlowFolder extends BigFolder {
  private headObserver: ((rows: MessageRow[]) => void) | null = null;
  observeFirstRows(_q: ListQuery, limit: number): Subscribable<MessageRow[]> {
    return {
      subscribe: (o) => {
        this.headObserver = (r) => o.next(r);
        setTimeout(() => o.next(Array.from({ length: limit }, (_, i) => row(i))), 0);
        return { unsubscribe: () => (this.headObserver = null) };
      },
    };
  }
  /** New mail on top: only the head says so. */
  arrive(subject: string): void {
    const fresh = { ...row(-1), id: 'new1', messageId: 'new1@example.org', subject };
    this.headObserver?.([fresh, ...Array.from({ length: 49 }, (_, i) => row(i))]);
  }
}

let host: HTMLElement | undefined;
afterEach(() => host?.remove());

async function mountList(service: MessageService): Promise<BzMessageList> {
  host = document.createElement('div');
  host.style.cssText = 'display:flex;flex-direction:column;height:600px;width:700px';
  new ContextProvider(host, { context: messageServiceContext, initialValue: service });
  document.body.append(host);
  const list = document.createElement('bz-message-list');
  list.style.flex = '1';
  host.append(list);
  list.query = { folderId: 'inbox', sort: 'date', descending: true, unreadOnly: false };
  return list;
}

const grid = (list: BzMessageList) =>
  must(must(list.shadowRoot).querySelector<HTMLElement>('[data-testid="message-list"]'));
const rows = (list: BzMessageList) =>
  deepAll('[data-testid="message-list-item"]', must(list.shadowRoot));

/** A folder whose subject order is still being written (ADR 0036): N left, then none. */
class SortingFolder extends BigFolder {
  private told: ((n: number) => void) | null = null;
  asked: ListQuery[] = [];
  observeUnsorted(q: ListQuery): Subscribable<number> {
    this.asked.push(q);
    return {
      subscribe: (o) => {
        this.told = (n) => o.next(n);
        setTimeout(() => o.next(q.sort === 'subject' ? 4_000 : 0), 0);
        return { unsubscribe: () => (this.told = null) };
      },
    };
  }
  tell(n: number): void {
    this.told?.(n);
  }
}

describe('message list (VIEW-1, 3, 4, 5)', () => {
  it("VIEW-3 while a folder's subject order is being written, a status line says how many messages are left, and goes once sorted", async () => {
    const service = new SortingFolder();
    const list = await mountList(service);
    const hint = () => must(list.shadowRoot).querySelector('[data-testid="sorting-hint"]');
    await until(() => grid(list).getAttribute('aria-busy') === 'false');
    expect(hint()).toBeNull();
    list.query = { folderId: 'inbox', sort: 'subject', descending: false, unreadOnly: false };
    const shown = must(await until(() => hint()));
    expect(shown.getAttribute('role')).toBe('status');
    expect(shown.textContent).toContain('4000 messages to go');
    service.tell(1_000);
    await until(() => hint()?.textContent?.includes('1000 messages to go'));
    service.tell(0);
    await until(() => hint() === null);
    expect(service.asked.map((q) => q.sort)).toEqual(['date', 'subject']);
  });

  it('VIEW-3 renders 100,000 messages as a short window of rows with the right aria-rowcount', async () => {
    performance.clearMarks('bz-list-first-rows');
    const service = new BigFolder();
    const list = await mountList(service);
    await until(() => grid(list).getAttribute('aria-rowcount') === String(COUNT));
    await until(() => rows(list).length > 0);
    expect(performance.getEntriesByName('bz-list-first-rows')).toHaveLength(1);
    expect(rows(list).length).toBeLessThan(80);
    expect(must(rows(list)[0]).dataset.messageId).toBe('m0@example.org');
    expect(service.rowsAsked).toBeLessThan(200);

    grid(list).scrollTop = grid(list).scrollHeight;
    await until(() => rows(list).some((r) => r.getAttribute('aria-rowindex') === String(COUNT)));
    expect(rows(list).length).toBeLessThan(80);
    expect(service.rowsAsked).toBeLessThan(400);
  });

  it('VIEW-1 new mail shows at the top of a 100,000-message folder before its whole id list is read again', async () => {
    const service = new SlowFolder();
    const list = await mountList(service);
    await until(() => grid(list).getAttribute('aria-rowcount') === String(COUNT));
    await until(() => rows(list).length > 0);
    service.arrive('Just arrived');
    await until(() => must(rows(list)[0]).dataset.messageId === 'new1@example.org');
    expect(must(rows(list)[0]).textContent).toContain('Just arrived');
    expect(must(rows(list)[1]).dataset.messageId).toBe('m0@example.org');
    expect(grid(list).getAttribute('aria-rowcount')).toBe(String(COUNT + 1));
  });

  it('VIEW-4 shows a short date with the full date on hover; SEND-10 and ATTACH-2 marks', async () => {
    const list = await mountList(new BigFolder());
    await until(() => rows(list).length > 0);
    const first = must(rows(list)[0]);
    const time = must(first.querySelector('time'));
    expect(time.title.length).toBeGreaterThan((time.textContent ?? '').trim().length);
    expect(first.querySelector('.prio')?.textContent).toBe('!');
    expect(first.querySelector('.clip')).not.toBeNull();
    expect(first.classList.contains('unread')).toBe(true);
  });

  it('FOLDER-6 keyboard: arrows and Shift+arrows select, Space opens, Delete asks to delete', async () => {
    const list = await mountList(new BigFolder());
    await until(() => grid(list).getAttribute('aria-rowcount') === String(COUNT));
    const events: string[] = [];
    list.addEventListener('bz-selection-change', (e) => events.push(`sel:${e.ids.join(',')}`));
    list.addEventListener('bz-message-open', (e) => events.push(`open:${e.messageId}`));
    list.addEventListener('bz-list-command', (e) => events.push(`cmd:${e.command}`));
    const key = (k: string, shiftKey = false) =>
      grid(list).dispatchEvent(new KeyboardEvent('keydown', { key: k, shiftKey, bubbles: true }));
    key('ArrowDown');
    key('ArrowDown', true);
    key(' ');
    key('Delete');
    expect(events).toEqual(['sel:id0', 'sel:id0,id1', 'open:id1', 'cmd:delete']);
    await until(
      () => rows(list).filter((r) => r.getAttribute('aria-selected') === 'true').length === 2,
    );
    key('a');
    expect(events).toHaveLength(4);
  });

  it('VIEW-5 compact mode uses one-line rows', async () => {
    const list = await mountList(new BigFolder());
    await until(() => rows(list).length > 0);
    const tall = must(rows(list)[0]).getBoundingClientRect().height;
    list.compact = true;
    await until(() => must(rows(list)[0]).getBoundingClientRect().height < tall);
    expect(must(rows(list)[0]).querySelector('.line2')).toBeNull();
  });

  it('FOLDER-6 dragging a selected row carries every selected id', async () => {
    const list = await mountList(new BigFolder());
    await until(() => rows(list).length > 2);
    must(rows(list)[0]).click();
    must(rows(list)[2]).dispatchEvent(new MouseEvent('click', { bubbles: true, shiftKey: true }));
    const dt = new DataTransfer();
    must(rows(list)[1]).dispatchEvent(
      new DragEvent('dragstart', { bubbles: true, dataTransfer: dt }),
    );
    expect(JSON.parse(dt.getData('application/x-bz-message-ids'))).toEqual(['id0', 'id1', 'id2']);
  });
});
