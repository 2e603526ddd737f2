import { describe, expect, it } from 'vitest';
import { threadMessages } from '../../../src/mail/threading/jwz.js';
import { MAX_REFERENCES } from '../../../src/mail/threading/links.js';
import { MemoryThreadIndex } from '../../../src/mail/threading/memory-index.js';
import { compareByDateThenId } from '../../../src/mail/threading/types.js';
import type { ThreadInput } from '../../../src/mail/threading/types.js';
import { syntheticMailbox } from './synthetic.js';

const SCALE = 100_000;
// Generous: this is a crash and complexity check, not a benchmark. A quadratic step would
// take hours at this size and fail here; near-linear code takes a few seconds.
const SCALE_TIMEOUT_MS = 120_000;

function mailbox(): ThreadInput[] {
  // ~4.5 messages per thread minus missing ones: 30k threads give more than 100k messages.
  return syntheticMailbox(2024, 30_000, 8, 0.5).slice(0, SCALE);
}

function canonical(threads: Iterable<readonly string[]>): string[] {
  return [...threads].map((ids) => [...ids].sort().join(' ')).sort();
}

describe('THREAD-1 at mailbox scale', () => {
  it(
    'THREAD-1 threads 100,000 messages, each exactly once',
    () => {
      const inputs = mailbox();
      expect(inputs).toHaveLength(SCALE);
      const threads = threadMessages(inputs);
      const ids = threads.flatMap((t) => t.ids);
      expect(ids).toHaveLength(SCALE);
      expect(new Set(ids).size).toBe(SCALE);
      expect(new Set(threads.map((t) => t.key)).size).toBe(threads.length);
      expect(threads.length).toBeGreaterThan(15_000);
    },
    SCALE_TIMEOUT_MS,
  );

  it(
    'THREAD-1 threading 100,000 messages one at a time, newest first, groups as the batch does',
    () => {
      const inputs = mailbox();
      const index = new MemoryThreadIndex();
      for (const m of [...inputs].sort(compareByDateThenId).reverse()) index.add(m);
      expect(canonical(index.threads().values())).toEqual(
        canonical(threadMessages(inputs).map((t) => t.ids)),
      );
    },
    SCALE_TIMEOUT_MS,
  );

  it(
    'THREAD-1 threads a 50,000-deep reply chain without recursion limits',
    () => {
      const depth = 50_000;
      const inputs: ThreadInput[] = [];
      for (let i = 0; i < depth; i++) {
        // A References tail as a real client trims it: the root, then the nearest ancestors.
        const tail = Array.from(
          { length: Math.min(i, MAX_REFERENCES) },
          (_, k) => `deep${i - 1 - k}@x`,
        );
        const ancestors =
          i === 0 ? [] : ['deep0@x', ...tail.reverse().filter((id) => id !== 'deep0@x')];
        inputs.push({
          id: `d${i}`,
          messageId: `deep${i}@x`,
          // Every other reply carries only In-Reply-To, the rest a References tail.
          inReplyTo: i === 0 ? null : `deep${i - 1}@x`,
          references: i % 2 === 0 ? ancestors : [],
          subject: 'Re: deep',
          date: i,
        });
      }
      const threads = threadMessages(inputs);
      expect(threads).toHaveLength(1);
      expect(threads[0].ids).toHaveLength(depth);
      expect(threads[0].key).toBe('deep0@x');
    },
    SCALE_TIMEOUT_MS,
  );
});
