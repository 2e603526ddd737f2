// Starts the real Buzón server in-process on 127.0.0.1:0 and speaks plain HTTP to it
// with full control of Origin, Host and Cookie (fetch would not let a test set Host).
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createBuzonServer } from '../../../src/proxy/app.js';
import type { BuzonServer } from '../../../src/proxy/app.js';
import { DEFAULT_LOGIN_LIMITS } from '../../../src/proxy/config/load.js';
import type { BuzonConfig, ProviderConfig } from '../../../src/proxy/config/types.js';
import type { DovecotInstance } from '../../support/dovecot/index.js';

export const INDEX_HTML = '<!doctype html><title>Buzón</title>';

export interface RunningBuzon {
  app: BuzonServer;
  /** `http://127.0.0.1:<port>`: also the Origin a same-origin write carries. */
  origin: string;
  /** Every line the server logged. */
  logs: string[];
  stop(): Promise<void>;
}

/** The test Dovecot as a provider; `smtp` (e.g. the test SMTP sink) makes it one that can send. */
export function dovecotProvider(
  dovecot: DovecotInstance,
  smtp?: { host: string; port: number },
): ProviderConfig {
  return {
    id: 'test',
    name: 'Test Dovecot',
    imap: { host: dovecot.host, port: dovecot.imapPort, tls: 'none' },
    ...(smtp ? { smtp: { host: smtp.host, port: smtp.port, tls: 'none' as const } } : {}),
  };
}

export async function startBuzon(overrides: Partial<BuzonConfig> = {}): Promise<RunningBuzon> {
  const staticDir = mkdtempSync(join(tmpdir(), 'buzon-static-'));
  writeFileSync(join(staticDir, 'index.html'), INDEX_HTML);
  const logs: string[] = [];
  const config: BuzonConfig = {
    providers: [],
    allowCustomHosts: false,
    secret: randomBytes(32),
    trustProxy: false,
    staticDir,
    loginLimits: DEFAULT_LOGIN_LIMITS,
    log: (line) => logs.push(line),
    ...overrides,
  };
  const app = createBuzonServer(config);
  const port = await app.listen(0, '127.0.0.1');
  return {
    app,
    origin: `http://127.0.0.1:${port}`,
    logs,
    stop: async () => {
      await app.close();
      rmSync(staticDir, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: unknown;
  /** The body as received (framed answers are binary). */
  bytes: Buffer;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: unknown;
  /** Default for writes: the server's own origin; `null` sends none. */
  origin?: string | null;
}

export function send(
  base: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<Reply> {
  const url = new URL(path, base);
  const headers: Record<string, string> = { ...options.headers };
  const origin =
    options.origin === undefined
      ? method === 'GET' || method === 'HEAD'
        ? null
        : base
      : options.origin;
  if (origin !== null) headers['Origin'] = origin;
  let payload: string | undefined;
  if (options.body !== undefined) {
    payload = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const text = bytes.toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, bytes });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** The `name=value` part of the Set-Cookie reply, ready for a Cookie header. */
export function cookiePair(reply: Reply): string {
  const setCookie = reply.headers['set-cookie']?.[0];
  if (!setCookie) throw new Error(`no Set-Cookie in a ${reply.status} reply: ${reply.text}`);
  return setCookie.split(';')[0] ?? '';
}

/** One JMAP method call or response: `[name, arguments, callId]`. */
export type Call = [string, Record<string, unknown>, string];

/**
 * POSTs one JMAP request as a signed-in browser would and answers the responses by call
 * id. Anything but 200 fails the test with the proxy's answer.
 */
export async function jmapRequest(
  origin: string,
  cookie: string,
  methodCalls: unknown[],
  using: readonly string[],
): Promise<Record<string, Call>> {
  const reply = await send(origin, 'POST', '/jmap', {
    body: { using, methodCalls },
    headers: { Cookie: cookie },
  });
  if (reply.status !== 200) {
    throw new Error(`POST /jmap answered ${reply.status}: ${JSON.stringify(reply.json)}`);
  }
  const list = (reply.json as { methodResponses: Call[] }).methodResponses;
  return Object.fromEntries(list.map((r) => [r[2], r]));
}
