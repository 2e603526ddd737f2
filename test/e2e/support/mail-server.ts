// The real-server half of the e2e suites (issue 3): a Dovecot with the built app pointed at
// it, users signing in through the UI as people do, and an IMAP client that checks what the
// server really holds. Shared by the sync and sharing suites.
import { ImapFlow } from 'imapflow';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startDovecot, type DovecotInstance } from '../../support/dovecot/index.js';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.js';
import { launchChromium, newAppContext, openApp, waitForReady } from './browser.js';
import { startAppServer, type RunningServer } from './server.js';

export interface MailUser {
  user: string;
  pass: string;
}

export const ALICE: MailUser = { user: 'alice@buzon.test', pass: 'alice-secret' };
export const BOB: MailUser = { user: 'bob@buzon.test', pass: 'bob-secret' };

/** A sync on a loaded 2-core machine; push adds Dovecot's ~0.5 s. Not a latency bound. */
export const SYNC_WAIT_MS = 20_000;

export interface MailServer {
  dovecot: DovecotInstance;
  /** With `sending`: the SMTP server the provider sends through (delivers to Dovecot). */
  sink: SmtpSink | null;
  server: RunningServer;
  browser: Browser;
  /** An IMAP client signed in as `owner`: what the server really holds. */
  imap: ImapFlow;
  stop(): Promise<void>;
}

/** Starts Dovecot, the built app with one provider pointing at it, and Chromium. */
export async function startMailServer(
  owner: MailUser = ALICE,
  opts: { sending?: boolean } = {},
): Promise<MailServer> {
  const dovecot = await startDovecot();
  const sink = opts.sending
    ? await startSmtpSink({
        users: dovecot.users,
        lmtp: { host: dovecot.host, port: dovecot.lmtpPort },
      })
    : null;
  const server = await startAppServer({
    env: {
      BUZON_IMAP_HOST: dovecot.host,
      BUZON_IMAP_PORT: String(dovecot.imapPort),
      BUZON_IMAP_TLS: 'none',
      BUZON_PROVIDER_NAME: 'Test Dovecot',
      ...(sink
        ? { BUZON_SMTP_HOST: sink.host, BUZON_SMTP_PORT: String(sink.port), BUZON_SMTP_TLS: 'none' }
        : {}),
    },
  });
  const browser = await launchChromium();
  const imap = new ImapFlow({
    host: dovecot.host,
    port: dovecot.imapPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user: owner.user, pass: owner.pass },
    logger: false,
  });
  await imap.connect();
  return {
    dovecot,
    sink,
    server,
    browser,
    imap,
    async stop() {
      await imap.logout().catch(() => undefined);
      await browser.close();
      await server.stop();
      await sink?.stop();
      await dovecot.stop();
    },
  };
}

/** A plain text message with a Message-ID the list exposes as `data-message-id`. */
export function plainMessage(opts: {
  from: string;
  to: string;
  subject: string;
  messageId: string;
  minute: number;
  body: string;
}): string {
  return [
    `From: ${opts.from}`,
    `To: ${opts.to}`,
    `Subject: ${opts.subject}`,
    `Message-ID: <${opts.messageId}>`,
    `Date: Mon, 02 Mar 2026 09:0${opts.minute % 10}:00 +0100`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    opts.body,
    '',
  ].join('\r\n');
}

export async function waitIdle(page: Page): Promise<void> {
  await page
    .locator('[data-testid="sync-status"][data-phase="idle"]')
    .waitFor({ timeout: SYNC_WAIT_MS });
}

/** Signs in through the account menu and the sign-in dialog, as a user does. */
export async function signIn(page: Page, user: MailUser): Promise<void> {
  await page.getByTestId('account-menu').click();
  await page.getByTestId('account-add').click();
  await page.getByTestId('sign-in-dialog').waitFor();
  await page.getByTestId('sign-in-username').fill(user.user);
  await page.getByTestId('sign-in-password').fill(user.pass);
  await page.getByTestId('sign-in-window').selectOption('all');
  await Promise.all([page.waitForEvent('load'), page.getByTestId('sign-in-submit').click()]);
  await waitForReady(page);
  await waitIdle(page);
}

export interface SignedInPage {
  context: BrowserContext;
  page: Page;
}

/** A fresh browser profile (a device) with `user` signed in. */
export async function signedInPage(
  mail: MailServer,
  name: string,
  user: MailUser,
): Promise<SignedInPage> {
  const context = await newAppContext(mail.browser);
  const page = await openApp(context, mail.server.url);
  page.on('pageerror', (err) => console.error(`[${name}] page error:`, err.message));
  await signIn(page, user);
  return { context, page };
}

/** The folder holding a Message-ID on the server, and its flags; null when none does. */
export async function onServer(
  imap: ImapFlow,
  messageId: string,
): Promise<{ path: string; flags: string[] } | null> {
  for (const box of await imap.list()) {
    const lock = await imap.getMailboxLock(box.path);
    try {
      // A folder kept selected learns of new messages only after a command: ask now.
      await imap.noop();
      const uids = await imap.search({ header: { 'message-id': messageId } }, { uid: true });
      if (uids && uids.length > 0) {
        const m = await imap.fetchOne(String(uids[0]), { flags: true }, { uid: true });
        return { path: box.path, flags: [...((m && m.flags) || [])].sort() };
      }
    } finally {
      lock.release();
    }
  }
  return null;
}
