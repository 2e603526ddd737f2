// SPAM-1: how well the classifier does on messages it did not learn from — the figures the
// accuracy test asserts and the benchmark prints. Pure.
import type { ClassifierVerdict, SpamLabel } from './types.js';
import { BayesClassifier } from './bayes.js';
import type { BayesOptions } from './bayes.js';

export interface LabelledTokens {
  label: SpamLabel;
  tokens: string[];
  heldOut: boolean;
}

/** Held-out messages by true label and verdict. */
export type Confusion = Record<SpamLabel, Record<ClassifierVerdict, number>>;

export interface SpamMetrics {
  trained: number;
  heldOut: number;
  heldOutHam: number;
  heldOutSpam: number;
  /** Of the messages called spam, the share that were spam. */
  precision: number;
  /** Of the spam, the share called spam ('unsure' spam stays in the Inbox, so it is missed). */
  recall: number;
  /** Of the ham, the share called spam: the figure that must stay under 0.5 %. */
  falsePositiveRate: number;
  /** Share of held-out messages left 'unsure' (they stay in the Inbox). */
  unsureRate: number;
  confusion: Confusion;
}

export function emptyConfusion(): Confusion {
  return {
    ham: { ham: 0, unsure: 0, spam: 0 },
    spam: { ham: 0, unsure: 0, spam: 0 },
  };
}

export function metricsOf(confusion: Confusion, trained: number): SpamMetrics {
  const sum = (r: Record<ClassifierVerdict, number>) => r.ham + r.unsure + r.spam;
  const heldOutHam = sum(confusion.ham);
  const heldOutSpam = sum(confusion.spam);
  const calledSpam = confusion.ham.spam + confusion.spam.spam;
  return {
    trained,
    heldOut: heldOutHam + heldOutSpam,
    heldOutHam,
    heldOutSpam,
    precision: calledSpam === 0 ? 1 : confusion.spam.spam / calledSpam,
    recall: heldOutSpam === 0 ? 0 : confusion.spam.spam / heldOutSpam,
    falsePositiveRate: heldOutHam === 0 ? 0 : confusion.ham.spam / heldOutHam,
    unsureRate: (confusion.ham.unsure + confusion.spam.unsure) / (heldOutHam + heldOutSpam || 1),
    confusion,
  };
}

/** Trains on the messages not held out (in order), then scores the held-out ones. */
export function trainAndEvaluate(
  messages: readonly LabelledTokens[],
  options: Partial<BayesOptions> = {},
  maxTokens?: number,
): { classifier: BayesClassifier; metrics: SpamMetrics } {
  const classifier = new BayesClassifier(undefined, options, maxTokens);
  let trained = 0;
  for (const m of messages) {
    if (m.heldOut) continue;
    classifier.train(m.tokens, m.label);
    trained++;
  }
  const confusion = emptyConfusion();
  for (const m of messages) {
    if (!m.heldOut) continue;
    confusion[m.label][classifier.score(m.tokens).verdict] += 1;
  }
  return { classifier, metrics: metricsOf(confusion, trained) };
}
