// Highlighted snippets (SEARCH-6), "All messages with this person" (SEARCH-5), saved
// searches as smart folders, and the indexing line, over the real mailbox services.
import { afterEach, describe, expect, it } from 'vitest';
import { parseQuery } from '../../../src/search/query/index.js';
import { personQuery } from '../../../src/ui/search/person-query.js';
import { buttonIn, deep, deepAll, labelledButton, must, rowCount, until } from '../harness.js';
import { mountSearchApp, typeSearch } from './mount.js';
import type { SearchApp } from './mount.js';

let mounted: SearchApp | undefined;
afterEach(async () => {
  await mounted?.close();
  mounted = undefined;
});

const summary = () => deepAll('[data-testid="search-summary"]')[0]?.textContent?.trim();

/** One clause of three address literals: from, to and cc of the whole address. */
function expectPersonQuery(text: string, address: string): void {
  const { query, warnings } = parseQuery(text);
  expect(warnings).toEqual([]);
  expect(query.all).toHaveLength(1);
  const terms = must(query.all[0]).any.map((l) => l.term);
  expect(terms.map((t) => (t.kind === 'address' ? [t.field, t.address] : t.kind))).toEqual([
    ['from', address],
    ['to', address],
    ['cc', address],
  ]);
}

describe('search extras', () => {
  it('SEARCH-6 snippets are highlighted with <mark>; hostile text stays text', async () => {
    const hostile = 'The quarterly report is inside <img src=x onerror="window.__pwned=1"> as promised';
    mounted = await mountSearchApp([
      { subject: 'The <b>report</b> is ready', body: hostile },
      { subject: 'Lunch' },
    ]);
    typeSearch('report');
    await until(() => summary() === '1 result for “report”');
    const snippet = await until(() => deepAll('[data-testid="search-snippet"]')[0]);
    expect(snippet.textContent).toContain('<img src=x onerror="window.__pwned=1">');
    expect(snippet.getAttribute('dir')).toBe('auto');
    expect([...snippet.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['report']);
    const row = deep('[data-testid="message-list-item"]');
    const subject = must(row.querySelector('.subject'));
    expect(subject.textContent).toBe('The <b>report</b> is ready');
    expect([...subject.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['report']);
    expect(row.querySelector('img, b')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
    // Snippets are asked for the found rows on screen only: here the one found.
    expect(mounted.search.snippetCalls.flat()).toHaveLength(1);
  });

  it('SEARCH-5 "All messages with this person" searches everywhere for the address', async () => {
    mounted = await mountSearchApp([
      { subject: 'Hola', from: 'Ana Pérez <ana@example.org>' },
      { subject: 'Otra cosa', from: 'Carlos <carlos@example.org>' },
    ]);
    const row = await until(() =>
      deepAll('[data-testid="message-list-item"]').find((r) => r.textContent?.includes('Hola')),
    );
    row.click();
    await until(() => deepAll('[data-testid="person-search"]').length > 0);
    (await labelledButton('bz-message-view', 'All messages with ana@example.org')).click();
    await until(() => mounted?.search.calls.length === 1);
    const request = must(mounted.search.calls[0]).request;
    expect(request.folderId).toBeNull();
    expect(request.text).toBe('from:ana@example.org OR to:ana@example.org OR cc:ana@example.org');
    expectPersonQuery(request.text, 'ana@example.org');
    await until(
      () =>
        summary() ===
        '1 result for “from:ana@example.org OR to:ana@example.org OR cc:ana@example.org”',
    );
    expect(deep<HTMLInputElement>('[data-testid="search-input"]').value).toBe(request.text);
  });

  it('SEARCH-5 an address with spaces or quotes stays one value for the parser', () => {
    expect(personQuery('"odd name"@example.org')).toBe(
      'from:"odd name@example.org" OR to:"odd name@example.org" OR cc:"odd name@example.org"',
    );
    const { query } = parseQuery(personQuery('"odd name"@example.org'));
    expect(query.all).toHaveLength(1);
    expect(must(query.all[0]).any.map((l) => l.source)).toEqual([
      'from:"odd name@example.org"',
      'to:"odd name@example.org"',
      'cc:"odd name@example.org"',
    ]);
    expectPersonQuery(personQuery('bob+tag@example.org'), 'bob+tag@example.org');
  });

  it('SEARCH-4 a search saved as a smart folder appears under the folders, runs and is removed', async () => {
    mounted = await mountSearchApp([{ subject: 'Viaje' }, { subject: 'Cena' }]);
    typeSearch('viaje');
    await until(() => summary() === '1 result for “viaje”');
    (await buttonIn('bz-search-results', 'Save as smart folder')).click();
    const prompt = await until(() =>
      deepAll<HTMLDialogElement>('dialog', must(deep('bz-search-results').shadowRoot)).find(
        (d) => d.open,
      ),
    );
    must(prompt.querySelector<HTMLInputElement>('input[name=value]')).value = 'Viajes';
    must(prompt.querySelector<HTMLButtonElement>('button[type=submit]')).click();
    const item = await until(() => deepAll('[data-testid="saved-search"]')[0]);
    expect(item.textContent).toContain('Viajes');
    expect(mounted.search.saved.value.map((s) => s.request.text)).toEqual(['viaje']);

    deep('bz-folder-tree')
      .shadowRoot?.querySelector<HTMLElement>('[data-testid="folder-item"]')
      ?.click();
    await until(() => deepAll('bz-search-results').length === 0 && rowCount() === 2);
    (await buttonIn('bz-saved-searches', 'Viajes')).click();
    await until(() => summary() === '1 result for “viaje”');
    expect(mounted.search.calls).toHaveLength(2);

    (await labelledButton('bz-saved-searches', 'Remove Viajes')).click();
    const confirm = await until(() =>
      deepAll<HTMLDialogElement>('dialog', must(deep('bz-saved-searches').shadowRoot)).find(
        (d) => d.open,
      ),
    );
    expect(confirm.textContent).toContain('Remove the saved search “Viajes”?');
    must(confirm.querySelector<HTMLButtonElement>('[data-testid="confirm"]')).click();
    await until(() => deepAll('[data-testid="saved-search"]').length === 0);
    expect(mounted.search.saved.value).toEqual([]);
  });

  it('SEARCH-6 indexing progress shows with Pause and Resume, and its error as text', async () => {
    mounted = await mountSearchApp([{ subject: 'Hola' }]);
    mounted.search.indexing.set({ indexed: 1234, total: 10000, running: true, error: null });
    const line = await until(() => deepAll('[data-testid="indexing-status"]')[0]);
    expect(line.textContent).toContain('Indexing mail for search: 1,234 of 10,000');
    (await buttonIn('bz-indexing-status', 'Pause')).click();
    expect(mounted.search.pauses).toBe(1);
    (await buttonIn('bz-indexing-status', 'Resume')).click();
    expect(mounted.search.resumes).toBe(1);
    mounted.search.indexing.set({
      indexed: 5,
      total: 10,
      running: false,
      error: '<b>disk full</b>',
    });
    const error = await until(() =>
      deep('bz-indexing-status').shadowRoot?.querySelector('[role=alert]'),
    );
    expect(error.textContent?.trim()).toBe('<b>disk full</b>');
    mounted.search.indexing.set({ indexed: 10, total: 10, running: false, error: null });
    await until(() => deepAll('[data-testid="indexing-status"]').length === 0);
  });

  it('SEARCH-1 without a search service no search box, reader action or sidebar shows', async () => {
    mounted = await mountSearchApp([{ subject: 'Hola' }], { withSearch: false });
    (await until(() => deepAll('[data-testid="message-list-item"]')[0])).click();
    await until(() => deepAll('[data-testid="sender-address"]').length === 1);
    expect(deepAll('[data-testid="search-input"]')).toHaveLength(0);
    expect(deepAll('[data-testid="person-search"]')).toHaveLength(0);
    expect(deepAll('bz-indexing-status')).toHaveLength(0);
  });
});
