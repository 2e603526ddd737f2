// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// The bootstrap over many slices and batches (issue 3, ADR 0012): 2,600 messages in a
// real Dovecot are three slices of the listing (a first of 500, so the newest show soon,
// then 2,000 and the rest) and more than one Blob/get batch (500), so the next slice's
// downloads start while the batches of the one before are still being written. Every
// message arrives once, with its body, whatever the order of the stages — and a bootstrap
// cancelled half-way resumes where it stopped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { ALICE, startJmapAccount, type JmapAccount } from '../proxy/support/jmap-account.js';
import { openDevice } from './support/device.js';
import { storedBodyCount } from '../support/bodies.js';

const COUNT = 2_600;
const SEED_CONNECTIONS = 4;
const START_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 120_000;

let account: JmapAccount;

function message(n: number): string {
  return [
    'From: Bob <bob@buzon.test>',
    `To: ${ALICE.user}`,
    `Subject: Slice message ${n}`,
    `Message-ID: <slices-${n}@buzon.test>`,
    'Date: Mon, 02 Mar 2026 09:00:00 +0100',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Body of message ${n}.`,
    '',
  ].join('\r\n');
}

beforeAll(async () => {
  account = await startJmapAccount();
  let next = 0;
  const seed = async () => {
    const client: ImapFlow = await account.imapClient();
    try {
      while (next < COUNT) await client.append('INBOX', message(next++), ['\\Seen']);
    } finally {
      await client.logout().catch(() => client.close());
    }
  };
  await Promise.all(Array.from({ length: SEED_CONNECTIONS }, seed));
}, START_TIMEOUT_MS);

afterAll(async () => {
  await account?.stop();
});

describe('issue 3 bootstrap over several slices', () => {
  it(
    'bootstrap: 2,600 messages (three slices, six batches, three writes) arrive once each, every body stored and readable',
    async () => {
      const d = await openDevice(account);
      const seen: number[] = [];
      d.engine.status.subscribe({
        next: (s) => {
          if (s.progress?.label === 'messages') seen.push(s.progress.done);
        },
      });
      expect(await d.engine.sync()).toBe('done');
      const rows = await d.db.emails.toArray();
      expect(rows.length).toBe(COUNT);
      const subjects = new Set(rows.map((r) => r.subject));
      expect(subjects.size).toBe(COUNT);
      for (const n of [0, 499, 500, 2_499, 2_500, COUNT - 1])
        expect(subjects.has(`Slice message ${n}`)).toBe(true);
      expect(await storedBodyCount(d.db)).toBe(COUNT);
      const last = rows.find((r) => r.subject === `Slice message ${COUNT - 1}`);
      const raw = new TextDecoder().decode(await d.services.reader.getRawMessage(last?.id ?? ''));
      expect(raw).toContain(`Body of message ${COUNT - 1}.`);
      // Progress went up through the slices and ended at the whole: the first slice's
      // batch alone (the newest show first), then a slice's four batches of small mail in
      // one write.
      expect([...new Set(seen.filter((n) => n > 0))]).toEqual([500, 2_500, COUNT]);
      expect(d.engine.status.value.phase).toBe('idle');
      d.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'PWA-5 bootstrap: Cancel half-way keeps what arrived; the next pass resumes and every message arrives once',
    async () => {
      const d = await openDevice(account, { name: 'buzon-account-cancel' });
      let cancelled = false;
      d.engine.status.subscribe({
        next: (s) => {
          // The first slice (500) is written; the next slices' downloads are under way.
          if (!cancelled && s.progress?.label === 'messages' && s.progress.done >= 500) {
            cancelled = true;
            d.engine.cancel();
          }
        },
      });
      expect(await d.engine.sync()).toBe('cancelled');
      expect(d.engine.status.value.phase).toBe('idle');
      const kept = await d.db.emails.count();
      expect(kept).toBeGreaterThanOrEqual(500);
      expect(kept).toBeLessThan(COUNT);
      // What arrived is whole: each row with its body.
      expect(await storedBodyCount(d.db)).toBe(kept);

      expect(await d.engine.sync()).toBe('done');
      const rows = await d.db.emails.toArray();
      expect(rows.length).toBe(COUNT);
      expect(new Set(rows.map((r) => r.subject)).size).toBe(COUNT);
      expect(await storedBodyCount(d.db)).toBe(COUNT);
      d.close();
    },
    TEST_TIMEOUT_MS,
  );
});
