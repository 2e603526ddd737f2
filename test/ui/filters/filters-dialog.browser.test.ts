// FILTER-1…5 in the browser: the filters dialog over the real services and a fresh real
// IndexedDB — write a filter, see how many messages match, run it now, switch it off, the
// away message form — with screenshots of the list, the editor and the away form.
import { ContextProvider } from '@lit/context';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { createInlineParser } from '../../../src/mail/parse.js';
import { renderMail, renderPrintDocument } from '../../../src/mail/render.js';
import {
  filterServiceContext,
  folderServiceContext,
  tagServiceContext,
} from '../../../src/state/context.js';
import { newEmailRecord } from '../../../src/state/email-rows.js';
import { sha256Hex } from '../../../src/state/hash.js';
import { createServices } from '../../../src/state/services.js';
import type { Services } from '../../../src/state/context.js';
import { openDb } from '../../../src/store/db.js';
import type { BuzonDb } from '../../../src/store/db.js';
import { newId } from '../../../src/store/ids.js';
import { putNewMessages } from '../../../src/store/repos/emails.js';
import '../../../src/ui/filters/bz-filters-dialog.js';
import type { BzFiltersDialog } from '../../../src/ui/filters/bz-filters-dialog.js';

const THEME = `:root{--bz-bg:#fff;--bz-fg:#1b1f24;--bz-muted:#5b6570;--bz-border:#d5dae0;
--bz-hover:#eef3f8;--bz-accent:#1f4e79;--bz-on-accent:#fff;--bz-focus:#2f7bd8;--bz-danger:#c0262d;
--bz-button-bg:#f6f8fa} body{font:14px system-ui,sans-serif;background:#fff}
dialog{background:var(--bz-bg);border:1px solid var(--bz-border);border-radius:8px}
.dialog-actions{display:flex;gap:.5rem;justify-content:flex-end;margin-top:.8rem}`;

function deepAll<E extends Element = HTMLElement>(sel: string, root: ParentNode = document): E[] {
  const out: E[] = [...root.querySelectorAll<E>(sel)];
  for (const el of root.querySelectorAll('*'))
    if (el.shadowRoot) out.push(...deepAll<E>(sel, el.shadowRoot));
  return out;
}
const until = <T>(f: () => T | undefined | null | false, timeout = 10_000): Promise<T> =>
  vi.waitFor(
    () => {
      const v = f();
      if (!v) throw new Error(`not yet: ${f.toString().slice(0, 160)}`);
      return v;
    },
    { timeout, interval: 20 },
  );
const button = (text: string | RegExp) =>
  until(() =>
    deepAll<HTMLButtonElement>('button').find((b) =>
      typeof text === 'string' ? b.textContent?.trim() === text : text.test(b.textContent ?? ''),
    ),
  );
const byLabel = <E extends HTMLElement>(label: string) =>
  until(() => deepAll<E>(`[aria-label="${label}"]`)[0]);
