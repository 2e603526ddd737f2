// <bz-app> over the real services on a fresh database, with a FakeSearchService whose
// documents are the mailbox's real rows (so found ids open, move and delete for real).
import '../../../src/app/bz-app.js';
import { createInlineParser } from '../../../src/mail/parse.js';
import { renderMail, renderPrintDocument } from '../../../src/mail/render.js';
import type { Services } from '../../../src/state/context.js';
import { createServices } from '../../../src/state/services.js';
import type { Folder, MessageRow } from '../../../src/state/types.js';
import { openDb } from '../../../src/store/db.js';
import { deep, deepAll, until } from '../harness.js';
import type { Mounted } from '../harness.js';
import { FakeSearchService, docOf } from './fake-search.js';

export interface Message {
  subject: string;
  from?: string;
  to?: string;
  body?: string;
}

let serial = 0;

/** A small plain-text message as a user's import would bring it. */
export function eml(m: Message): File {
  serial++;
  const text = [
    `From: ${m.from ?? 'Ana Pérez <ana@example.org>'}`,
    `To: ${m.to ?? 'Bob <bob@example.org>'}`,
    `Subject: ${m.subject}`,
    `Date: Mon, 3 Mar 2025 10:${String(serial % 60).padStart(2, '0')}:00 +0000`,
    `Message-ID: <search-${serial}-${crypto.randomUUID()}@example.org>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    m.body ?? 'Nothing to see.',
    '',
  ].join('\r\n');
  return new File([text], `m${serial}.eml`, { type: 'message/rfc822' });
}

export interface SearchApp extends Mounted {
  search: FakeSearchService;
  folders(): Promise<Folder[]>;
  rows(folderId: string): Promise<MessageRow[]>;
  /** Gives the fake search every stored message (as the index would have them). */
  indexAll(): Promise<void>;
}

function first<T>(s: { subscribe(o: { next(v: T): void }): { unsubscribe(): void } }) {
  return new Promise<T>((resolve) => {
    const sub = s.subscribe({
      next: (v) => {
        queueMicrotask(() => sub.unsubscribe());
        resolve(v);
      },
    });
  });
}

export async function mountSearchApp(
  messages: Message[] = [],
  opts: { withSearch?: boolean } = {},
): Promise<SearchApp> {
  const db = await openDb(`bz-search-${crypto.randomUUID()}`);
  const services: Services = createServices(db, {
    parser: createInlineParser(),
    render: {
      renderMail: (p, o) => renderMail(p, o),
      renderPrintDocument: (p) => renderPrintDocument(p),
    },
  });
  const search = new FakeSearchService();
  if (opts.withSearch ?? true) services.search = search;
  await services.settings.updateSettings({ locale: 'en' });
  if (messages.length) await services.importer.importFiles(messages.map(eml));
  const folders = () => first<Folder[]>(services.folders.observeFolders());
  const rows = async (folderId: string) => {
    const q = { folderId, sort: 'date' as const, descending: true, unreadOnly: false };
    const ids = await first<string[]>(services.messages.observeMessageIds(q));
    return services.messages.getRows(ids);
  };
  const indexAll = async () => {
    const all = await Promise.all((await folders()).map((f) => rows(f.id)));
    search.docs = all.flat().map(docOf);
  };
  await indexAll();
  const app = document.createElement('bz-app');
  app.services = services;
  const ready = new Promise((r) => window.addEventListener('bz-ready', r, { once: true }));
  document.body.append(app);
  await ready;
  // The box comes with the search parts, loaded just after start.
  if (opts.withSearch ?? true) await until(() => deepAll('[data-testid="search-input"]')[0]);
  return {
    app,
    services,
    db,
    search,
    folders,
    rows,
    indexAll,
    close: async () => {
      app.remove();
      await new Promise((r) => setTimeout(r, 50));
      db.close();
    },
  };
}

/** Types into the search box and presses Enter, as a user does. */
export function typeSearch(text: string): void {
  const input = deep<HTMLInputElement>('[data-testid="search-input"]');
  input.focus();
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(
    new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }),
  );
}
