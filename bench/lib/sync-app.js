// (sync 2-4) Buzón against the bench Dovecot through the real proxy (the built server,
// configured by environment to one provider), in headless Chromium, driven like a user:
//  (2) sign in with "everything" kept offline: submit → status line idle (bodies included);
//  (3) another IMAP client STOREs +FLAGS \Seen on 100 messages: STORE done → the Inbox's
//      unread badge shows 100 fewer (push triggers the sync);
//  (3b) the same while the browser is offline: network back → the badge (the sync a
//      reconnect, a start or "Sync now" runs, without Dovecot's ~0.5 s notify delay);
//  (4) an LMTP delivery → its row in the open Inbox, repeated.
import { randomUUID } from 'node:crypto';
import { ALICE } from './dovecot.js';
import { imapClient } from './sync-imap.js';
import { startServer } from './server.js';
import { launchFresh, openApp } from './browser.js';
import { cpuSince, cpuSnapshot } from './cpu.js';
import { startProfile } from './cpu-profile.js';
import {
  countStored,
  describePage,
  installPhaseProbe,
  recordEventSource,
  startWatch,
} from './sync-probes.js';

/** Sign-in plus 10k messages with bodies: generous so a slow build still reports a figure. */
const BOOTSTRAP_TIMEOUT_MS = 15 * 60_000;
/** One flag change or one delivery showing up: targets are 0.2 s and 1.5 s; this is a hang. */
const CHANGE_TIMEOUT_MS = 30_000;
/** Node polls the page this often while waiting (the page itself times by frame). */
const POLL_MS = 50;
/** Flag changes per incremental run, as the issue states. */
const FLAG_CHANGES = 100;
/** Incremental runs, each on 100 other messages, for a median. */
const INCREMENTAL_RUNS = 3;
/** Pause between runs so each starts from an idle app with push listening. */
const SETTLE_MS = 1_000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The built server with one provider, `default`, pointing at the bench Dovecot. */
export async function startAppServer(dovecot, staticDir, proxyDir) {
  const env = {
    BUZON_IMAP_HOST: dovecot.host,
    BUZON_IMAP_PORT: String(dovecot.imapPort),
    BUZON_IMAP_TLS: 'none',
    BUZON_PROVIDER_NAME: 'Bench Dovecot',
  };
  return startServer({ extraEnv: env, proxyDir, ...(staticDir ? { staticDir } : {}) });
}

/**
 * Waits until `read`, polled in the page, returns a truthy value; survives the reload.
 * The page polls itself (waitForFunction): a round trip from Node every 50 ms cost the
 * driver, on the same two cores as the measured app, ~0.1 CPU-seconds per second.
 */
async function pollPage(page, read, arg, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`${what}: nothing within ${timeoutMs} ms`);
    try {
      // It resolves once `read` gives a truthy value.
      const handle = await page.waitForFunction(read, arg, { polling: POLL_MS, timeout: left });
      return await handle.jsonValue();
    } catch (err) {
      // A navigation (the reload after sign-in) ends the page's poll: poll the new page.
      if (err?.name === 'TimeoutError' || /closed/i.test(String(err?.message))) {
        throw new Error(`${what}: nothing within ${timeoutMs} ms`, { cause: err });
      }
      await sleep(POLL_MS);
    }
  }
}

export const bootstrapDone = () => {
  const p = window.__bzSync?.phases ?? [];
  const start = p.findIndex((x) => x.phase === 'bootstrap');
  const idle = p.findIndex((x, i) => i > start && start >= 0 && x.phase === 'idle');
  return idle > 0 ? { phases: p, idleAt: p[idle].at } : null;
};
const phaseNow = () => window.__bzSync?.last ?? null;
const watchedAt = () => window.__bzWatch?.at ?? null;

async function waitIdle(page) {
  await pollPage(
    page,
    () => (window.__bzSync?.last === 'idle' ? true : null),
    undefined,
    CHANGE_TIMEOUT_MS,
    'idle',
  );
}

/** Fills the sign-in form (everything kept offline); `submit()` clicks and returns its time. */
export async function fillSignIn(page) {
  // A user signs in after the app has installed (its service worker precaches the app
  // while the form is filled): the bootstrap is timed without that one-off install
  // running beside it.
  await page.evaluate(() => navigator.serviceWorker?.ready);
  await page.getByTestId('account-menu').click();
  await page.getByTestId('account-add').click();
  await page.getByTestId('sign-in-provider').selectOption('default');
  await page.getByTestId('sign-in-username').fill(ALICE.user);
  await page.getByTestId('sign-in-password').fill(ALICE.pass);
  await page.getByTestId('sign-in-window').selectOption('all');
  return async () => {
    const t0 = Date.now();
    await page.getByTestId('sign-in-submit').click();
    return t0;
  };
}

