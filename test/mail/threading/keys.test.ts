import { describe, expect, it } from 'vitest';
import { threadMessages } from '../../../src/mail/threading/jwz.js';
import { incrementalThread } from '../../../src/mail/threading/keys.js';
import type { ThreadLookup } from '../../../src/mail/threading/keys.js';
import { MemoryThreadIndex } from '../../../src/mail/threading/memory-index.js';
import { compareByDateThenId } from '../../../src/mail/threading/types.js';
import type { ThreadInput } from '../../../src/mail/threading/types.js';
import { loadInputs, SCENARIOS } from './fixtures.js';
import { rng, shuffle, syntheticMailbox } from './synthetic.js';

/** Threads as sets of ids in a canonical order: what must not depend on arrival order. */
function canonical(threads: Iterable<readonly string[]>): string[][] {
  return [...threads].map((ids) => [...ids].sort()).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

function batchGroups(inputs: readonly ThreadInput[]): string[][] {
  return canonical(threadMessages(inputs).map((t) => t.ids));
}

function incrementalGroups(order: readonly ThreadInput[]): string[][] {
  const index = new MemoryThreadIndex();
  for (const m of order) index.add(m);
  return canonical(index.threads().values());
}

function* permutations<T>(items: readonly T[]): Generator<T[]> {
  if (items.length <= 1) {
    yield [...items];
    return;
  }
  for (let i = 0; i < items.length; i++) {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const p of permutations(rest)) yield [items[i], ...p];
  }
}

const NO_STORED: ThreadLookup = {
  holders: () => [],
  keysLinkingTo: () => [],
  keysBySubject: () => [],
};

describe('THREAD-1 incremental threading', () => {
  it('THREAD-1 starts a thread keyed by the root Message-ID a first reply names', () => {
    const reply: ThreadInput = {
      id: 'r',
      messageId: 'reply@x',
      inReplyTo: 'p@x',
      references: ['root@x', 'p@x'],
      subject: 'Re: Plan',
      date: 1,
    };
    expect(incrementalThread(NO_STORED, reply)).toEqual({
      key: 'root@x',
      self: 'reply@x',
      merges: [],
    });
  });

  it('THREAD-1 keeps the thread key when replies to the newest message arrive, Outlook style', async () => {
    const index = new MemoryThreadIndex();
    const results = (await loadInputs('outlook-irt')).map((m) => index.add(m));
    const key = 'AM0PR07MB1234A1B2C3D4E5F6@AM0PR07MB1234.eurprd07.prod.outlook.com';
    expect(results.map((r) => r.key)).toEqual([key, key, key, key]);
    expect(results.flatMap((r) => r.merges)).toEqual([]);
  });

  it('THREAD-1 joins a parent to the children that arrived before it, merging their threads', async () => {
    const [root, reply, reReply] = await loadInputs('outlook-irt');
    const index = new MemoryThreadIndex();
    const first = index.add(reReply);
    const second = index.add(root);
    expect(second.key).not.toBe(first.key);
    const bridge = index.add(reply);
    expect([bridge.key, ...bridge.merges].sort()).toEqual([first.key, second.key].sort());
    expect([...index.threads().values()]).toEqual([['01-original', '02-re', '03-re-re']]);
  });

  it('THREAD-1 gives a reused Message-ID a node of its own, and a copy the shared one', async () => {
    const [backup, , alert] = await loadInputs('impostor');
    const index = new MemoryThreadIndex();
    index.add(backup);
    expect(index.add({ ...backup, id: 'backup-copy' }).self).toBe('1@localhost');
    expect(index.add(alert).self).toBe('1@localhost dup 03-disk-alert-same-id');
    expect(index.keyOf('backup-copy')).toBe(index.keyOf('01-backup'));
  });

  it('THREAD-1 keys match the batch keys when mail arrives oldest first and nothing merges', async () => {
    let compared = 0;
    for (const scenario of SCENARIOS) {
      const inputs = [...(await loadInputs(scenario))].sort(compareByDateThenId);
      const index = new MemoryThreadIndex();
      const merges = inputs.map((m) => index.add(m).merges.length);
      if (merges.some((n) => n > 0)) continue;
      compared++;
      const batch = threadMessages(inputs);
      for (const t of batch)
        for (const id of t.ids) expect(index.keyOf(id), `${scenario} ${id}`).toBe(t.key);
    }
    expect(compared).toBeGreaterThanOrEqual(5);
  });
});

describe('THREAD-1 incremental equals batch, in every arrival order', () => {
  for (const scenario of SCENARIOS.filter((s) => s !== 'impostor')) {
    it(`THREAD-1 ${scenario}: every arrival order groups as the batch does`, async () => {
      const inputs = await loadInputs(scenario);
      const expected = batchGroups(inputs);
      let orders = 0;
      for (const order of permutations(inputs)) {
        expect(incrementalGroups(order), order.map((m) => m.id).join(' ')).toEqual(expected);
        orders++;
      }
      expect(orders).toBeGreaterThanOrEqual(24);
    });
  }

  it('THREAD-1 a six-message mix (copies, missing parent, orphan forward): all 720 orders group as the batch does', async () => {
    const outlook = await loadInputs('outlook-irt');
    const copies = await loadInputs('copies');
    // Reply and forward without the original, plus the two copies and both ends of "copies".
    const six = [outlook[1], outlook[2], outlook[3], copies[1], copies[2], copies[3]];
    const expected = batchGroups(six);
    let orders = 0;
    for (const order of permutations(six)) {
      expect(incrementalGroups(order)).toEqual(expected);
      orders++;
    }
    expect(orders).toBe(720);
  });

  it('THREAD-1 impostor Message-IDs: orders where the genuine message comes first group as the batch does', async () => {
    const inputs = await loadInputs('impostor');
    const expected = batchGroups(inputs);
    for (const order of permutations(inputs)) {
      const ids = order.map((m) => m.id);
      if (ids.indexOf('01-backup') > ids.indexOf('03-disk-alert-same-id')) continue;
      expect(incrementalGroups(order), ids.join(' ')).toEqual(expected);
    }
  });

  it('THREAD-1 randomized mailboxes (fixed seeds): shuffled arrival groups as the batch does', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const inputs = syntheticMailbox(seed, 60);
      const expected = batchGroups(inputs);
      const random = rng(seed * 7919);
      for (let round = 0; round < 10; round++) {
        expect(incrementalGroups(shuffle(inputs, random)), `seed ${seed} round ${round}`).toEqual(
          expected,
        );
      }
      // Newest first is how a fresh sync arrives.
      expect(incrementalGroups([...inputs].sort(compareByDateThenId).reverse())).toEqual(expected);
    }
  });
});
