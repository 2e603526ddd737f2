// One check of one POP3 account: list the server's unique ids, fetch what is due, APPEND
// each message with its exact bytes into the user's INBOX, record its UIDL, and only then
// (leave-on-server off) DELE it. Recording per message means a cancelled, failed or
// crashed check never fetches a message twice: the next one skips what was recorded, and
// deletes what was fetched but whose DELE never reached QUIT.
import type { BuzonConfig } from '../config/types.js';
import { appendMessage } from '../imap/append.js';
import { Pop3Client } from './client.js';
import { endpointFor } from './input.js';
import type { StoredAccount } from './model.js';
import { readSeen, seenKey, writeSeen } from './store.js';
import type { OwnerLocks, RunImap } from './store.js';

/** RFC 1939 gives no bound; past this many seen UIDLs the oldest are forgotten (EXTERNAL-1). */
export const MAX_SEEN_UIDLS = 10_000;
/** Larger messages stay on the server (skipped): Dovecot's default APPEND limit is not lower. */
export const MAX_POP3_MESSAGE_BYTES = 50 * 1024 * 1024;

/** The live figures of a running check, read by GET /pop3/job. */
export interface FetchProgress {
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
  fetched: number;
  skipped: number;
}

export interface FetchOptions {
  imap: RunImap;
  locks: OwnerLocks;
  owner: string;
  config: BuzonConfig;
  signal: AbortSignal;
  /** False once the user's session ended: the check stops between messages. */
  alive: () => boolean;
  progress: FetchProgress;
  maxSeen?: number;
  maxMessageBytes?: number;
}

export type FetchOutcome = 'ok' | 'cancelled';

/** Runs the check; throws the POP3/IMAP error that stopped it (what was appended stays). */
export async function runFetch(
  account: StoredAccount,
  password: string,
  opts: FetchOptions,
): Promise<FetchOutcome> {
  const maxSeen = opts.maxSeen ?? MAX_SEEN_UIDLS;
  const maxBytes = opts.maxMessageBytes ?? MAX_POP3_MESSAGE_BYTES;
  const { progress } = opts;
  const pop = await Pop3Client.connect(await endpointFor(account, opts.config));
  try {
    await pop.login(account.username, password);
    const listing = await pop.uidl();
    const sizes = await pop.list();
    // Only the newest `maxSeen` messages can be told apart from seen ones; older ones are
    // left alone (and counted as skipped) rather than fetched again and again.
    const window = listing.slice(-maxSeen);
    progress.skipped = listing.length - window.length;
    const stored = new Set(await readSeen(opts.imap, account.id));
    // Pruned to what the server still lists: ids are never reused (RFC 1939 §7).
    const seen = window.map((m) => seenKey(m.uid)).filter((k) => stored.has(k));
    const seenSet = new Set(seen);
    // Leave-on-server off: a recorded message still listed was fetched but its DELE never
    // reached QUIT (cancel, crash): delete it now, never fetch it again.
    const skipSeen = account.newOnly || !account.leaveOnServer;
    const due = window.filter((m) => !skipSeen || !seenSet.has(seenKey(m.uid)));
    if (!account.leaveOnServer)
      for (const m of window) if (seenSet.has(seenKey(m.uid))) await pop.dele(m.n);
    if (seen.length !== stored.size)
      await opts.locks.run(opts.owner, () => writeSeen(opts.imap, account.id, seen));
    progress.total = due.length;
    progress.bytesTotal = due.reduce((sum, m) => sum + (sizes.get(m.n) ?? 0), 0);

    for (const m of due) {
      if (opts.signal.aborted || !opts.alive()) return await finish(pop, 'cancelled');
      const size = sizes.get(m.n) ?? 0;
      if (size > maxBytes) {
        progress.skipped++;
      } else {
        const bytes = await pop.retr(m.n, maxBytes);
        await opts.imap((client, cache) => appendMessage(client, cache, 'INBOX', bytes, [], null));
        const key = seenKey(m.uid);
        if (!seenSet.has(key)) {
          seenSet.add(key);
          seen.push(key);
          if (seen.length > maxSeen) seen.splice(0, seen.length - maxSeen);
        }
        await opts.locks.run(opts.owner, () => writeSeen(opts.imap, account.id, seen));
        if (!account.leaveOnServer) await pop.dele(m.n);
        progress.fetched++;
      }
      progress.done++;
      progress.bytesDone += size;
    }
    return await finish(pop, 'ok');
  } finally {
    pop.close();
  }
}

/** QUIT makes the DELEs take effect (RFC 1939 §6); a cancelled check keeps them too. */
async function finish(pop: Pop3Client, outcome: FetchOutcome): Promise<FetchOutcome> {
  await pop.quit();
  return outcome;
}
