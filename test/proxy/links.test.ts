// SEND-15 send as hyperlink, on the proxy: the real server stores a file for a list of
// recipients (encrypted on disk), each recipient downloads it from their own link, and the
// owner gets one notice per recipient through the operator's notice account (the test
// SMTP sink). Sign-in is checked against a real Dovecot.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/proxy/config/load.js';
import { linksFromEnv } from '../../src/proxy/links/config.js';
import { startDovecot } from '../support/dovecot/index.js';
import type { DovecotInstance } from '../support/dovecot/index.js';
import { startSmtpSink } from '../support/smtp-sink.js';
import type { SmtpSink } from '../support/smtp-sink.js';
import { send } from './support/buzon.js';
import { ALICE } from './support/jmap-account.js';
import {
  BOB,
  CAROL,
  download,
  exchange,
  linkRigs,
  NOTICE_ACCOUNT,
  noticesAbout as noticesIn,
  sample,
  upload,
} from './support/links.js';
import type { LinkRigs, Rig, Stored, UploadOptions } from './support/links.js';

const TEST_TIMEOUT_MS = 30_000;
const DAY_MS = 24 * 60 * 60 * 1000;
const POLICY = 'urn:buzon:params:jmap:policy';
/** What AES-GCM adds to each file on disk: a 12-byte IV and a 16-byte tag. */
const SEALED_OVERHEAD = 28;

let dovecot: DovecotInstance;
let sink: SmtpSink;
let rigs: LinkRigs;
let main: Rig;

const startRig: LinkRigs['start'] = (links, options) => rigs.start(links, options);
const noticesAbout = (filename: string) => noticesIn(sink, filename);

async function stored(rig: Rig, file: Buffer, opts: UploadOptions = {}): Promise<Stored> {
  const answer = await upload(rig, file, opts);
  expect(answer.status, answer.body.toString()).toBe(201);
  return answer.json as Stored;
}

beforeAll(async () => {
  dovecot = await startDovecot();
  sink = await startSmtpSink({ users: [...dovecot.users, NOTICE_ACCOUNT] });
  rigs = linkRigs(dovecot, sink);
  main = await startRig();
}, TEST_TIMEOUT_MS);

afterAll(async () => {
  await rigs?.stopAll();
  await sink?.stop();
  await dovecot?.stop();
});

