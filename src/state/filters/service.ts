// The FilterService (FILTER-1…5, src/state/filter-types.ts): settings kept in the mailbox's
// settings table, installed on the server as Sieve when an account is signed in, and
// "how many match" / "run now" over a folder's stored messages. Loaded on first use
// (lazy-filter-service.ts), never in the start-up bundle.
import { compileSieve } from '../../filters/sieve.js';
import { byIdMap, pathNames } from '../../store/folder-rules.js';
import { listIdentities } from '../../store/repos/identities.js';
import { listMailboxes } from '../../store/repos/mailboxes.js';
import type { MailboxRecord } from '../../store/records.js';
import type { SieveApi } from '../../sync/sieve-client.js';
import { PATH_DELIMITER } from '../../sync/sieve-client.js';
import type { CompileReport, FilterService, ServerFilterState } from '../filter-types.js';
import { ValueSubject } from '../subscribable.js';
import type { OutcomeDeps } from './apply-outcome.js';
import { applyFilterOutcome } from './apply-outcome.js';
import { walkFolder } from './run.js';
import { createServerSync } from './server.js';
import type { ServerSync } from './server.js';
import {
  checkAway,
  checkFilters,
  checkForward,
  observeFilterSettings,
  writeFilterSettings,
} from './storage.js';

export interface FilterServerDeps {
  /** The proxy's /sieve (sieve-client.ts createSieveApi). */
  api: SieveApi;
  /** Server folder id → IMAP path (sieve-client.ts serverFolderPaths over the JMAP client). */
  serverPaths: () => Promise<Map<string, string>>;
  onOnline?: (callback: () => void) => () => void;
}

export interface FilterServiceDeps extends OutcomeDeps {
  /** Present when an account is signed in; absent on the local mailbox (state `local`). */
  server?: FilterServerDeps;
  /** The user's own addresses; default: the stored identities' addresses. */
  ownAddresses?: () => Promise<string[]>;
}

/** The folder's path as the server would name it when it has no server id yet. */
function localPath(id: string, all: readonly MailboxRecord[]): string {
  const byId = byIdMap(all);
  const names = pathNames(byId, id);
  let root = byId.get(id);
  // Bounded like pathNames: a broken parent chain cannot loop.
  for (let steps = 0; root && root.parentId !== null && steps < 1000; steps++)
    root = byId.get(root.parentId);
  if (root?.role === 'inbox') names[0] = 'INBOX';
  return names.join(PATH_DELIMITER);
}

/** Placeholder folder paths for compileReport, which only lists what the server cannot do. */
const REPORT_OPTIONS = { junkFolder: 'Junk', trashFolder: 'Trash' };

export function createFilterService(deps: FilterServiceDeps): FilterService {
  const { db } = deps;
  const ownAddresses =
    deps.ownAddresses ?? (async () => (await listIdentities(db)).map((i) => i.address));
  let own: string[] = [];
  void ownAddresses()
    .then((a) => (own = a))
    .catch(() => undefined);

  let server: ServerSync | null = null;
  const localState = new ValueSubject<ServerFilterState>({ kind: 'local' });
  if (deps.server) {
    const s = deps.server;
    server = createServerSync({
      db,
      api: s.api,
      ownAddresses,
      ...(s.onOnline ? { onOnline: s.onOnline } : {}),
      folderPaths: async () => {
        const all = await listMailboxes(db);
        const remote = await s.serverPaths();
        return new Map(
          all.map((m) => [
            m.id,
            (m.serverId ? remote.get(m.serverId) : undefined) ?? localPath(m.id, all),
          ]),
        );
      },
    });
    void server.reconcile();
  }
  const afterSave = async () => {
    if (server) await server.install(false);
  };

  return {
    observeSettings: () => observeFilterSettings(db),
    async saveFilters(filters) {
      await writeFilterSettings(db, { filters: checkFilters(filters) });
      await afterSave();
    },
    async saveAway(away) {
      await writeFilterSettings(db, { away: checkAway(away) });
      await afterSave();
    },
    async saveForward(forward) {
      await writeFilterSettings(db, { forward: checkForward(forward) });
      await afterSave();
    },
    compileReport(settings): CompileReport {
      try {
        const out = compileSieve(settings.filters, settings.away, settings.forward, {
          ...REPORT_OPTIONS,
          ownAddresses: own,
        });
        return { clientOnly: out.clientOnly, warnings: out.warnings };
      } catch {
        return { clientOnly: [], warnings: [] };
      }
    },
    observeServerState: () => server?.state ?? localState,
    async installOnServer(opts) {
      if (server) await server.install(opts?.replaceActive === true);
    },
    async countMatches(filter, folderId, opts = {}) {
      const report = await walkFolder(deps, filter, folderId, opts, async () => undefined);
      if (report.cancelled) throw new DOMException('Cancelled', 'AbortError');
      return report.matched;
    },
    async runNow(filter, folderId, opts = {}) {
      return walkFolder(deps, filter, folderId, opts, async (id, outcome) => {
        await applyFilterOutcome(deps, id, outcome);
      });
    },
  };
}
