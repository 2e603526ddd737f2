// SEND-15 test rig: a Buzón with a link store in a temporary folder, its own clock, the
// test SMTP sink as the notice server, and Alice signed in against the test Dovecot; plus
// raw-bytes HTTP helpers for uploading and downloading links.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import type { LinksConfig } from '../../../src/proxy/config/types.js';
import type { DovecotInstance } from '../../support/dovecot/index.js';
import type { SinkSubmission, SmtpSink } from '../../support/smtp-sink.js';
import { cookiePair, dovecotProvider, send, startBuzon } from './buzon.js';
import type { RunningBuzon } from './buzon.js';
import { ALICE } from './jmap-account.js';

export const NOTICE_ACCOUNT = { user: 'notices@buzon.test', pass: 'notice-secret' };
export const BOB = 'bob@example.org';
export const CAROL = 'Carol.Ruiz@example.org';

export interface Rig {
  buzon: RunningBuzon;
  cookie: string;
  dataDir: string;
  /** The link store's clock; a test moves it forward to expire links. */
  clock: { now: number };
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  json: unknown;
}

export interface RigOptions {
  secret?: Uint8Array;
  /** Reuse a folder (a restart); default: a fresh temporary one. */
  dataDir?: string;
  /** false: no notice account configured. */
  notices?: boolean;
}

export interface LinkRigs {
  start(links?: Partial<LinksConfig>, options?: RigOptions): Promise<Rig>;
  /** Stops one rig early (a restart); its folder stays until stopAll. */
  stop(rig: Rig): Promise<void>;
  stopAll(): Promise<void>;
}

export function linkRigs(dovecot: DovecotInstance, sink: SmtpSink): LinkRigs {
  const running = new Set<Rig>();
  const dataDirs = new Set<string>();
  return {
    async start(links = {}, options = {}) {
      const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'buzon-links-'));
      dataDirs.add(dataDir);
      const clock = { now: Date.now() };
      const notice = {
        endpoint: { host: sink.host, port: sink.port, tls: 'none' as const },
        ...NOTICE_ACCOUNT,
        from: NOTICE_ACCOUNT.user,
      };
      const buzon = await startBuzon({
        providers: [dovecotProvider(dovecot, sink)],
        ...(options.secret ? { secret: options.secret } : {}),
        links: {
          dataDir,
          days: 7,
          now: () => clock.now,
          ...(options.notices === false ? {} : { notice }),
          ...links,
        },
      });
      const login = await send(buzon.origin, 'POST', '/auth/login', {
        body: { provider: 'test', username: ALICE.user, password: ALICE.pass },
      });
      const rig = { buzon, cookie: cookiePair(login), dataDir, clock };
      running.add(rig);
      return rig;
    },
    async stop(rig) {
      running.delete(rig);
      await rig.buzon.stop();
    },
    async stopAll() {
      for (const rig of running) await rig.buzon.stop();
      running.clear();
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One HTTP exchange with raw bytes both ways. */
export function exchange(
  rig: Rig,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: Buffer,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, rig.buzon.origin), { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        let json: unknown;
        try {
          json = JSON.parse(bytes.toString('utf8'));
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export interface UploadOptions {
  filename?: string;
  /** The header exactly as sent, instead of the encoded `filename`. */
  rawFilename?: string;
  recipients?: unknown;
  type?: string;
  cookie?: string | null;
  origin?: string | null;
}

export function upload(rig: Rig, file: Buffer, opts: UploadOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = {
    'Content-Type': opts.type ?? 'application/pdf',
    'X-Buzon-Filename':
      opts.rawFilename ?? `UTF-8''${encodeURIComponent(opts.filename ?? 'file.pdf')}`,
    'X-Buzon-Recipients': encodeURIComponent(JSON.stringify(opts.recipients ?? [BOB, CAROL])),
  };
  const cookie = opts.cookie === undefined ? rig.cookie : opts.cookie;
  if (cookie !== null) headers['Cookie'] = cookie;
  const origin = opts.origin === undefined ? rig.buzon.origin : opts.origin;
  if (origin !== null) headers['Origin'] = origin;
  return exchange(rig, 'POST', '/links', headers, file);
}

export interface Stored {
  expires: string;
  links: { recipient: string; url: string }[];
}

let counter = 0;

/** A file with a marker that must never appear on disk, and a unique name. */
export function sample(size = 4096): { bytes: Buffer; marker: string; filename: string } {
  counter++;
  const marker = `PLAINTEXT-MARKER-SEND15-${counter}-${Date.now()}`;
  const bytes = Buffer.concat([
    Buffer.from(marker),
    randomBytes(size),
    Buffer.from([0, 255, 13, 10]),
  ]);
  return { bytes, marker, filename: `Informe año ${counter} "final".pdf` };
}

/** GET of a link URL as a recipient's browser would (no cookie, no Origin). */
export function download(rig: Rig, url: string, method = 'GET'): Promise<Answer> {
  return exchange(rig, method, new URL(url).pathname);
}

/** The notices the sink holds that name `filename`, parsed. */
export async function noticesAbout(
  sink: SmtpSink,
  filename: string,
): Promise<{ sub: SinkSubmission; to: string[]; text: string }[]> {
  const parsed = await Promise.all(
    sink.submissions.map(async (sub) => {
      const email = await PostalMime.parse(sub.raw);
      return { sub, to: (email.to ?? []).map((a) => a.address ?? ''), text: email.text ?? '' };
    }),
  );
  return parsed.filter((n) => n.text.includes(filename));
}
