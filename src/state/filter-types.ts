// The contract between the filters UI (ui/filters) and the FilterService (state/filters):
// FILTER-1…5. The model itself (Filter, AwaySettings, ForwardSettings) is src/filters/model.ts.
import type { AwaySettings, Filter, ForwardSettings } from '../filters/model.js';
import type { ClientOnlyAction, CompileWarning } from '../filters/sieve.js';
import type { Subscribable } from './observable.js';

/** Everything the user configured, as stored on this device. */
export interface FilterSettings {
  /** In the order they run (FILTER-2). */
  filters: Filter[];
  /** FILTER-4; null until the user first saves one. */
  away: AwaySettings | null;
  /** FILTER-5; null until the user first saves one. */
  forward: ForwardSettings | null;
}

/**
 * Where the server's copy of the rules stands (FILTER-3 *beyond*: installed over ManageSieve).
 * - `local`: no server account, or its provider offers no ManageSieve: the filters run in the
 *   app only, on mail it sees (the editor says so).
 * - `installing`: a save is being sent.
 * - `installed`: the server runs the script made from the current settings.
 * - `pending`: saved on this device, not yet on the server (offline, or the server was
 *   unreachable); sent again when the app is next online.
 * - `other-active`: another client's script is active on the server; installing would
 *   replace it. The user decides (`installOnServer({ replaceActive: true })`).
 * - `refused`: the server refused the script; `message` is its text.
 */
export type ServerFilterState =
  | { kind: 'local' }
  | { kind: 'installing' }
  | { kind: 'installed' }
  | { kind: 'pending'; message: string }
  | { kind: 'other-active'; scriptName: string }
  | { kind: 'refused'; message: string };

/** What compiling the current settings says the server cannot do (the editor shows these). */
export interface CompileReport {
  /** Actions only the app performs, with the sentence to show next to each. */
  clientOnly: ClientOnlyAction[];
  warnings: CompileWarning[];
}

/** Progress of a long run over existing messages (PWA-5: shown, cancellable). */
export interface FilterRunProgress {
  done: number;
  total: number;
}

/** What running a filter now on a folder did. */
export interface FilterRunReport {
  /** Messages looked at. */
  examined: number;
  /** Messages the filter's conditions held for (its actions were applied to these). */
  matched: number;
  /** Messages that could not be read (body missing offline, unparseable): skipped, named. */
  skipped: number;
  /** The run was cancelled; what was done before stays done. */
  cancelled: boolean;
}

export interface FilterService {
  /** The stored settings; re-emits on every change (this tab or another). */
  observeSettings(): Subscribable<FilterSettings>;
  /** Replaces the whole list (add, edit, reorder, toggle, delete are all this). Refuses invalid filters. */
  saveFilters(filters: Filter[]): Promise<void>;
  saveAway(away: AwaySettings): Promise<void>;
  saveForward(forward: ForwardSettings): Promise<void>;
  /** What the server cannot do with these settings (for the editor's notes). */
  compileReport(settings: FilterSettings): CompileReport;
  observeServerState(): Subscribable<ServerFilterState>;
  /** Sends the current settings to the server now (after other-active, or to retry). */
  installOnServer(opts?: { replaceActive?: boolean }): Promise<void>;
  /** FILTER-1 preview: how many messages of the folder the filter's conditions hold for. */
  countMatches(
    filter: Filter,
    folderId: string,
    opts?: { signal?: AbortSignal; onProgress?: (p: FilterRunProgress) => void },
  ): Promise<number>;
  /** FILTER-3 *beyond*: run one filter now on a folder's messages, actions included. */
  runNow(
    filter: Filter,
    folderId: string,
    opts?: { signal?: AbortSignal; onProgress?: (p: FilterRunProgress) => void },
  ): Promise<FilterRunReport>;
}

/**
 * The service is loaded on first use (the engine, the Sieve compiler and the editor stay out
 * of the start-up bundle): elements call the loader when the filters dialog opens.
 */
export type FilterServiceLoader = () => Promise<FilterService>;