describe('send as hyperlink (SEND-15)', { timeout: TEST_TIMEOUT_MS }, () => {
  it('SEND-15 stores a file for two recipients and answers one link each, valid for the configured days', async () => {
    const { bytes } = sample();
    const answer = await stored(main, bytes);
    expect(answer.links.map((l) => l.recipient)).toEqual([BOB, CAROL]);
    const urls = answer.links.map((l) => l.url);
    for (const url of urls)
      expect(url).toMatch(new RegExp(`^${main.buzon.origin}/l/[A-Za-z0-9_-]{22}$`));
    expect(new Set(urls).size).toBe(2);
    expect(Date.parse(answer.expires)).toBe(main.clock.now + 7 * DAY_MS);
  });

  it('SEND-15 each recipient downloads the exact bytes as an attachment under a sandbox policy', async () => {
    const { bytes, filename } = sample();
    const answer = await stored(main, bytes, { filename });
    const fallback = filename.replace(/ñ|"/g, '_');
    for (const { url } of answer.links) {
      const got = await download(main, url);
      expect(got.status).toBe(200);
      expect(got.body.equals(bytes)).toBe(true);
      expect(got.headers['content-type']).toBe('application/pdf');
      expect(got.headers['content-length']).toBe(String(bytes.length));
      expect(got.headers['content-disposition']).toBe(
        `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      );
      expect(got.headers['x-content-type-options']).toBe('nosniff');
      expect(got.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
      expect(got.headers['cache-control']).toBe('private, no-store');
    }
  });

  it('SEND-15 the first download by each recipient sends the owner exactly one notice; later ones and HEAD send none', async () => {
    const { bytes, filename } = sample();
    const [bob, carol] = (await stored(main, bytes, { filename })).links;
    expect((await download(main, bob?.url ?? '', 'HEAD')).status).toBe(200);
    await main.buzon.app.links?.settled();
    expect(await noticesAbout(filename)).toHaveLength(0);

    expect((await download(main, bob?.url ?? '')).status).toBe(200);
    await main.buzon.app.links?.settled();
    const first = await noticesAbout(filename);
    expect(first).toHaveLength(1);
    expect(first[0]?.sub.rcptTo).toEqual([ALICE.user]);
    expect(first[0]?.sub.mailFrom).toBe(NOTICE_ACCOUNT.user);
    expect(first[0]?.sub.user).toBe(NOTICE_ACCOUNT.user);
    expect(first[0]?.to).toEqual([ALICE.user]);
    expect(first[0]?.text).toContain(`${BOB} downloaded ${filename} at `);

    expect((await download(main, bob?.url ?? '')).status).toBe(200);
    await main.buzon.app.links?.settled();
    expect(await noticesAbout(filename)).toHaveLength(1);

    expect((await download(main, carol?.url ?? '')).status).toBe(200);
    await main.buzon.app.links?.settled();
    const both = await noticesAbout(filename);
    expect(both).toHaveLength(2);
    expect(both.filter((n) => n.text.includes(`${CAROL} downloaded ${filename}`))).toHaveLength(1);
  });

  it('SEND-15 an unknown token gets a 404 page in English and Spanish', async () => {
    for (const path of [`/l/${randomBytes(16).toString('base64url')}`, '/l/not-a-token', '/l/']) {
      const got = await exchange(main, 'GET', path);
      expect(got.status, path).toBe(404);
      expect(got.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(got.body.toString()).toContain('This link does not exist');
      expect(got.body.toString()).toContain('Este enlace no existe');
      expect(got.body.toString()).not.toMatch(/<script|<style|<img/i);
    }
  });

  it('SEND-15 an expired link gets a 410 page, and the sweep removes it from disk', async () => {
    const rig = await startRig();
    const { bytes } = sample();
    const [bob] = (await stored(rig, bytes)).links;
    rig.clock.now += 7 * DAY_MS + 1;
    const got = await download(rig, bob?.url ?? '');
    expect(got.status).toBe(410);
    expect(got.body.toString()).toContain('This link has expired');
    expect(got.body.toString()).toContain('Este enlace ha caducado');
    await rig.buzon.app.links?.store.sweep();
    expect(readdirSync(join(rig.dataDir, 'links'))).toEqual([]);
    expect((await download(rig, bob?.url ?? '')).status).toBe(404);
  });

  it('SEND-15 storing a file needs a session and the app’s own Origin', async () => {
    const { bytes } = sample();
    const anonymous = await upload(main, bytes, { cookie: null });
    expect(anonymous.status).toBe(401);
    const foreign = await upload(main, bytes, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect((foreign.json as { type: string }).type).toBe('urn:buzon:error:foreignOrigin');
    expect((await upload(main, bytes, { origin: null })).status).toBe(403);
  });

  it('SEND-15 refuses a file name with CR/LF or controls, and unusable recipients', async () => {
    const { bytes } = sample();
    const crlf = await upload(main, bytes, { rawFilename: "UTF-8''a%0D%0AX-Injected%3A%201.pdf" });
    expect(crlf.status).toBe(400);
    expect((crlf.json as { type: string }).type).toBe('urn:buzon:error:unsafeInput');
    expect((await upload(main, bytes, { rawFilename: 'bell%07.pdf' })).status).toBe(400);
    expect((await upload(main, bytes, { rawFilename: 'bad%E0%A4%A.pdf' })).status).toBe(400);
    expect((await upload(main, bytes, { rawFilename: 'año.pdf' })).status).toBe(400);
    expect((await upload(main, bytes, { recipients: [] })).status).toBe(400);
    expect(
      (await upload(main, bytes, { recipients: ['bob@example.org\r\nRCPT TO:<x@y>'] })).status,
    ).toBe(400);
    expect((await upload(main, bytes, { recipients: 'bob@example.org' })).status).toBe(400);
  });

  it('SEND-15 the file is encrypted at rest in a private folder, and records keep no token', async () => {
    const rig = await startRig();
    const { bytes, marker } = sample();
    const answer = await stored(rig, bytes);
    const dir = join(rig.dataDir, 'links');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const names = readdirSync(dir).sort();
    expect(names).toHaveLength(2);
    const sealed = readFileSync(join(dir, names.find((n) => n.endsWith('.bin')) ?? ''));
    expect(sealed.length).toBe(bytes.length + SEALED_OVERHEAD);
    expect(sealed.includes(Buffer.from(marker))).toBe(false);
    expect(sealed.includes(bytes.subarray(0, 64))).toBe(false);
    const record = readFileSync(join(dir, names.find((n) => n.endsWith('.json')) ?? ''), 'utf8');
    expect(record).toContain(BOB);
    for (const { url } of answer.links) expect(record).not.toContain(url.slice(-22));
  });

  it('SEND-15 refuses a file over the size cap, past the daily count, and when the store is full', async () => {
    const rig = await startRig({ limits: { maxFileBytes: 2048, maxFilesPerUserPerDay: 2 } });
    const big = await upload(rig, randomBytes(2049));
    expect(big.status).toBe(413);
    expect((big.json as { type: string }).type).toBe('urn:buzon:error:tooLarge');
    expect((await upload(rig, randomBytes(100))).status).toBe(201);
    expect((await upload(rig, randomBytes(100))).status).toBe(201);
    const third = await upload(rig, randomBytes(100));
    expect(third.status).toBe(429);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    // A day later the count has room again.
    rig.clock.now += DAY_MS;
    expect((await upload(rig, randomBytes(100))).status).toBe(201);

    const full = await startRig({ limits: { maxStoreBytes: 3000 } });
    expect((await upload(full, randomBytes(1500))).status).toBe(201);
    const refused = await upload(full, randomBytes(1500));
    expect(refused.status).toBe(507);
    expect((refused.json as { type: string; detail: string }).type).toBe(
      'urn:buzon:error:storeFull',
    );
    expect((await upload(full, Buffer.alloc(0))).status).toBe(400);
  });

  it('SEND-15 links survive a restart with the same secret; under another secret they are removed', async () => {
    const secret = randomBytes(32);
    const before = await startRig({}, { secret });
    const { bytes } = sample();
    const [bob] = (await stored(before, bytes)).links;
    await rigs.stop(before);

    const after = await startRig({}, { secret, dataDir: before.dataDir });
    const got = await download(after, bob?.url ?? '');
    expect(got.status).toBe(200);
    expect(got.body.equals(bytes)).toBe(true);
    await rigs.stop(after);

    const other = await startRig({}, { secret: randomBytes(32), dataDir: before.dataDir });
    expect((await download(other, bob?.url ?? '')).status).toBe(404);
    await other.buzon.app.links?.settled();
    expect(readdirSync(join(before.dataDir, 'links'))).toEqual([]);
  });

  it('SEND-15 the Session’s policy says how long links last and whether notices go out', async () => {
    const policyOf = async (rig: Rig) => {
      const reply = await send(rig.buzon.origin, 'GET', '/jmap/session', {
        headers: { Cookie: rig.cookie },
      });
      return (reply.json as { capabilities: Record<string, { links: unknown }> }).capabilities[
        POLICY
      ]?.links;
    };
    expect(await policyOf(main)).toEqual({ days: 7, notices: true });
    const quiet = await startRig({ days: 3 }, { notices: false });
    expect(await policyOf(quiet)).toEqual({ days: 3, notices: false });
  });

  it('SEND-15 downloads are rate-limited per client address', async () => {
    const rig = await startRig();
    const path = `/l/${randomBytes(16).toString('base64url')}`;
    for (let i = 0; i < 60; i++) expect((await exchange(rig, 'GET', path)).status).toBe(404);
    const limited = await exchange(rig, 'GET', path);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.toString()).toContain('Demasiadas descargas');
  });

  it('SEND-15 reads the store folder, the days and the notice account from the environment', () => {
    expect(linksFromEnv({}, '/srv/buzon')).toEqual({ dataDir: '/srv/buzon/.buzon-data', days: 7 });
    expect(
      linksFromEnv(
        {
          BUZON_DATA_DIR: '/var/lib/buzon',
          BUZON_LINK_DAYS: '30',
          BUZON_NOTICE_SMTP_HOST: 'smtp.example.org',
          BUZON_NOTICE_SMTP_TLS: 'starttls',
          BUZON_NOTICE_SMTP_USER: 'buzon',
          BUZON_NOTICE_SMTP_PASS: 'secret',
          BUZON_NOTICE_SMTP_FROM: 'buzon@example.org',
        },
        '/srv/buzon',
      ),
    ).toEqual({
      dataDir: '/var/lib/buzon',
      days: 30,
      notice: {
        endpoint: { host: 'smtp.example.org', port: 587, tls: 'starttls' },
        user: 'buzon',
        pass: 'secret',
        from: 'buzon@example.org',
      },
    });
    for (const days of ['0', '31', '2.5', 'week'])
      expect(() => linksFromEnv({ BUZON_LINK_DAYS: days })).toThrow(ConfigError);
    expect(() => linksFromEnv({ BUZON_NOTICE_SMTP_USER: 'x' })).toThrow(ConfigError);
    expect(() =>
      linksFromEnv({
        BUZON_NOTICE_SMTP_HOST: 'h',
        BUZON_NOTICE_SMTP_FROM: 'a@b.c',
        BUZON_NOTICE_SMTP_USER: 'u',
      }),
    ).toThrow(ConfigError);
    expect(() => linksFromEnv({ BUZON_NOTICE_SMTP_HOST: 'h' })).toThrow(ConfigError);
  });
});
