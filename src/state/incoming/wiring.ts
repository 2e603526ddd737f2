// Incoming mail's processor put together from the app's services (ADR 0028): the spam
// verdict from the SpamService, the filters as stored by the FilterService, whether the
// server runs them (Buzón's script installed from exactly these settings), and the same
// outcome executor as "run now". Loaded by the syncing tab only when mail is queued.
import { listIdentities } from '../../store/repos/identities.js';
import type { OutcomeDeps } from '../filters/apply-outcome.js';
import { applyFilterOutcome } from '../filters/apply-outcome.js';
import {
  readFilterSettings,
  readInstalledFingerprint,
  settingsFingerprint,
} from '../filters/storage.js';
import type { PgpServiceLoader } from '../pgp-types.js';
import type { SpamServiceLoader } from '../spam-types.js';
import type { NoticeKind } from '../types.js';
import type { IncomingDeps } from './processor.js';
import { drainIncoming } from './processor.js';

export interface IncomingWiring extends OutcomeDeps {
  /** The message's bytes: stored, or fetched through the sync service. */
  body(id: string): Promise<Uint8Array>;
  spam: SpamServiceLoader;
  /** An account with ManageSieve may run the filters on the server (FilterService deps). */
  serverFilters: boolean;
  notify(kind: NoticeKind, message: string): void;
  /** PGP-1: Autocrypt headers of incoming mail feed the keystore (unconfirmed). */
  pgp?: PgpServiceLoader;
}

/** The drain the sync service runs after each pass. */
export function createIncomingDrain(w: IncomingWiring): (signal: AbortSignal) => Promise<number> {
  const deps: IncomingDeps = {
    db: w.db,
    parser: w.parser,
    body: w.body,
    ...(w.pgp ? { pgp: w.pgp } : {}),
    async spamVerdict(raw, parsed, keywords) {
      const spam = await w.spam();
      const got = parsed
        ? await spam.classifyParsed(parsed, { keywords })
        : await spam.classify(raw, { keywords });
      return got.verdict;
    },
    async filterSetup() {
      const [settings, installed, identities] = await Promise.all([
        readFilterSettings(w.db),
        readInstalledFingerprint(w.db),
        listIdentities(w.db),
      ]);
      return {
        filters: settings.filters,
        serverRuns: w.serverFilters && installed === settingsFingerprint(settings),
        ownAddresses: identities.map((i) => i.address),
      };
    },
    async apply(email, outcome) {
      const report = await applyFilterOutcome(w, email.id, outcome);
      for (const problem of report.problems)
        w.notify('error', `“${email.subject || email.id}”: ${problem}`);
    },
    onSkipped(email, reason) {
      const why = reason instanceof Error ? reason.message : String(reason);
      w.notify('error', `“${email.subject || email.id}” was not filtered: ${why}`);
    },
  };
  return (signal) => drainIncoming(deps, signal);
}