async function signIn(page, log) {
  const submit = await fillSignIn(page);
  log('signing in (keep everything offline) and waiting for the bootstrap …');
  return submit();
}

/** Counts the page's requests to the proxy by kind (api, download, eventsource, …). */
function countRequests(page) {
  const counts = {};
  const onRequest = (req) => {
    const m = /^https?:\/\/[^/]+\/((?:jmap|auth)(?:\/\w+)?)(?:[/?]|$)/.exec(req.url());
    if (m) counts[m[1]] = (counts[m[1]] ?? 0) + 1;
  };
  page.on('request', onRequest);
  return () => {
    page.off('request', onRequest);
    return counts;
  };
}

async function measureBootstrap(page, expected, log) {
  const requests = countRequests(page);
  const cpuBefore = cpuSnapshot();
  const profiling = process.env.BENCH_PROFILE === '1' ? await startProfile(page) : null;
  const t0 = await signIn(page, log);
  const done = await pollPage(
    page,
    bootstrapDone,
    undefined,
    BOOTSTRAP_TIMEOUT_MS,
    'bootstrap → idle',
  );
  const progress = await page.evaluate(() => window.__bzSync.progress);
  const seconds = (done.idleAt - t0) / 1000;
  const cpu = cpuSince(cpuBefore);
  if (profiling) log(`  main thread, self time:\n${(await profiling()).join('\n')}`);
  const stored = await page.evaluate(countStored);
  log(`  idle after ${seconds.toFixed(1)} s; stored: ${JSON.stringify(stored)}`);
  log(`  CPU seconds meanwhile, by process: ${JSON.stringify(cpu)}`);
  log(`  progress: ${JSON.stringify(progress.map((p) => [p.value, p.max, p.at - t0]))}`);
  const account = stored.find((d) => d.bodies > 0) ?? stored[0] ?? null;
  return {
    seconds,
    count: expected.count,
    bytes: expected.bytes,
    stored: account,
    cpu,
    phases: done.phases.map((p) => ({ phase: p.phase, afterMs: p.at - t0 })),
    progress: progress.map((p) => ({ value: p.value, max: p.max, afterMs: p.at - t0 })),
    requests: requests(),
  };
}

async function openInbox(page) {
  const inbox = page.locator('[data-testid="folder-item"][data-folder-role="inbox"]');
  await inbox.click();
  await page
    .locator('[data-testid="folder-item"][data-folder-role="inbox"][aria-selected="true"]')
    .waitFor();
}

/** Waits for the watch started in the page; returns its epoch ms. A miss says what push did. */
async function watched(page, what, push) {
  try {
    return await pollPage(page, watchedAt, undefined, CHANGE_TIMEOUT_MS, what);
  } catch (err) {
    const state = await page.evaluate(describePage).catch(() => null);
    throw new Error(`${err.message}; push: ${push.describe()}; page: ${JSON.stringify(state)}`, {
      cause: err,
    });
  }
}

/**
 * Runs `step` INCREMENTAL_RUNS times from an idle app, each on 100 unread Inbox messages
 * not used before, with another IMAP client holding the Inbox. `step(client, set, before)`
 * changes the flags of `set` (the badge showed `before`) and returns the run's figures.
 */
