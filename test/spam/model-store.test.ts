import { describe, expect, it } from 'vitest';
import { BayesClassifier } from '../../src/spam/bayes.js';
import {
  createModel,
  modelToJson,
  MODEL_VERSION,
  parseModel,
  pruneModel,
  serializeModel,
} from '../../src/spam/model-store.js';
import { tokenize } from '../../src/spam/tokenize.js';
import { loadFixture } from './load.js';

async function trainedOnFixtures(): Promise<BayesClassifier> {
  const c = new BayesClassifier(undefined, { minPerClass: 1 });
  c.train(tokenize(await loadFixture('sa-ham.eml')), 'ham');
  c.train(tokenize(await loadFixture('sa-spam.eml')), 'spam');
  c.train(tokenize(await loadFixture('rspamd-spam.eml')), 'spam');
  return c;
}

describe('model store', () => {
  it('SPAM-1 a learnt model survives a JSON round trip and scores the same', async () => {
    const c = await trainedOnFixtures();
    const json = modelToJson(c.model);
    const restored = new BayesClassifier(parseModel(json), { minPerClass: 1 });
    expect(serializeModel(restored.model)).toEqual(serializeModel(c.model));
    const probe = tokenize(await loadFixture('forged-no.eml'));
    expect(restored.score(probe)).toEqual(c.score(probe));
    // The structured-clone form (what IndexedDB stores) round-trips too.
    expect(serializeModel(parseModel(structuredClone(serializeModel(c.model))))).toEqual(
      serializeModel(c.model),
    );
  });

  it('SPAM-1 bad stored data gives a fresh model instead of an exception', async () => {
    const good = serializeModel((await trainedOnFixtures()).model);
    const bad: unknown[] = [
      undefined,
      null,
      42,
      '',
      'not json {',
      '{"v":1}',
      [],
      { ...good, v: MODEL_VERSION + 1 },
      { ...good, nham: -1 },
      { ...good, nspam: 1.5 },
      { ...good, t: good.t.slice(0, -1) },
      { ...good, t: ['token', 1, 0] },
      { ...good, t: ['token', 'x', 0, 0] },
      { ...good, t: ['token', 0, 0, 0] },
      { ...good, t: ['token', good.nham + 1, 0, 0] },
      { ...good, t: ['token', 1, 0, good.clock + 1] },
      { ...good, t: ['dup', 1, 0, 0, 'dup', 1, 0, 0] },
      { ...good, t: [{}, 1, 0, 0] },
      JSON.stringify(good).slice(0, 100),
    ];
    for (const value of bad) {
      expect(serializeModel(parseModel(value))).toEqual(serializeModel(createModel()));
    }
  });

  it('SPAM-1 pruning keeps the model bounded, dropping one-off old tokens first', () => {
    const c = new BayesClassifier(undefined, {}, 100);
    c.train(['keep', 'old1', 'old2'], 'ham');
    c.train(['keep', 'spammy'], 'spam');
    c.train(['spammy'], 'spam');
    for (let i = 0; i < 200; i++) c.train([`once${i}`], i % 2 ? 'ham' : 'spam');
    expect(c.model.tokens.size).toBeLessThanOrEqual(100);
    expect(c.model.tokens.has('keep')).toBe(true);
    expect(c.model.tokens.has('spammy')).toBe(true);
    expect(c.model.tokens.has('old1')).toBe(false);
    expect(c.model.tokens.has('once199')).toBe(true);
    expect(pruneModel(c.model, 1000)).toBe(0);
  });
});
