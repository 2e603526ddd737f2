// Browser-test helpers for the UI: the real services over a fresh IndexedDB, fixture
// bytes from disk, and queries that pierce open shadow roots like Playwright does.
import { vi } from 'vitest';
import { commands } from 'vitest/browser';
import '../../src/app/bz-app.js';
import type { BzApp } from '../../src/app/bz-app.js';
import { createInlineParser } from '../../src/mail/parse.js';
import { renderMail, renderPrintDocument } from '../../src/mail/render.js';
import type { Services } from '../../src/state/context.js';
import { createServices } from '../../src/state/services.js';
import type { SyncService } from '../../src/state/types.js';
import { openDb, type BuzonDb } from '../../src/store/db.js';

/** Fixture bytes exactly as on disk (latin-1 is one character per byte). */
export async function fixture(name: string): Promise<Uint8Array> {
  const text = await commands.readFile(`test/fixtures/eml/${name}`, 'latin1');
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

export async function fixtureFile(name: string): Promise<File> {
  return new File([new Uint8Array(await fixture(name))], name, { type: 'message/rfc822' });
}

/** Every element matching `selector` in `root` and in all open shadow roots below it. */
export function deepAll<E extends Element = HTMLElement>(
  selector: string,
  root: ParentNode = document,
): E[] {
  const out: E[] = [...root.querySelectorAll<E>(selector)];
  for (const el of root.querySelectorAll('*'))
    if (el.shadowRoot) out.push(...deepAll<E>(selector, el.shadowRoot));
  return out;
}

export function deep<E extends Element = HTMLElement>(
  selector: string,
  root: ParentNode = document,
): E {
  const el = deepAll<E>(selector, root)[0];
  if (!el) throw new Error(`no ${selector}`);
  return el;
}

export async function until<T>(
  f: () => T | undefined | null | false,
  timeout = 10_000,
): Promise<T> {
  return vi.waitFor(
    () => {
      const v = f();
      if (!v) throw new Error('not yet');
      return v;
    },
    { timeout, interval: 20 },
  );
}

export interface Mounted {
  app: BzApp;
  services: Services;
  /** The app's database, for what happens outside the page (a sync in another tab). */
  db: BuzonDb;
  close(): Promise<void>;
}

/** Mounts <bz-app> over real services and a fresh database; resolves on `bz-ready`. */
export async function mountApp(
  locale: 'en' | 'es' = 'en',
  extra: { sync?: SyncService } = {},
): Promise<Mounted> {
  const db = await openDb(`bz-ui-${crypto.randomUUID()}`);
  const services = createServices(db, {
    ...(extra.sync ? { sync: extra.sync } : {}),
    parser: createInlineParser(),
    render: {
      renderMail: (p, o) => renderMail(p, o),
      renderPrintDocument: (p) => renderPrintDocument(p),
    },
  });
  await services.settings.updateSettings({ locale });
  const app = document.createElement('bz-app');
  app.services = services;
  const ready = new Promise((r) => window.addEventListener('bz-ready', r, { once: true }));
  document.body.append(app);
  await ready;
  return {
    app,
    services,
    db,
    close: async () => {
      app.remove();
      // Let live queries of the removed elements settle before the database goes away.
      await new Promise((r) => setTimeout(r, 50));
      db.close();
    },
  };
}

/** Imports files through the toolbar's file input, as a user picking files does. */
export async function importThroughInput(
  files: File[],
): Promise<{ imported: number; duplicates: number; rejected: unknown[] }> {
  const input = deep<HTMLInputElement>('[data-testid="import-input"]');
  const dt = new DataTransfer();
  for (const f of files) dt.items.add(f);
  input.files = dt.files;
  const done = new Promise<CustomEvent>((r) =>
    window.addEventListener('bz-import-done', (e) => r(e as CustomEvent), { once: true }),
  );
  input.dispatchEvent(new Event('change', { bubbles: true }));
  return (await done).detail as { imported: number; duplicates: number; rejected: unknown[] };
}

export function folderItem(role: string): HTMLElement {
  return deep(`[data-testid="folder-item"][data-folder-role="${role}"]`);
}

export function rowCount(): number {
  return Number(deep('[data-testid="message-list"]').getAttribute('aria-rowcount'));
}

/** The button labelled `text` inside the shadow root of the first `host` element. */
export function findButton(host: string, text: string): HTMLButtonElement | undefined {
  const root = deepAll(host)[0]?.shadowRoot;
  return root
    ? deepAll<HTMLButtonElement>('button', root).find((x) => x.textContent?.trim() === text)
    : undefined;
}

/** Waits for the button labelled `text` in `host`'s shadow root (it may render later). */
export function buttonIn(host: string, text: string): Promise<HTMLButtonElement> {
  return until(() => findButton(host, text));
}

/** The value, or a failed test saying what was missing (tests avoid `!`). */
export function must<T>(value: T | null | undefined, what = 'value'): T {
  if (value === null || value === undefined) throw new Error(`missing ${what}`);
  return value;
}

/** The button with aria-label `label` inside `host`'s shadow root (icon-only buttons). */
export function labelledButton(host: string, label: string): Promise<HTMLButtonElement> {
  return until(() => {
    const root = deepAll(host)[0]?.shadowRoot;
    return root
      ? deepAll<HTMLButtonElement>('button', root).find(
          (b) => b.getAttribute('aria-label') === label,
        )
      : undefined;
  });
}

/** The open <dialog> in `host`'s shadow root. */
export function openDialog(host: string): Promise<HTMLDialogElement> {
  return until(() => {
    const root = deepAll(host)[0]?.shadowRoot;
    return root ? [...root.querySelectorAll('dialog')].find((d) => d.open) : undefined;
  });
}
