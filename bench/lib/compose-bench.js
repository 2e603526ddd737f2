// The compose benchmarks (issue 4), in one run of headless Chromium against the built server
// with one provider: a self-started Dovecot for IMAP, and the test suite's SMTP sink, which
// delivers to that Dovecot over LMTP. Alice signs in through the UI, then:
//  (1) click on New message → To focused, first opening (lazy chunk) and later ones;
//  (2) Send with a 10 MiB attachment → Outbox button gone, → Bob's IMAP INBOX holds it;
//  (3) autosuggest over 10,000 contacts imported through the Contacts tool, per keystroke.
// Each figure is recorded with run.js's `step`, so one failing part leaves the others.
import { loadHarness } from './dovecot.js';
import { startBenchSink } from './smtp-sink.js';
import { startServer } from './server.js';
import { launchFresh, openApp } from './browser.js';
import { installComposeProbe } from './compose-probes.js';
import { measureOpen, SETTLE_TIMEOUT_MS, waitSyncIdle } from './compose-open.js';
import { measureSend } from './compose-send.js';
import { measureSuggest } from './compose-suggest.js';

const ALICE = { user: 'alice@buzon.test', pass: 'alice-secret' };
const BOB = { user: 'bob@buzon.test', pass: 'bob-secret' };
/**
 * The tests' quota (50 MiB) would be hit on purpose by three ~14 MB sends landing in Bob's
 * INBOX and in Alice's Sent; lifted well clear.
 */
const QUOTA = { storageKiB: 1024 * 1024, messages: 100_000 };
/**
 * The sink's SIZE: a common provider limit (25 MB), so a 10 MiB file (~14 MB once base64
 * encoded) goes through and the app's own SIZE check (SEND-12) sees a real limit.
 */
const SINK_MAX_SIZE = 25 * 1024 * 1024;

/** Signs Alice in through the account menu, keeping everything offline, as sync-app.js does. */
async function signIn(page, log) {
  log('signing Alice in …');
  await page.getByTestId('account-menu').click();
  await page.getByTestId('account-add').click();
  await page.getByTestId('sign-in-dialog').waitFor();
  await page.getByTestId('sign-in-username').fill(ALICE.user);
  await page.getByTestId('sign-in-password').fill(ALICE.pass);
  await page.getByTestId('sign-in-window').selectOption('all');
  await Promise.all([
    page.waitForEvent('load', { timeout: SETTLE_TIMEOUT_MS }),
    page.getByTestId('sign-in-submit').click(),
  ]);
  await page.waitForFunction(() => (window.__bz?.ready ?? 0) > 0, undefined, {
    timeout: SETTLE_TIMEOUT_MS,
  });
  await waitSyncIdle(page);
}

/** Starts what it needs, runs (1)-(3), stops everything it started (by PID / handle). */
export async function measureCompose({ quick, step, log }) {
  const started = Date.now();
  const { startDovecot } = await loadHarness();
  log('starting Dovecot and the SMTP sink for the compose bench …');
  const dovecot = await startDovecot({ users: [ALICE, BOB], quota: QUOTA });
  let sink = null;
  let server = null;
  let browser = null;
  try {
    sink = await startBenchSink(dovecot, SINK_MAX_SIZE);
    log(
      `  Dovecot pid ${dovecot.pid}, IMAP :${dovecot.imapPort}, LMTP :${dovecot.lmtpPort}; ` +
        `SMTP sink :${sink.port} (SIZE ${SINK_MAX_SIZE})`,
    );
    server = await startServer({
      extraEnv: {
        BUZON_IMAP_HOST: dovecot.host,
        BUZON_IMAP_PORT: String(dovecot.imapPort),
        BUZON_IMAP_TLS: 'none',
        BUZON_SMTP_HOST: sink.host,
        BUZON_SMTP_PORT: String(sink.port),
        BUZON_SMTP_TLS: 'none',
        BUZON_PROVIDER_NAME: 'Bench Dovecot',
      },
    });
    browser = await launchFresh();
    await browser.context.addInitScript(installComposeProbe);
    const page = await openApp(browser.context, server.url, '?index=paused');
    page.on('pageerror', (err) => log(`  page error: ${err.message}`));
    await signIn(page, log);
    const setupSeconds = (Date.now() - started) / 1000;
    log('composer opening …');
    await step('composeOpen', () => measureOpen(page, log));
    log('sending a 10 MiB attachment …');
    await step('composeSend', () =>
      measureSend(page, dovecot, { sender: ALICE, recipient: BOB, quick, log }),
    );
    log('autosuggest in the page …');
    await step('composeSuggest', () => measureSuggest(page, { quick, log }));
    const seconds = (Date.now() - started) / 1000;
    log(
      `compose bench done in ${seconds.toFixed(1)} s (setup and sign-in ${setupSeconds.toFixed(1)} s)`,
    );
    return {
      seconds,
      setupSeconds,
      sinkMaxSize: SINK_MAX_SIZE,
      submissions: sink.submissions.length,
    };
  } finally {
    await browser?.close();
    await server?.stop();
    await sink?.stop();
    await dovecot.stop();
  }
}
