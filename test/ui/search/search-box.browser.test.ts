// The search box, results in the list pane and the advanced form (SEARCH-1…4), over the
// real mailbox services and a fake search service running the real query language.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { advancedFromQuery } from '../../../src/search/query/index.js';
import {
  buttonIn,
  deep,
  deepAll,
  folderItem,
  must,
  openDialog,
  rowCount,
  until,
} from '../harness.js';
import { rekeyEmail } from '../../../src/store/sync/ops.js';
import { mountSearchApp, typeSearch } from './mount.js';
import type { SearchApp } from './mount.js';

let mounted: SearchApp | undefined;
afterEach(async () => {
  await mounted?.close();
  mounted = undefined;
});

const rowSubjects = () =>
  deepAll('[data-testid="message-list-item"] .subject').map((s) => s.textContent?.trim() ?? '');
const summary = () => deepAll('[data-testid="search-summary"]')[0]?.textContent?.trim();

async function inboxId(app: SearchApp): Promise<string> {
  return must((await app.folders()).find((f) => f.role === 'inbox')).id;
}

describe('search box', () => {
  it('SEARCH-1 the box runs the typed query and the list shows the found rows', async () => {
    mounted = await mountSearchApp([
      { subject: 'Informe trimestral' },
      { subject: 'Menú del comedor' },
      { subject: 'Borrador del informe' },
    ]);
    const inbox = await inboxId(mounted);
    typeSearch('informe');
    await until(() => summary() === '2 results for “informe”');
    expect(mounted.search.calls.map((c) => c.request)).toEqual([
      { text: 'informe', folderId: inbox },
    ]);
    await until(() => rowCount() === 2 && rowSubjects().length === 2);
    expect(rowSubjects().sort()).toEqual(['Borrador del informe', 'Informe trimestral']);
  });

  it('SEARCH-4 a found message the server gives its own id stays in the results, selected, under its new id', async () => {
    mounted = await mountSearchApp([
      { subject: 'Informe trimestral' },
      { subject: 'Borrador del informe' },
    ]);
    const inbox = await mounted.rows(await inboxId(mounted));
    const found = must(inbox.find((r) => r.subject === 'Informe trimestral'));
    const other = must(inbox.find((r) => r.subject === 'Borrador del informe'));
    typeSearch('informe');
    await until(() => summary() === '2 results for “informe”');
    await until(() => rowCount() === 2 && rowSubjects().length === 2);
    let selection: readonly string[] = [];
    deep('bz-message-list').addEventListener('bz-selection-change', (e) => {
      selection = e.ids;
    });
    must(
      deepAll('[data-testid="message-list-item"]').find(
        (r) => deepAll('.subject', r)[0]?.textContent?.trim() === 'Informe trimestral',
      ),
    ).click();
    await until(() => selection[0] === found.id);
    // A sync has the server take the message (it was imported here).
    await rekeyEmail(mounted.db, found.id, 'S-9', { blobId: 'b9', threadId: 't9' }, Date.now());
    await until(() => selection[0] === 'S-9');
    // A change in the folder makes the results read their rows again: both still show.
    await mounted.services.messages.setSeen([other.id], true);
    await until(() => deepAll('[data-testid="message-list-item"].unread').length === 0);
    expect(rowCount()).toBe(2);
    expect(rowSubjects().sort()).toEqual(['Borrador del informe', 'Informe trimestral']);
  });

  it('SEARCH-1 Esc leaves search mode and the folder shows again', async () => {
    mounted = await mountSearchApp([{ subject: 'Informe' }, { subject: 'Otro' }]);
    typeSearch('informe');
    await until(() => rowCount() === 1);
    const input = deep<HTMLInputElement>('[data-testid="search-input"]');
    input.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
    );
    await until(() => rowCount() === 2 && deepAll('bz-search-results').length === 0);
    expect(input.value).toBe('');
  });

  it('SEARCH-1 "/" focuses the search box', async () => {
    mounted = await mountSearchApp([{ subject: 'Hola' }]);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '/', bubbles: true }));
    const input = deep<HTMLInputElement>('[data-testid="search-input"]');
    await until(() => input.matches(':focus'));
  });

  it('SEARCH-2 the scope searches this folder or everywhere', async () => {
    mounted = await mountSearchApp([{ subject: 'Factura enero' }, { subject: 'Factura febrero' }]);
    const inbox = await inboxId(mounted);
    const archive = await mounted.services.folders.createFolder('Facturas', null);
    const [one] = await mounted.rows(inbox);
    await mounted.services.messages.moveMessages([must(one).id], archive.id);
    await mounted.indexAll();

    typeSearch('factura');
    await until(() => summary() === '1 result for “factura”');
    const scope = deep<HTMLSelectElement>('select', must(deep('bz-search-box').shadowRoot));
    expect(scope.getAttribute('aria-label')).toBe('Search in');
    scope.value = 'everywhere';
    scope.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => summary() === '2 results for “factura”');
    expect(mounted.search.calls.map((c) => c.request.folderId)).toEqual([inbox, null]);
    await until(() => rowCount() === 2 && rowSubjects().length === 2);
  });

  it('SEARCH-4 at most 200 results show, with the "more than 200" notice', async () => {
    const many = Array.from({ length: 205 }, (_, i) => ({ subject: `Lote ${i}` }));
    mounted = await mountSearchApp(many);
    typeSearch('lote');
    await until(() => summary() === '200 results for “lote”');
    expect(deep('[data-testid="search-capped"]').textContent?.trim()).toBe(
      'More than 200 found: refine the search',
    );
    expect(rowCount()).toBe(200);
  });

  it('SEARCH-4 the last searches are offered under the box and reopen', async () => {
    mounted = await mountSearchApp([{ subject: 'Viaje a Lisboa' }, { subject: 'Cena' }]);
    typeSearch('lisboa');
    await until(() => rowCount() === 1);
    typeSearch('cena');
    await until(() => summary() === '1 result for “cena”');
    const input = deep<HTMLInputElement>('[data-testid="search-input"]');
    input.blur();
    input.focus();
    const recent = await until(() =>
      deepAll('[data-testid="recent-search"]').find((b) => b.textContent?.trim() === 'lisboa'),
    );
    recent.click();
    await until(() => summary() === '1 result for “lisboa”');
    expect(input.value).toBe('lisboa');
    expect(mounted.search.calls.at(-1)?.request.text).toBe('lisboa');
  });

  it('SEARCH-4 parser warnings, pending messages and the empty state show as text', async () => {
    mounted = await mountSearchApp([{ subject: 'Algo' }]);
    mounted.search.pending = 1234;
    typeSearch('before:soon nada');
    await until(() => deepAll('[data-testid="search-empty"]').length === 1);
    expect(deep('[data-testid="search-warnings"]').textContent).toContain('not a date: soon');
    expect(deep('[data-testid="search-pending"]').textContent?.trim()).toBe(
      '1,234 messages are not indexed yet',
    );
    expect(deep('[data-testid="search-empty"]').textContent?.trim()).toBe(
      'No messages match this search.',
    );
  });

  it('SEARCH-4 a newer search aborts the older one', async () => {
    mounted = await mountSearchApp([{ subject: 'Primero' }, { subject: 'Segundo' }]);
    let open!: () => void;
    mounted.search.gate = new Promise((r) => (open = r));
    typeSearch('primero');
    await until(() => mounted?.search.calls.length === 1);
    typeSearch('segundo');
    await until(() => mounted?.search.calls.length === 2);
    expect(mounted.search.calls[0]?.signal?.aborted).toBe(true);
    expect(mounted.search.calls[1]?.signal?.aborted).toBe(false);
    open();
    await until(() => summary() === '1 result for “segundo”');
    await until(() => rowSubjects().length === 1);
    expect(rowSubjects()).toEqual(['Segundo']);
  });

  it('SEARCH-3 the advanced form reads the box, builds the query and the box shows it', async () => {
    mounted = await mountSearchApp([{ subject: 'Informe', body: 'adjunto' }]);
    const input = deep<HTMLInputElement>('[data-testid="search-input"]');
    input.value = 'from:ana@example.org informe larger:2M';
    (await buttonIn('bz-search-box', 'Advanced…')).click();
    const dialog = await openDialog('bz-advanced-search');
    const field = (name: string) => must(dialog.querySelector<HTMLInputElement>(`[name=${name}]`));
    expect(field('from').value).toBe('ana@example.org');
    expect(field('words').value).toBe('informe');
    expect(field('sizeOp').value).toBe('larger');
    expect(field('sizeAmount').value).toBe('2');
    expect(field('sizeUnit').value).toBe('M');
    field('subject').value = 'trimestral';
    field('unread').checked = true;
    field('since').value = '2025-01-01';
    field('priority').value = 'high';
    field('priority').dispatchEvent(new Event('change', { bubbles: true }));
    const built =
      'from:ana@example.org subject:trimestral informe after:2025-01-01 is:unread larger:2M priority:high';
    await until(() => deep('[data-testid="advanced-query"]').textContent?.trim() === built);
    must(dialog.querySelector<HTMLButtonElement>('button[type=submit]')).click();
    await until(() => mounted?.search.calls.length === 1);
    expect(mounted.search.calls[0]?.request.text).toBe(built);
    await until(() => input.value === built);
    // Reopened, the form reads the same fields back from the box.
    const back = advancedFromQuery(built);
    expect(back).toMatchObject({ from: 'ana@example.org', subject: 'trimestral', unread: true });
  });

  it('SEARCH-3 a folder chosen in the form searches everywhere with in:', async () => {
    mounted = await mountSearchApp([{ subject: 'Hola' }]);
    (await buttonIn('bz-search-box', 'Advanced…')).click();
    const dialog = await openDialog('bz-advanced-search');
    const folder = must(dialog.querySelector<HTMLSelectElement>('select[name=folder]'));
    await until(() => folder.options.length > 3);
    const sent = must([...folder.options].find((o) => o.textContent?.trim() === 'Sent'));
    folder.value = sent.value;
    folder.dispatchEvent(new Event('change', { bubbles: true }));
    must(dialog.querySelector<HTMLButtonElement>('button[type=submit]')).click();
    await until(() => mounted?.search.calls.length === 1);
    expect(mounted.search.calls[0]?.request).toEqual({ text: `in:${sent.value}`, folderId: null });
  });

  it('SEARCH-4 found rows keep the folder actions: Delete moves a found message to Trash', async () => {
    mounted = await mountSearchApp([{ subject: 'Borrar esto' }, { subject: 'Guardar' }]);
    typeSearch('borrar');
    await until(() => rowSubjects().length === 1);
    deep('[data-testid="message-list-item"]').click();
    (await buttonIn('bz-list-toolbar', 'Delete')).click();
    const trash = must((await mounted.folders()).find((f) => f.role === 'trash'));
    const app = mounted;
    await vi.waitFor(async () => expect(await app.rows(trash.id)).toHaveLength(1), {
      timeout: 10_000,
    });
    folderItem('inbox').click();
    await until(() => rowCount() === 1 && deepAll('bz-search-results').length === 0);
  });
});
