// SPAM-1/SPAM-2: the classifier's memory — per-token ham and spam message counts plus the
// number of ham and spam messages learnt — as a compact, versioned, JSON-serialisable value.
// It stays bounded by pruning the rarest, least recently seen tokens, and a stored model
// that does not parse exactly becomes a fresh model: spam detection must never break the
// delivery of mail.

/** Bumped when the stored shape or the tokenizer's tokens change meaning. */
export const MODEL_VERSION = 1;
/**
 * Tokens kept at most. Learning the whole 4,837-message SpamAssassin training split yields
 * about 89k tokens, most of them seen once; at about 25 bytes a token serialised this caps
 * the stored model near 2.5 MB and its in-memory Map near 15 MB. Pruned to 50k tokens the
 * same model still kept false positives under 0.5 % (bench/spam.js prints both).
 */
export const MAX_MODEL_TOKENS = 100_000;
/**
 * Pruning goes down to this share of the cap, so it runs once per tens of thousands of
 * new tokens rather than on every message.
 */
export const PRUNE_TO_SHARE = 0.8;

export interface TokenCounts {
  ham: number;
  spam: number;
  /** The model's clock (trainings so far) when the token was last learnt from. */
  touched: number;
}

export interface SpamModel {
  nham: number;
  nspam: number;
  /** Messages learnt so far (never decreases): the age of a token is `clock - touched`. */
  clock: number;
  tokens: Map<string, TokenCounts>;
}

/** The stored form: token, ham count, spam count, touched, repeated, in one flat array. */
export interface StoredSpamModel {
  v: typeof MODEL_VERSION;
  nham: number;
  nspam: number;
  clock: number;
  t: (string | number)[];
}

export function createModel(): SpamModel {
  return { nham: 0, nspam: 0, clock: 0, tokens: new Map() };
}

export function serializeModel(model: SpamModel): StoredSpamModel {
  const t: (string | number)[] = [];
  for (const [token, c] of model.tokens) t.push(token, c.ham, c.spam, c.touched);
  return { v: MODEL_VERSION, nham: model.nham, nspam: model.nspam, clock: model.clock, t };
}

/** The stored form as JSON text, for storage that wants a string. */
export function modelToJson(model: SpamModel): string {
  return JSON.stringify(serializeModel(model));
}

const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
/** Longest token accepted from storage: the tokenizer never makes one longer. */
const MAX_STORED_TOKEN_CHARS = 400;

function parseStrict(value: unknown): SpamModel | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Partial<Record<keyof StoredSpamModel, unknown>>;
  if (v.v !== MODEL_VERSION || !isCount(v.nham) || !isCount(v.nspam) || !isCount(v.clock)) {
    return null;
  }
  const t = v.t;
  if (!Array.isArray(t) || t.length % 4 !== 0 || t.length / 4 > MAX_MODEL_TOKENS) return null;
  const tokens = new Map<string, TokenCounts>();
  for (let i = 0; i < t.length; i += 4) {
    const [token, ham, spam, touched] = [t[i], t[i + 1], t[i + 2], t[i + 3]];
    if (typeof token !== 'string' || !token || token.length > MAX_STORED_TOKEN_CHARS) return null;
    if (!isCount(ham) || !isCount(spam) || !isCount(touched) || ham + spam === 0) return null;
    // A token cannot have been seen in more messages than were learnt, nor in the future.
    if (ham > v.nham || spam > v.nspam || touched > v.clock || tokens.has(token)) return null;
    tokens.set(token, { ham, spam, touched });
  }
  return { nham: v.nham, nspam: v.nspam, clock: v.clock, tokens };
}

/**
 * A stored model (the object from serializeModel, or its JSON text) back as a model. Anything
 * that is not exactly a valid model of this version — truncated, hand-edited, from another
 * version — gives a fresh, empty model instead of an exception: the classifier then answers
 * 'unsure' until it has learnt again, and mail keeps flowing.
 */
export function parseModel(stored: unknown): SpamModel {
  let value = stored;
  if (typeof stored === 'string') {
    try {
      value = JSON.parse(stored) as unknown;
    } catch {
      return createModel();
    }
  }
  return parseStrict(value) ?? createModel();
}

/**
 * Keeps the model within MAX_MODEL_TOKENS: when over, drops tokens down to PRUNE_TO_SHARE of
 * the cap — first those seen in a single message (hapaxes, most of any vocabulary, and
 * they carry little evidence), oldest first, then the least recently seen of the rest.
 * Returns how many tokens were dropped.
 */
export function pruneModel(model: SpamModel, maxTokens = MAX_MODEL_TOKENS): number {
  if (model.tokens.size <= maxTokens) return 0;
  const target = Math.floor(maxTokens * PRUNE_TO_SHARE);
  const entries = [...model.tokens];
  entries.sort(([, a], [, b]) => {
    const rareA = a.ham + a.spam <= 1 ? 0 : 1;
    const rareB = b.ham + b.spam <= 1 ? 0 : 1;
    return rareA - rareB || a.touched - b.touched;
  });
  const dropped = entries.slice(0, entries.length - target);
  for (const [token] of dropped) model.tokens.delete(token);
  return dropped.length;
}
