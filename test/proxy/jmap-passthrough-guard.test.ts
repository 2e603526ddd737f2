// The passthrough's guard against a JMAP server that points elsewhere (ADR 0017): a real
// HTTP server on loopback plays a hostile or broken provider. Whatever it answers, the
// proxy only ever calls the configured origin, and the user gets a clear refusal.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookiePair, send, startBuzon, type RunningBuzon } from './support/buzon.js';

const START_TIMEOUT_MS = 30_000;

let hostile: Server;
let bystander: Server;
let bystanderHits = 0;
let buzon: RunningBuzon;
/** What the hostile server answers for its Session: set per test. */
let mode: 'redirect-away' | 'api-away' = 'api-away';

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    }),
  );
}

beforeAll(async () => {
  bystander = createServer((_req, res) => {
    bystanderHits++;
    res.end('{}');
  });
  // Another port is another origin: the proxy must not be steered to it.
  const elsewhere = await listen(bystander);
  hostile = createServer((req, res) => {
    if (req.headers.authorization === undefined) {
      res.writeHead(401).end();
      return;
    }
    if (mode === 'redirect-away') {
      res.writeHead(301, { Location: `${elsewhere}/jmap/session` }).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        capabilities: {
          'urn:ietf:params:jmap:core': { maxSizeRequest: 1000, maxSizeUpload: 1000 },
        },
        accounts: {
          a: { name: 'a', isPersonal: true, isReadOnly: false, accountCapabilities: {} },
        },
        primaryAccounts: { 'urn:ietf:params:jmap:mail': 'a' },
        username: 'alice',
        apiUrl: `${elsewhere}/jmap/`,
        downloadUrl: '/d/{accountId}/{blobId}/{name}?accept={type}',
        uploadUrl: '/u/{accountId}/',
        eventSourceUrl: '/e/',
        state: '1',
      }),
    );
  });
  const origin = await listen(hostile);
  buzon = await startBuzon({
    providers: [
      {
        id: 'odd',
        name: 'Odd JMAP',
        imap: { host: '127.0.0.1', port: 1, tls: 'none' },
        jmapSessionUrl: `${origin}/.well-known/jmap`,
      },
    ],
  });
}, START_TIMEOUT_MS);

afterAll(async () => {
  await buzon?.stop();
  hostile?.close();
  bystander?.close();
});

const login = () =>
  send(buzon.origin, 'POST', '/auth/login', {
    body: { provider: 'odd', username: 'alice', password: 'secret' },
  });

describe('issue 3 JMAP passthrough: the configured origin only', () => {
  it('a Session whose apiUrl points at another origin is refused, and nothing reaches it', async () => {
    mode = 'api-away';
    const reply = await login();
    expect(reply.status).toBe(502);
    expect((reply.json as { detail: string }).detail).toMatch(/reach the mail server/i);
    expect(bystanderHits).toBe(0);
  });

  it('a redirect to another origin is not followed', async () => {
    mode = 'redirect-away';
    const reply = await login();
    expect(reply.status).toBe(502);
    expect(bystanderHits).toBe(0);
  });

  it('no cookie is set when the sign-in could not be checked', async () => {
    mode = 'api-away';
    const reply = await login();
    expect(reply.headers['set-cookie']).toBeUndefined();
    expect(() => cookiePair(reply)).toThrow();
  });
});
