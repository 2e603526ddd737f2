// A signed-in JMAP account over a real Dovecot, as the JMAP facade tests need it: the
// mail server, the Buzón server in-process, Alice's session cookie and account id, and
// plain IMAP clients that play "another device" and check what the server holds.
import { ImapFlow } from 'imapflow';
import { startDovecot } from '../../support/dovecot/index.js';
import type { DovecotInstance } from '../../support/dovecot/index.js';
import { cookiePair, dovecotProvider, send, startBuzon } from './buzon.js';
import type { RunningBuzon } from './buzon.js';

export const ALICE = { user: 'alice@buzon.test', pass: 'alice-secret' };
export const USING = ['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:mail'];

/** A short plain-text message from Ana to Alice: number `n` (1–9) sets its date and Message-ID. */
export function plainMessage(n: number, subject: string, idPrefix = 'c'): string {
  return [
    'From: Ana <ana@example.test>',
    'To: alice@buzon.test',
    `Subject: ${subject}`,
    `Date: Mon, 02 Mar 2026 0${n}:00:00 +0100`,
    `Message-ID: <${idPrefix}${n}@example.test>`,
    '',
    `Cuerpo ${n}.`,
    '',
  ].join('\r\n');
}

export interface JmapAccount {
  dovecot: DovecotInstance;
  buzon: RunningBuzon;
  cookie: string;
  accountId: string;
  /** A new IMAP client signed in as Alice, logged out by stop(). */
  imapClient(): Promise<ImapFlow>;
  stop(): Promise<void>;
}

/** Starts Dovecot, delivers `messages` to Alice, starts Buzón and signs her in. */
export async function startJmapAccount(messages: readonly string[] = []): Promise<JmapAccount> {
  const dovecot = await startDovecot();
  for (const raw of messages) await dovecot.deliver(ALICE.user, raw);
  const buzon = await startBuzon({ providers: [dovecotProvider(dovecot)] });
  const login = await send(buzon.origin, 'POST', '/auth/login', {
    body: { provider: 'test', username: ALICE.user, password: ALICE.pass },
  });
  const cookie = cookiePair(login);
  const session = await send(buzon.origin, 'GET', '/jmap/session', { headers: { Cookie: cookie } });
  const accountId =
    (session.json as { primaryAccounts: Record<string, string> }).primaryAccounts[
      'urn:ietf:params:jmap:mail'
    ] ?? '';
  const clients: ImapFlow[] = [];
  return {
    dovecot,
    buzon,
    cookie,
    accountId,
    async imapClient() {
      const client = new ImapFlow({
        host: dovecot.host,
        port: dovecot.imapPort,
        secure: false,
        doSTARTTLS: false,
        auth: { user: ALICE.user, pass: ALICE.pass },
        logger: false,
      });
      await client.connect();
      clients.push(client);
      return client;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.logout().catch(() => c.close())));
      await buzon.stop();
      await dovecot.stop();
    },
  };
}
