// (compose 2) Send a message with a 10 MiB attachment to Bob, as a user does: New message,
// To/Subject/text, the file picked through the composer's file input, Send. Timed from the
// click on Send (the event's own timeStamp, in the page) to (a) the Outbox button gone —
// the proxy answered the submission — and (b) Bob's IMAP INBOX holding it (Node polls
// STATUS over its own imapflow connection). The undo window (5 s on purpose) is reported
// apart and taken off, so the figures are Buzón's work; the page's resource timings split
// that work into the upload and the submitting call.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { OUT_DIR } from './paths.js';
import { describeSend, readSend, startSendWatch } from './compose-probes.js';
import { openComposer, waitSyncIdle } from './compose-open.js';

/** The "10 MB", taken as 10 MiB so the figure is not flattered by 5%. */
export const ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** The app's undo window (UNDO_SEND_MS in src/state/compose-service.ts): a deliberate wait. */
export const UNDO_WINDOW_MS = 5_000;
/** Sends for a median; each is ~14 MB through the proxy, SMTP, LMTP and back by sync. */
const SEND_RUNS = 3;
const SEND_RUNS_QUICK = 1;
/** A send of a few seconds plus the undo window; this is a hang. */
const SEND_TIMEOUT_MS = 120_000;
/** Node's STATUS polling of Bob's INBOX: a loopback round trip is ~1 ms. */
const POLL_MS = 20;
/** As in compose-open.js: the app is let settle before the timed click. */
const QUIET_MS = 500;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Incompressible bytes (as a photo or a PDF is), written once under bench/out/compose/. */
function attachmentFile() {
  const dir = join(OUT_DIR, 'compose');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'informe-anual-10MiB.pdf');
  if (!existsSync(path) || statSync(path).size !== ATTACHMENT_BYTES)
    writeFileSync(path, randomBytes(ATTACHMENT_BYTES));
  return path;
}

async function imapAs(dovecot, user) {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.imapPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user: user.user, pass: user.pass },
    logger: false,
  });
  await client.connect();
  return client;
}

const inboxCount = async (client) => (await client.status('INBOX', { messages: true })).messages;

/** Epoch ms when INBOX first holds more than `before` messages. */
async function deliveredAt(client, before) {
  const deadline = Date.now() + SEND_TIMEOUT_MS;
  for (;;) {
    if ((await inboxCount(client)) > before) return Date.now();
    if (Date.now() > deadline)
      throw new Error(`nothing reached the INBOX in ${SEND_TIMEOUT_MS} ms`);
    await sleep(POLL_MS);
  }
}

/** The newest INBOX message: its subject, size, and its attachment part's encoded size. */
async function newestMessage(client) {
  const lock = await client.getMailboxLock('INBOX');
  try {
    const m = await client.fetchOne('*', { envelope: true, size: true, bodyStructure: true });
    const parts = [];
    const walk = (node) => {
      if (node.disposition === 'attachment') parts.push(node);
      for (const child of node.childNodes ?? []) walk(child);
    };
    walk(m.bodyStructure);
    return {
      subject: m.envelope.subject,
      bytes: m.size,
      attachment: parts[0] ? { type: parts[0].type, encodedBytes: parts[0].size } : null,
    };
  } finally {
    lock.release();
    // imapflow answers STATUS on the selected mailbox from its cache: unselect, so the
    // next send's polling asks Dovecot.
    await client.mailboxClose();
  }
}

async function sendOnce(page, bob, recipient, file, run, log) {
  await waitSyncIdle(page);
  await sleep(QUIET_MS);
  const subject = `Bench 10 MiB ${run} ${randomUUID().slice(0, 8)}`;
  await openComposer(page);
  await page.getByTestId('compose-to').fill(recipient);
  await page.getByTestId('compose-subject').fill(subject);
  await page.getByTestId('compose-body').fill('Te mando el informe anual.\n\nAlice');
  const pickedAt = Date.now();
  await page.getByTestId('compose-file-input').setInputFiles(file);
  await page.getByTestId('compose-attachment').waitFor({ timeout: SEND_TIMEOUT_MS });
  const attachMs = Date.now() - pickedAt;
  const before = await inboxCount(bob);
  await page.evaluate(startSendWatch);
  await page.getByTestId('compose-send').click();
  const inboxAt = await deliveredAt(bob, before).catch(async (err) => {
    const state = await page.evaluate(describeSend).catch(() => null);
    throw new Error(`${err.message}; page: ${JSON.stringify(state)}`, { cause: err });
  });
  await page.waitForFunction(() => window.__bzSend.done, undefined, {
    timeout: SEND_TIMEOUT_MS,
    polling: 100,
  });
  const s = await page.evaluate(readSend);
  const got = await newestMessage(bob);
  if (got.subject !== subject) throw new Error(`Bob's newest message is "${got.subject}"`);
  const after = (t) => (t === null || t === undefined ? null : t - s.click);
  const r = {
    attachMs,
    toUndoBarMs: after(s.undoShown),
    undoBarMs: s.undoHidden !== null && s.undoShown !== null ? s.undoHidden - s.undoShown : null,
    uploadStartMs: after(s.upload?.start),
    uploadMs: s.upload ? s.upload.end - s.upload.start : null,
    submitMs: s.submit ? s.submit.end - s.submit.start : null,
    submitEndMs: after(s.submit?.end),
    toOutboxGoneMs: after(s.outboxHidden),
    toInboxMs: inboxAt - (s.timeOrigin + s.click),
    delivered: got,
    fetches: s.fetches,
  };
  log(
    `  send ${run}: Outbox gone ${r.toOutboxGoneMs.toFixed(0)} ms, Bob's INBOX ${r.toInboxMs.toFixed(0)} ms ` +
      `after Send (undo bar ${r.undoBarMs?.toFixed(0)} ms; upload ${r.uploadMs?.toFixed(0)} ms, ` +
      `submit ${r.submitMs?.toFixed(0)} ms); delivered ${(got.bytes / 1e6).toFixed(2)} MB`,
  );
  return r;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? null;

export async function measureSend(page, dovecot, { sender, recipient, quick, log }) {
  const file = attachmentFile();
  const bob = await imapAs(dovecot, recipient);
  const runs = [];
  try {
    const count = quick ? SEND_RUNS_QUICK : SEND_RUNS;
    for (let i = 1; i <= count; i++)
      runs.push(await sendOnce(page, bob, recipient.user, file, i, log));
  } finally {
    await bob.logout().catch(() => bob.close());
  }
  // The Sent copy comes back by sync; let it land before the next part is timed.
  await waitSyncIdle(page).catch(() => undefined);
  const med = (k) => median(runs.map((r) => r[k]).filter((x) => x !== null));
  return {
    sender: sender.user,
    fileBytes: ATTACHMENT_BYTES,
    undoWindowMs: UNDO_WINDOW_MS,
    runs,
    toOutboxGoneMedianMs: med('toOutboxGoneMs'),
    toInboxMedianMs: med('toInboxMs'),
  };
}