async function flagRuns(page, dovecot, step) {
  const client = await imapClient(dovecot);
  const runs = [];
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const uids = (await client.search({ seen: false }, { uid: true })).sort((a, b) => a - b);
      for (let run = 0; run < INCREMENTAL_RUNS; run++) {
        await waitIdle(page);
        await sleep(SETTLE_MS);
        const set = uids.slice(run * FLAG_CHANGES, (run + 1) * FLAG_CHANGES);
        const before = await page.evaluate(startWatch, ['unread', -1]);
        if (before === null) throw new Error('the Inbox shows no unread badge');
        runs.push({
          ...(await step(client, set, before)),
          changed: set.length,
          unreadBefore: before,
        });
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return { runs, flagChanges: FLAG_CHANGES };
}

const markSeen = (client, set) => client.messageFlagsAdd(set.join(','), ['\\Seen'], { uid: true });

async function measureIncremental(page, dovecot, push, log) {
  return flagRuns(page, dovecot, async (client, set, before) => {
    await page.evaluate(startWatch, ['unread', before - set.length]);
    await markSeen(client, set);
    const t0 = Date.now();
    const at = await watched(page, `${set.length} flag changes`, push);
    const sse = push.firstStateAfter(t0);
    log(
      `  ${set.length} flags: ${at - t0} ms STORE → Inbox badge` +
        (sse ? ` (StateChange in the browser after ${Math.round(sse.at - t0)} ms)` : ''),
    );
    return { ms: at - t0, sseMs: sse ? sse.at - t0 : null };
  });
}

/**
 * (3b) Another client changes 100 flags while this browser is offline; the clock starts
 * when the network comes back (the page's `online` event starts a sync) and stops when the
 * badge shows them. Uses the unread messages after those (3) used.
 */
async function measureCatchUp(page, dovecot, log) {
  try {
    return await flagRuns(page, dovecot, async (client, set, before) => {
      await page.context().setOffline(true);
      await markSeen(client, set);
      // Past Dovecot's notify delay, so no push of these changes is still on its way.
      await sleep(SETTLE_MS);
      await page.evaluate(startWatch, ['unread', before - set.length]);
      const t0 = Date.now();
      await page.context().setOffline(false);
      const at = await pollPage(page, watchedAt, undefined, CHANGE_TIMEOUT_MS, 'catch-up');
      log(`  ${set.length} flags changed while offline: ${at - t0} ms network back → Inbox badge`);
      return { ms: at - t0, sseMs: null };
    });
  } finally {
    await page.context().setOffline(false);
  }
}

function pushMessage(subject) {
  return [
    'From: Push Bench <push.bench@buzon.test>',
    `To: ${ALICE.user}`,
    `Subject: ${subject}`,
    `Message-ID: <${randomUUID()}@bench.buzon.test>`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    'Delivered over LMTP by bench/lib/sync-app.js to time push to the screen.',
    '',
  ].join('\r\n');
}

async function measurePush(page, dovecot, push, runsWanted, log) {
  const runs = [];
  for (let i = 0; i < runsWanted; i++) {
    await waitIdle(page);
    await sleep(SETTLE_MS);
    const subject = `Bench push ${i + 1} ${randomUUID().slice(0, 8)}`;
    await page.evaluate(startWatch, ['row', subject]);
    await dovecot.deliver(ALICE.user, pushMessage(subject));
    const t0 = Date.now();
    const at = await watched(page, `row "${subject}"`, push);
    const sse = push.firstStateAfter(t0);
    runs.push({ ms: at - t0, sseMs: sse ? sse.at - t0 : null });
    log(
      `  push ${i + 1}: ${at - t0} ms LMTP → row` +
        (sse ? ` (StateChange after ${Math.round(sse.at - t0)} ms)` : ''),
    );
  }
  return { runs };
}

/**
 * A bootstrap alone, in a fresh browser against the same proxy and Dovecot: a paired
 * round of sync-bench.js (its limits measured just before, in the same minute).
 */
export async function measureAppBootstrap(dovecot, expected, log) {
  const server = await startAppServer(dovecot);
  const browser = await launchFresh();
  try {
    await browser.context.addInitScript(installPhaseProbe);
    const page = await openApp(browser.context, server.url, '?index=paused');
    return await measureBootstrap(page, expected, log);
  } finally {
    await browser.close();
    await server.stop();
  }
}

/**
 * Runs (2)-(4) in one browser, recording each into results via `step` (so one failing
 * part leaves the others' figures). `expected`: { count, bytes } of what the server holds.
 */
export async function measureAppSync(dovecot, expected, { pushRuns, step, log }) {
  const server = await startAppServer(dovecot);
  const browser = await launchFresh();
  try {
    await browser.context.addInitScript(installPhaseProbe);
    // Sync alone: the search index is measured on its own (search-bench.js).
    const page = await openApp(browser.context, server.url, '?index=paused');
    const push = await recordEventSource(page);
    await step('syncBootstrap', () => measureBootstrap(page, expected, log));
    if (!(await page.evaluate(phaseNow).catch(() => null))) return;
    await openInbox(page);
    await step('syncIncremental', () => measureIncremental(page, dovecot, push, log));
    await step('syncCatchUp', () => measureCatchUp(page, dovecot, log));
    await step('syncPush', () => measurePush(page, dovecot, push, pushRuns, log));
  } finally {
    await browser.close();
    await server.stop();
  }
}
