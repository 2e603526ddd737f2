// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// The Outbox (issue 4, ADR 0018) when the SMTP server's TLS cannot be trusted (ADR 0033):
// in Node, the real sync engine and compose service against the real proxy, Dovecot, and a
// fake SMTP server whose certificate no CA the operator gave vouches for. The message is
// failed with a reason the user can read — not queued forever — and can be retried or
// discarded; a server that merely cannot be reached still leaves it waiting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templates as es } from '../../src/locales/es.js';
import type { ProviderConfig } from '../../src/proxy/config/types.js';
import { createComposeService, UNDO_SEND_MS } from '../../src/state/compose-service.js';
import type { ComposeService, OutboxItem } from '../../src/state/types.js';
import { startDovecot, type DovecotInstance } from '../support/dovecot/index.js';
import { cookiePair, dovecotProvider, send, startBuzon } from '../proxy/support/buzon.js';
import type { RunningBuzon } from '../proxy/support/buzon.js';
import type { JmapAccount } from '../proxy/support/jmap-account.js';
import { ALICE } from '../proxy/support/jmap-account.js';
import { makeTestPki, startFakeServer } from '../proxy/support/tls-servers.js';
import type { FakeServer, TestPki } from '../proxy/support/tls-servers.js';
import { first } from '../state/support/services.js';
import { openDevice, type Device } from './support/device.js';

/** Dovecot, TLS handshakes and sync passes on a shared 2-core machine. */
const TEST_TIMEOUT_MS = 60_000;
const FROM = { name: 'Alice Muñoz', address: ALICE.user };
const CERTIFICATE_REASON =
  "The mail server's certificate could not be verified, so your password was not sent. Ask the server's operator. The message was not sent.";

let dovecot: DovecotInstance;
let pki: TestPki;
let untrusted: FakeServer;
let buzon: RunningBuzon;
let serial = 0;

function provider(id: string, smtp: NonNullable<ProviderConfig['smtp']>): ProviderConfig {
  return { ...dovecotProvider(dovecot), id, name: `Provider ${id}`, smtp };
}

/** A device signed in to `providerId`, synced once. */
async function device(providerId: string): Promise<Device> {
  serial++;
  const login = await send(buzon.origin, 'POST', '/auth/login', {
    body: { provider: providerId, username: ALICE.user, password: ALICE.pass },
  });
  expect(login.status, login.text).toBe(200);
  const d = await openDevice({ buzon } as unknown as JmapAccount, {
    name: `buzon-account-outbox-tls-${serial}`,
    cookie: cookiePair(login),
  });
  expect(await d.engine.sync()).toBe('done');
  return d;
}

/** Messages past their undo window at once (sent at the next pass). */
function composer(d: Device): ComposeService {
  return createComposeService({
    db: d.db,
    account: { username: ALICE.user },
    now: () => Date.now() - UNDO_SEND_MS - 1,
  });
}

function written(subject: string) {
  return {
    to: [{ name: 'Bob Peña', address: 'bob@buzon.test' }],
    cc: [],
    bcc: [],
    subject,
    text: 'Hola Bob,\n\nel presupuesto.\n\nAlice',
  };
}

async function outbox(c: ComposeService): Promise<OutboxItem[]> {
  return first(c.observeOutbox());
}

beforeAll(async () => {
  pki = makeTestPki();
  dovecot = await startDovecot();
  untrusted = await startFakeServer({
    protocol: 'smtp',
    tls: 'implicit',
    key: pki.key,
    cert: pki.cert,
  });
  buzon = await startBuzon({
    providers: [
      // Signed by a throwaway CA the operator did not configure: unverifiable.
      provider('untrusted', {
        host: '127.0.0.1',
        port: untrusted.port,
        tls: 'implicit',
        servername: 'localhost',
      }),
      // Port 1 on loopback: nothing listens, the connection is refused at once.
      provider('dead', { host: '127.0.0.1', port: 1, tls: 'none' }),
    ],
  });
}, TEST_TIMEOUT_MS);

afterAll(async () => {
  await buzon?.stop();
  await untrusted?.stop();
  await dovecot?.stop();
  pki?.cleanup();
});

describe('SEND-13 / ACCESS-1 the Outbox and an SMTP server whose TLS is refused', () => {
  it(
    'SEND-13 ACCESS-1 an unverifiable SMTP certificate: the message fails with the reason in words, Retry and Discard work, nothing reached the server',
    async () => {
      const d = await device('untrusted');
      const c = composer(d);
      const id = await c.send(FROM, written('Presupuesto — certificado'));
      expect(await d.engine.sync()).toBe('done');
      const [failed] = await outbox(c);
      expect(failed?.state).toBe('failed');
      expect(failed?.error).toBe(CERTIFICATE_REASON);
      // Failed is final: a further pass does not try again on its own.
      expect(await d.engine.sync()).toBe('done');
      expect((await outbox(c))[0]?.state).toBe('failed');
      // The user retries (after the operator fixed it, say): queued, then refused again.
      await c.retry(id);
      expect((await outbox(c))[0]?.state).toBe('queued');
      expect(await d.engine.sync()).toBe('done');
      expect((await outbox(c))[0]).toMatchObject({ state: 'failed', error: CERTIFICATE_REASON });
      // Not one line, so neither the password nor the message, ever reached the server.
      expect(untrusted.received).toEqual([]);
      await c.discard(id);
      expect(await outbox(c)).toEqual([]);
      // The reason's closing sentence is translated like the rest (src/locales/es.ts).
      expect(es['outbox.tlsNotSent']).toBe('El mensaje no se envió.');
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SEND-13 an SMTP server that cannot be reached (serverUnavailable) leaves the message queued to retry',
    async () => {
      const d = await device('dead');
      const c = composer(d);
      await c.send(FROM, written('Presupuesto — servidor caído'));
      expect(await d.engine.sync()).toBe('done');
      expect((await outbox(c))[0]?.state).toBe('queued');
      expect(await d.engine.sync()).toBe('done');
      expect((await outbox(c))[0]?.state).toBe('queued');
      // Each pass tried again: it waits for the server, it is not given up.
      expect((await d.db.outbox.toArray())[0]?.attempts).toBe(2);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );
});
