// The spam module's public surface (SPAM-1, SPAM-2); also the benchmark's bundle entry.
export type { ClassifierVerdict, SpamHeader, SpamInput, SpamLabel } from './types.js';
export { tokenize, MAX_TEXT_CHARS, MAX_TOKENS } from './tokenize.js';
export { BayesClassifier, DEFAULT_BAYES_OPTIONS } from './bayes.js';
export type { BayesOptions, SpamClue, SpamScore } from './bayes.js';
export {
  createModel,
  modelToJson,
  parseModel,
  pruneModel,
  serializeModel,
  MAX_MODEL_TOKENS,
  MODEL_VERSION,
} from './model-store.js';
export type { SpamModel, StoredSpamModel, TokenCounts } from './model-store.js';
export { decide, hasNotJunkMark, serverVerdict } from './verdict.js';
export type { ServerVerdict, ServerVerdictResult } from './verdict.js';
export { spamInputFromEmail } from './from-parsed.js';
export { corpusLabel, isHeldOut, parseCorpusMessage, HOLD_OUT_EVERY } from './corpus.js';
export { metricsOf, trainAndEvaluate } from './evaluate.js';
export type { LabelledTokens, SpamMetrics } from './evaluate.js';