function type(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}
function choose(el: HTMLSelectElement, value: string): void {
  el.value = value;
  el.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

let serial = 0;
async function seed(db: BuzonDb, folderId: string, subjects: string[]): Promise<void> {
  const parser = createInlineParser();
  const items = await Promise.all(
    subjects.map(async (subject) => {
      serial++;
      const raw = new TextEncoder().encode(
        `From: Shop <shop@example.net>\r\nTo: me@example.org\r\nSubject: ${subject}\r\n` +
          `Message-ID: <b${serial}@example.net>\r\nDate: Mon, 2 Feb 2026 10:00:00 +0000\r\n\r\nHola.\r\n`,
      );
      const email = newEmailRecord({
        id: newId(),
        mailboxId: folderId,
        raw,
        contentHash: await sha256Hex(raw),
        summary: await parser.summarize(raw),
        now: Date.now(),
        seen: false,
      });
      return { email, raw };
    }),
  );
  await putNewMessages(db, items);
}

async function mount(): Promise<{ services: Services; db: BuzonDb; dialog: BzFiltersDialog }> {
  const db = await openDb(`buzon-filters-${Date.now()}-${Math.random()}`);
  const services = createServices(db, {
    parser: createInlineParser(),
    render: { renderMail, renderPrintDocument },
  });
  const style = document.createElement('style');
  style.textContent = THEME;
  const host = document.createElement('div');
  new ContextProvider(host, { context: filterServiceContext, initialValue: services.filters });
  new ContextProvider(host, { context: folderServiceContext, initialValue: services.folders });
  new ContextProvider(host, { context: tagServiceContext, initialValue: services.tags });
  document.head.append(style);
  document.body.append(host);
  const dialog = document.createElement('bz-filters-dialog');
  host.append(dialog);
  await dialog.updateComplete;
  cleanup = () => {
    host.remove();
    style.remove();
    db.close();
  };
  return { services, db, dialog };
}

const rowsIn = async (db: BuzonDb, folderId: string) =>
  (await db.emails.toArray()).filter((r) => r.mailboxId === folderId);

describe('the filters dialog (FILTER-1…5)', () => {
  it('FILTER-1 writes "subject contains invoice → move, tag", previews the count, runs it now on Inbox', async () => {
    await page.viewport(1000, 900);
    const { services, db, dialog } = await mount();
    const facturas = await services.folders.createFolder('Facturas', null);
    await seed(db, 'inbox', ['Invoice 42', 'Your invoice for May', 'Dinner on Friday']);
    await dialog.show();
    await until(() => deepAll('p').find((p) => p.textContent?.includes('No filters yet.')));
    expect(deepAll('[data-testid="server-state"]')[0]?.textContent).toMatch(/only in this app/);
    (await button('New filter')).click();
    // An empty description is refused with a sentence.
    (await button('Save filter')).click();
    await until(() =>
      deepAll('[role="alert"]').find((a) => /description/.test(a.textContent ?? '')),
    );

    type(await until(() => deepAll<HTMLInputElement>('input[name="description"]')[0]), 'Invoices');
    type(await byLabel<HTMLInputElement>('Value of condition 1'), 'invoice');
    (await button('Add an action')).click();
    choose(await byLabel<HTMLSelectElement>('Folder 1'), facturas.id);
    (await button('Add an action')).click();
    choose(await byLabel<HTMLSelectElement>('Action 2'), 'tag');
    await until(() => deepAll('option').find((o) => o.textContent?.trim() === 'Work'));
    choose(await byLabel<HTMLSelectElement>('Tag 2'), '$label2');
    (await button('Add an action')).click();
    choose(await byLabel<HTMLSelectElement>('Action 3'), 'priority');
    const note = await until(() => deepAll('[data-testid="app-only"]')[0]);
    expect(note.textContent).toMatch(/editheader/);

    (await button('Count matching messages')).click();
    await until(() =>
      deepAll('[data-testid="run-result"]').find((p) =>
        p.textContent?.includes('2 messages in Inbox match'),
      ),
    );
    await page.screenshot({
      element: deepAll('dialog')[0] as HTMLElement,
      path: '../../../test-output/filters-editor.png',
    });

    (await button('Run now on Inbox…')).click();
    (
      await until(() =>
        deepAll<HTMLButtonElement>('[data-testid="confirm"]').find((b) => b.offsetParent),
      )
    ).click();
    await until(() =>
      deepAll('[data-testid="run-result"]').find((p) => p.textContent?.includes('Done: 2 of 3')),
    );
    const filed = await rowsIn(db, facturas.id);
    expect(filed.map((r) => r.subject).sort()).toEqual(['Invoice 42', 'Your invoice for May']);
    expect(filed.every((r) => r.keywords['$label2'] && r.priority === 1)).toBe(true);
    expect((await rowsIn(db, 'inbox')).map((r) => r.subject)).toEqual(['Dinner on Friday']);

    (await button('Save filter')).click();
    const item = await until(() => deepAll('[data-testid="filter"]')[0]);
    expect(item.textContent).toContain('Invoices');
    const loader = services.filters;
    if (!loader) throw new Error('no filter service');
    const saved = (await loader()).observeSettings();
    const stored = await new Promise<string[]>((resolve) => {
      const sub = saved.subscribe({
        next: (s) => (
          resolve(s.filters.map((f) => f.description)),
          queueMicrotask(() => sub.unsubscribe())
        ),
      });
    });
    expect(stored).toEqual(['Invoices']);
    await page.screenshot({
      element: deepAll('dialog')[0] as HTMLElement,
      path: '../../../test-output/filters-list.png',
    });

    // FILTER-2 switched off: kept in the list, inactive.
    (await byLabel<HTMLInputElement>('Active: Invoices')).click();
    await vi.waitFor(async () => {
      const s = await new Promise<boolean | undefined>((resolve) => {
        const sub = saved.subscribe({
          next: (v) => (resolve(v.filters[0]?.active), queueMicrotask(() => sub.unsubscribe())),
        });
      });
      if (s !== false) throw new Error('still active');
    });
  });

  it('FILTER-4/5 the away form saves; the forwarding form warns about loops', async () => {
    await page.viewport(1000, 900);
    const { services, dialog } = await mount();
    await dialog.show();
    (
      await until(() =>
        deepAll<HTMLButtonElement>('[role="tab"]').find(
          (t) => t.textContent?.trim() === 'Away message',
        ),
      )
    ).click();
    (await until(() => deepAll<HTMLInputElement>('input[name="away-enabled"]')[0])).click();
    type(await until(() => deepAll<HTMLInputElement>('input[name="away-start"]')[0]), '2026-08-01');
    type(await until(() => deepAll<HTMLInputElement>('input[name="away-end"]')[0]), '2026-08-20');
    type(
      await until(() => deepAll<HTMLInputElement>('input[name="away-subject"]')[0]),
      'De vacaciones',
    );
    type(
      await until(() => deepAll<HTMLTextAreaElement>('textarea[name="away-text"]')[0]),
      'Vuelvo el 21 de agosto.',
    );
    await page.screenshot({
      element: deepAll('dialog')[0] as HTMLElement,
      path: '../../../test-output/filters-away.png',
    });
    (await button('Save')).click();
    await until(() => deepAll('p[role="status"]').find((p) => p.textContent?.includes('Saved.')));
    const s = await new Promise<string | undefined>((resolve) => {
      const sub = (services.filters as NonNullable<Services['filters']>)().then((f) =>
        f.observeSettings().subscribe({ next: (v) => resolve(v.away?.subject) }),
      );
      void sub;
    });
    expect(s).toBe('De vacaciones');

    (
      await until(() =>
        deepAll<HTMLButtonElement>('[role="tab"]').find(
          (t) => t.textContent?.trim() === 'Forwarding',
        ),
      )
    ).click();
    (await until(() => deepAll<HTMLInputElement>('input[name="forward-enabled"]')[0])).click();
    type(
      await until(() => deepAll<HTMLInputElement>('input[name="forward-to"]')[0]),
      'me@elsewhere.example',
    );
    const warning = await until(() => deepAll('[data-testid="forward-warning"]')[0]);
    expect(warning.textContent).toMatch(/loop/);
    type(
      await until(() => deepAll<HTMLInputElement>('input[name="forward-to"]')[0]),
      'not an address',
    );
    (await button('Save')).click();
    await until(() =>
      deepAll('[role="alert"]').find((a) => /not a valid address/.test(a.textContent ?? '')),
    );
  });
});
