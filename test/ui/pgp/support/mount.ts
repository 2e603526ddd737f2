// PGP-1 UI tests: the keystore screens mounted with the in-memory PgpService, optional
// sender identities and the real settings service over a fresh IndexedDB; downloads
// captured instead of saved; queries that pierce open shadow roots.
import { ContextProvider } from '@lit/context';
import { vi } from 'vitest';
import {
  identityServiceContext,
  noticeServiceContext,
  pgpServiceContext,
  settingsServiceContext,
} from '../../../../src/state/context.js';
import type { IdentityService } from '../../../../src/state/identity-types.js';
import { createSettingsService } from '../../../../src/state/settings-service.js';
import type { SettingsService } from '../../../../src/state/types.js';
import { openDb } from '../../../../src/store/db.js';
import type { BuzonDb } from '../../../../src/store/db.js';
import '../../../../src/ui/pgp/bz-pgp-dialog.js';
import '../../../../src/ui/pgp/bz-pgp-import-dialog.js';
import '../../../../src/ui/settings/bz-settings-dialog.js';
import { deepAll, must, until } from '../../harness.js';
import { RecordingNotices } from '../../settings/support/identities-double.js';
import type { MemoryPgp } from './pgp-double.js';

export const THEME = `:root{--bz-bg:#fff;--bz-fg:#1b1f24;--bz-muted:#5b6570;--bz-border:#d5dae0;
--bz-hover:#eef3f8;--bz-accent:#1f4e79;--bz-on-accent:#fff;--bz-focus:#2f7bd8;--bz-danger:#c0262d;
--bz-button-bg:#f6f8fa} body{font:14px system-ui,sans-serif;background:#fff}`;

let host: HTMLElement | undefined;
let style: HTMLStyleElement | undefined;
let db: BuzonDb | undefined;

export interface Mounted<E extends HTMLElement> {
  el: E;
  db: BuzonDb;
  settings: SettingsService;
  notices: RecordingNotices;
}

/** Mounts `tag` under providers for the PGP loader (when given), identities and settings. */
export async function mount<
  K extends 'bz-pgp-dialog' | 'bz-pgp-import-dialog' | 'bz-settings-dialog',
>(
  tag: K,
  pgp: MemoryPgp | undefined,
  identities?: IdentityService,
): Promise<Mounted<HTMLElementTagNameMap[K]>> {
  const opened = await openDb(`bz-pgp-ui-${crypto.randomUUID()}`);
  db = opened;
  const settings = createSettingsService(opened);
  const notices = new RecordingNotices();
  style = document.createElement('style');
  style.textContent = THEME;
  document.head.append(style);
  host = document.createElement('div');
  if (pgp) new ContextProvider(host, { context: pgpServiceContext, initialValue: async () => pgp });
  if (identities)
    new ContextProvider(host, {
      context: identityServiceContext,
      initialValue: async () => identities,
    });
  new ContextProvider(host, { context: settingsServiceContext, initialValue: settings });
  new ContextProvider(host, { context: noticeServiceContext, initialValue: notices });
  document.body.append(host);
  const el = document.createElement(tag);
  host.append(el);
  await el.updateComplete;
  return { el, db: opened, settings, notices };
}

/** For afterEach: removes what `mount` made. */
export async function unmount(): Promise<void> {
  host?.remove();
  style?.remove();
  host = undefined;
  style = undefined;
  // Let the settings live query of the removed element settle before the database goes.
  await new Promise((r) => setTimeout(r, 50));
  db?.close();
  db = undefined;
  vi.restoreAllMocks();
}

/** Text content with runs of white space as one space. */
export const text = (el: Node | null | undefined): string =>
  (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The shadow root of `el` (the part of the page a test looks in). */
export const inside = (el: Element): ShadowRoot => must(el.shadowRoot, `${el.tagName} shadow root`);

/** The enabled button whose visible text is `label`, anywhere under `root`. */
export function button(root: ParentNode, label: string | RegExp): Promise<HTMLButtonElement> {
  return until(() =>
    deepAll<HTMLButtonElement>('button', root).find(
      (b) => !b.disabled && (typeof label === 'string' ? text(b) === label : label.test(text(b))),
    ),
  );
}

/** The key card (keystore or import review) for `fingerprint`. */
export function card(root: ParentNode, fingerprint: string): Promise<HTMLElement> {
  return until(() => deepAll(`[data-fingerprint="${fingerprint}"]`, root)[0]);
}

/** Every alert's text under `root`. */
export const alerts = (root: ParentNode): string[] =>
  deepAll('[role="alert"]', root).map((a) => text(a));

/** Sets an input's value the way typing does (input event). */
export function fill(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

export interface Download {
  name: string;
  type: string;
  text: string;
}

/** Downloads the page starts, followed by the test instead of the browser (none reach disk). */
export function captureDownloads(): Download[] {
  const saved: Download[] = [];
  const blobs = new Map<string, Blob>();
  const create = URL.createObjectURL.bind(URL);
  vi.spyOn(URL, 'createObjectURL').mockImplementation((obj) => {
    const url = create(obj);
    if (obj instanceof Blob) blobs.set(url, obj);
    return url;
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    const blob = blobs.get(this.href);
    if (this.download && blob) {
      const entry = { name: this.download, type: blob.type, text: '' };
      saved.push(entry);
      void blob.text().then((t) => (entry.text = t));
    }
  });
  return saved;
}

/** Every visible control under `root` without an accessible name (label, aria-label, text). */
export function unnamedControls(root: ParentNode): string[] {
  return deepAll<HTMLElement>('button, input, select, textarea', root)
    .filter((c) => c.checkVisibility())
    .filter((c) => {
      if (c.getAttribute('aria-label')) return false;
      if (c instanceof HTMLButtonElement) return !c.textContent?.trim();
      return ((c as HTMLInputElement).labels?.length ?? 0) === 0;
    })
    .map((c) => c.outerHTML);
}
