// FILTER-3…5 on the server: the settings compiled to Sieve (src/filters/sieve.ts) and sent
// to the proxy's /sieve after each save, with the state the editor shows. One install at a
// time; a save during an install sends again after it. Offline or unreachable: `pending`,
// sent again when the browser is next online. Another device's settings in the installed
// script are adopted when this device has none or has not changed its own since its last
// install (ADR 0029).
import { isScriptIntact, readScriptChecksum } from '../../filters/checksum.js';
import { compileSieve } from '../../filters/sieve.js';
import type { Filter } from '../../filters/model.js';
import { isValidAddress } from '../../filters/parse.js';
import type { BuzonDb } from '../../store/db.js';
import { listMailboxes } from '../../store/repos/mailboxes.js';
import { listSettingValues } from '../../store/repos/settings.js';
import type { SieveApi } from '../../sync/sieve-client.js';
import { SieveApiError } from '../../sync/sieve-client.js';
import type { FilterSettings, ServerFilterState } from '../filter-types.js';
import { ValueSubject } from '../subscribable.js';
import { readSettingsLine, withSettingsLine } from './settings-line.js';
import {
  hasLocalSettings,
  readFilterSettings,
  readInstalledFingerprint,
  settingsFingerprint,
  settingsFrom,
  writeFilterSettings,
  writeInstalledFingerprint,
} from './storage.js';

export interface ServerDeps {
  db: BuzonDb;
  api: SieveApi;
  /** Local folder id → the folder's IMAP path on the server. */
  folderPaths: () => Promise<Map<string, string>>;
  /** The user's own addresses (identities), for loop checks and the away message. */
  ownAddresses: () => Promise<string[]>;
  /** Calls back when the browser is online again; returns the unsubscribe. */
  onOnline?: (callback: () => void) => () => void;
}

export interface ServerSync {
  state: ValueSubject<ServerFilterState>;
  /** Reads the server's state, adopts its settings where ADR 0029 says, installs if needed. */
  reconcile(): Promise<void>;
  install(replaceActive: boolean): Promise<void>;
}

/** The browser's zone as Sieve's `currentdate :zone` takes it ("+0100"). */
export function localZone(at: Date = new Date()): string {
  const minutes = -at.getTimezoneOffset();
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${minutes < 0 ? '-' : '+'}${hh}${mm}`;
}

function defaultOnOnline(callback: () => void): () => void {
  if (typeof globalThis.addEventListener !== 'function') return () => undefined;
  globalThis.addEventListener('online', callback);
  return () => globalThis.removeEventListener('online', callback);
}

export function createServerSync(deps: ServerDeps): ServerSync {
  const { db, api } = deps;
  const state = new ValueSubject<ServerFilterState>({ kind: 'pending', message: '' });
  let chain: Promise<void> = Promise.resolve();
  (deps.onOnline ?? defaultOnOnline)(() => {
    if (state.value.kind === 'pending') void reconcile();
  });

  /** The script for these settings, folder paths as the server names them. */
  async function compile(settings: FilterSettings): Promise<string> {
    const [paths, mailboxes, own] = await Promise.all([
      deps.folderPaths(),
      listMailboxes(db),
      deps.ownAddresses(),
    ]);
    const role = (r: 'spam' | 'trash') => mailboxes.find((m) => m.role === r)?.id;
    const pathOf = (id: string | undefined, fallback: string) =>
      (id === undefined ? undefined : paths.get(id)) ?? fallback;
    const filters: Filter[] = settings.filters.map((f) => ({
      ...f,
      actions: f.actions.map((a) =>
        a.type === 'move' || a.type === 'copy'
          ? { ...a, folder: { ...a.folder, path: pathOf(a.folder.id, a.folder.path) } }
          : a,
      ),
    }));
    const ownAddresses = own.filter(isValidAddress);
    const away =
      settings.away && settings.away.addresses.length === 0
        ? { ...settings.away, addresses: ownAddresses.slice(0, 50) }
        : settings.away;
    const compiled = compileSieve(filters, away, settings.forward, {
      junkFolder: pathOf(role('spam'), 'Junk'),
      trashFolder: pathOf(role('trash'), 'Trash'),
      ownAddresses,
      zone: localZone(),
    });
    return withSettingsLine(compiled.script, settings);
  }

  function failed(err: unknown): ServerFilterState {
    if (err instanceof SieveApiError) {
      if (err.status === 409) return { kind: 'other-active', scriptName: err.otherActive ?? '' };
      if (err.code === 'sieveRejected' || err.code === 'invalidArguments')
        return { kind: 'refused', message: err.message };
      if (err.code === 'sieveUnavailable') return { kind: 'local' };
      return { kind: 'pending', message: err.message };
    }
    // Offline JMAP (folder paths) and the like: try again when online.
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof Error && /^Sieve(Input|Options)Error$/.test(err.name))
      return { kind: 'refused', message };
    return { kind: 'pending', message };
  }

  async function doInstall(replaceActive: boolean): Promise<void> {
    state.set({ kind: 'installing' });
    try {
      const settings = await readFilterSettings(db);
      await api.install(await compile(settings), replaceActive);
      await writeInstalledFingerprint(db, settingsFingerprint(settings));
      state.set({ kind: 'installed' });
    } catch (err) {
      state.set(failed(err));
    }
  }

  async function doReconcile(): Promise<void> {
    try {
      const status = await api.status();
      if (!status.available) return state.set({ kind: 'local' });
      const values = await listSettingValues(db);
      let local = settingsFrom(values);
      let saved = hasLocalSettings(values);
      const script = status.script;
      const theirs = script !== null && isScriptIntact(script) ? readSettingsLine(script) : null;
      if (theirs) {
        const installed = await readInstalledFingerprint(db);
        const localFp = settingsFingerprint(local);
        const serverFp = settingsFingerprint(theirs);
        if (serverFp !== localFp && (!saved || localFp === installed)) {
          await writeFilterSettings(db, theirs);
          await writeInstalledFingerprint(db, serverFp);
          local = theirs;
          saved = true;
        }
      }
      if (!saved && script === null) {
        // Nothing configured here or there: nothing to send; another script is worth telling.
        return state.set(
          status.otherActive
            ? { kind: 'other-active', scriptName: status.otherActive }
            : { kind: 'installed' },
        );
      }
      const wanted = await compile(local);
      if (
        status.active &&
        script !== null &&
        readScriptChecksum(script) === readScriptChecksum(wanted)
      ) {
        await writeInstalledFingerprint(db, settingsFingerprint(local));
        return state.set({ kind: 'installed' });
      }
      await doInstall(false);
    } catch (err) {
      state.set(failed(err));
    }
  }

  function queue(work: () => Promise<void>): Promise<void> {
    chain = chain.then(work, work);
    return chain;
  }

  const reconcile = () => queue(doReconcile);
  return {
    state,
    reconcile,
    install: (replaceActive) => queue(() => doInstall(replaceActive)),
  };
}
