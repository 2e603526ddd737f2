import { describe, expect, it } from 'vitest';
import { BayesClassifier } from '../../src/spam/bayes.js';
import { serializeModel } from '../../src/spam/model-store.js';

const HAM = [
  'meeting agenda thursday report budget team',
  'lunch tomorrow with the team at noon',
  'quarterly report attached please review',
  'reunion del jueves informe presupuesto',
];
const SPAM = [
  'free viagra cheap pills buy now',
  'win money fast free casino bonus',
  'cheap loans buy now limited offer',
  'gratis premio gana dinero ahora',
];
const words = (s: string) => s.split(' ');

/** A classifier past its minimum training, from a few repeated example messages. */
function trained(): BayesClassifier {
  const c = new BayesClassifier(undefined, { minPerClass: 2 });
  for (let i = 0; i < 5; i++) {
    for (const m of HAM) c.train(words(m), 'ham');
    for (const m of SPAM) c.train(words(m), 'spam');
  }
  return c;
}

describe('BayesClassifier', () => {
  it('SPAM-1 tells spam from ham once trained, and says why', () => {
    const c = trained();
    const spam = c.score(words('buy cheap pills now free bonus'));
    const ham = c.score(words('team meeting report review thursday'));
    expect(spam.verdict).toBe('spam');
    expect(spam.probability).toBeGreaterThan(0.9);
    expect(spam.clues[0]?.probability).toBeGreaterThan(0.9);
    expect(ham.verdict).toBe('ham');
    expect(ham.probability).toBeLessThan(0.2);
  });

  it('SPAM-1 is unsure about words it never saw and while it is too young', () => {
    expect(trained().score(words('quantum entanglement lecture')).verdict).toBe('unsure');
    const young = new BayesClassifier();
    young.train(words(SPAM[0] ?? ''), 'spam');
    young.train(words(HAM[0] ?? ''), 'ham');
    const s = young.score(words(SPAM[0] ?? ''));
    expect(s.probability).toBeGreaterThan(0.5);
    expect(s.verdict).toBe('unsure');
  });

  it('SPAM-2 untrain undoes train exactly (counts and scores)', () => {
    const c = trained();
    const before = serializeModel(c.model);
    const probe = words('free team report cheap');
    const scoreBefore = c.score(probe).probability;
    const lesson = words('brand new tokens free team');
    c.train(lesson, 'spam');
    expect(c.score(probe).probability).not.toBe(scoreBefore);
    c.untrain(lesson, 'spam');
    const after = serializeModel(c.model);
    expect({ ...after, clock: 0, t: stripTouched(after.t) }).toEqual({
      ...before,
      clock: 0,
      t: stripTouched(before.t),
    });
    expect(c.score(probe).probability).toBe(scoreBefore);
  });

  it('SPAM-2 a corrected mark moves the lesson from spam to ham', () => {
    const c = trained();
    const msg = words('invoice payment reminder account');
    c.relearn(msg, null, 'spam');
    expect(c.model.nspam).toBe(21);
    c.relearn(msg, 'spam', 'ham');
    expect(c.model.nspam).toBe(20);
    expect(c.model.nham).toBe(21);
    expect(c.model.tokens.get('invoice')).toMatchObject({ ham: 1, spam: 0 });
    c.relearn(msg, 'ham', 'ham');
    expect(c.model.tokens.get('invoice')).toMatchObject({ ham: 1, spam: 0 });
  });

  it('SPAM-2 untraining what was never learnt cannot drive counts below zero', () => {
    const c = new BayesClassifier();
    c.untrain(words('never seen'), 'spam');
    expect(c.model.nspam).toBe(0);
    expect(c.model.tokens.size).toBe(0);
  });
});

/** Token, ham, spam (dropping the touched stamp, which records time, not evidence). */
function stripTouched(t: (string | number)[]): (string | number)[] {
  return t.filter((_, i) => i % 4 !== 3);
}
