// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// SEND-15 end to end in Node: files sent as links from the compose service — each
// recipient gets a message of their own with their own link and no attachment, the link
// serves the exact bytes, and the sender gets a notice on each recipient's first download —
// through the real proxy, its link store, an SMTP server and Dovecot.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinkUploader } from '../../src/sync/links.js';
import { LinksNeedNetworkError } from '../../src/state/compose-errors.js';
import { ALICE } from '../proxy/support/jmap-account.js';
import {
  BOB,
  composerFor,
  FROM,
  NOTICES,
  RIG_START_TIMEOUT_MS,
  startSendingRig,
  type SendingRig,
} from './support/sending-rig.js';

const TEST_TIMEOUT_MS = 30_000;
const CAROL = 'carol@example.org';
const FILE = Uint8Array.from({ length: 4096 }, (_, i) => (i * 31) % 256);

let rig: SendingRig;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'buzon-send-links-'));
  rig = await startSendingRig({ name: 'links', links: { dataDir } });
}, RIG_START_TIMEOUT_MS);

afterAll(async () => {
  await rig?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('issue 4 send as hyperlink (SEND-15)', () => {
  it(
    'SEND-15 Bob and Carol each get their own message with their own link, the file comes down byte for byte, and Alice hears of each first download',
    async () => {
      const d = await rig.device();
      const links = createLinkUploader(d.client);
      const compose = composerFor(d, { links: async () => links });
      expect(await compose.linkPolicy()).toEqual({ days: 7, notices: true });
      const subject = `Fotos de la boda ${Date.now()}`;
      await compose.send(FROM, {
        to: [{ name: 'Bob Peña', address: BOB.user }],
        cc: [{ name: 'Carol', address: CAROL }],
        bcc: [],
        subject,
        text: 'Aquí están las fotos.',
        attachments: [{ filename: 'fotos boda.zip', type: 'application/zip', bytes: FILE }],
        sendAsLinks: true,
      });
      expect(await d.engine.sync()).toBe('done');

      const toBob = (await rig.bobsMail()).find((m) => m.parsed.subject === subject)?.parsed;
      expect(toBob?.attachments).toEqual([]);
      expect(toBob?.to?.map((a) => a.address)).toEqual([BOB.user]);
      expect(toBob?.cc ?? []).toEqual([]);
      const bobUrl = /- fotos boda\.zip: (\S+)/.exec(toBob?.text ?? '')?.[1] ?? '';
      expect(bobUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/l\/[\w-]{22}$/);

      const toCarol = rig.sink.submissions.find(
        (s) => s.rcptTo.includes(CAROL) && s.raw.toString('utf8').includes('fotos boda'),
      );
      expect(toCarol?.rcptTo).toEqual([CAROL]);
      const carol = await PostalMime.parse(new Uint8Array(toCarol?.raw ?? []));
      const carolUrl = /- fotos boda\.zip: (\S+)/.exec(carol.text ?? '')?.[1] ?? '';
      expect(carolUrl).not.toBe(bobUrl);

      const got = await fetch(bobUrl);
      expect(got.status).toBe(200);
      expect([...new Uint8Array(await got.arrayBuffer())]).toEqual([...FILE]);
      await expect
        .poll(() => rig.sink.submissions.filter((s) => s.user === NOTICES.user).length)
        .toBe(1);
      const notice = rig.sink.submissions.find((s) => s.user === NOTICES.user);
      expect(notice?.rcptTo).toEqual([ALICE.user]);
      expect(notice?.raw.toString('utf8')).toContain(BOB.user);
      // A second download of the same link tells nobody again.
      await (await fetch(bobUrl)).arrayBuffer();
      expect(rig.sink.submissions.filter((s) => s.user === NOTICES.user)).toHaveLength(1);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SEND-15 offline, files cannot go as links: Send says so and nothing is queued',
    async () => {
      const d = await rig.device();
      const compose = composerFor(d, { links: async () => createLinkUploader(d.client) });
      d.setOffline(true);
      const sent = compose.send(FROM, {
        to: [{ name: '', address: BOB.user }],
        cc: [],
        bcc: [],
        subject: 'Sin red',
        text: 'Hola',
        attachments: [{ filename: 'a.bin', type: 'application/octet-stream', bytes: FILE }],
        sendAsLinks: true,
      });
      await expect(sent).rejects.toBeInstanceOf(LinksNeedNetworkError);
      expect(await d.db.outbox.count()).toBe(0);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );
});
