// Mounts the composer with the recording ComposeService, the real settings service over a
// fresh IndexedDB and (when given) a PgpService double behind a counting loader.
import { ContextProvider } from '@lit/context';
import {
  composeServiceContext,
  pgpServiceContext,
  settingsServiceContext,
} from '../../../../../src/state/context.js';
import { createSettingsService } from '../../../../../src/state/settings-service.js';
import { openDb } from '../../../../../src/store/db.js';
import type { BuzonDb } from '../../../../../src/store/db.js';
import type { DraftInput } from '../../../../../src/state/types.js';
import '../../../../../src/ui/compose/bz-composer.js';
import type { BzComposer } from '../../../../../src/ui/compose/bz-composer.js';
import { deep, deepAll, must, until } from '../../../harness.js';
import { FakeCompose } from '../../support/fake-compose.js';
import type { FakePgp } from './fake-pgp.js';

let host: HTMLElement | undefined;
let db: BuzonDb | undefined;

export async function unmount(): Promise<void> {
  host?.remove();
  host = undefined;
  // Let pending IndexedDB reads of the settings finish before the database closes.
  await new Promise((r) => setTimeout(r, 50));
  db?.close();
  db = undefined;
}

export interface Mounted {
  el: BzComposer;
  compose: FakeCompose;
  /** How many times the composer loaded the PGP service. */
  loads(): number;
}

export async function mountComposer(opts: {
  pgp?: FakePgp;
  signAlways?: boolean;
  compose?: FakeCompose;
  draft?: DraftInput;
}): Promise<Mounted> {
  db = await openDb(`bz-pgp-compose-${crypto.randomUUID()}`);
  const settings = createSettingsService(db);
  await settings.updateSettings({ pgpSignAlways: opts.signAlways ?? false });
  const compose = opts.compose ?? new FakeCompose();
  let loads = 0;
  const pgp = opts.pgp;
  host = document.createElement('div');
  new ContextProvider(host, { context: composeServiceContext, initialValue: compose });
  new ContextProvider(host, { context: settingsServiceContext, initialValue: settings });
  new ContextProvider(host, {
    context: pgpServiceContext,
    initialValue: pgp
      ? async () => {
          loads++;
          return pgp;
        }
      : undefined,
  });
  document.body.append(host);
  const el = document.createElement('bz-composer');
  host.append(el);
  await el.updateComplete;
  await el.open(opts.draft ?? null);
  await until(() => el.shadowRoot?.querySelectorAll('#from option').length);
  return { el, compose, loads: () => loads };
}

/** The element with data-testid `id` anywhere below the composer (shadow roots included). */
export const part = <E extends Element = HTMLElement>(el: Element, id: string): E =>
  deep<E>(`[data-testid="${id}"]`, must(el.shadowRoot));
export const has = (el: Element, id: string) =>
  deepAll(`[data-testid="${id}"]`, must(el.shadowRoot)).length > 0;
export const text = (el: Element, id: string) =>
  (has(el, id) ? part(el, id).textContent : '')?.replace(/\s+/g, ' ').trim() ?? '';
export const box = (el: Element, id: string) => part<HTMLInputElement>(el, id);
