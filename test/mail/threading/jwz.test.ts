import { describe, expect, it } from 'vitest';
import { threadMessages } from '../../../src/mail/threading/jwz.js';
import { MAX_REFERENCES, threadLinks } from '../../../src/mail/threading/links.js';
import type { Thread, ThreadInput } from '../../../src/mail/threading/types.js';
import { loadInputs, SCENARIOS } from './fixtures.js';
import { rng, shuffle } from './synthetic.js';

/** Threads as sets of ids, in a canonical order, for comparisons that ignore keys. */
function groups(threads: readonly Thread[]): string[][] {
  return threads.map((t) => [...t.ids].sort()).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

function threadOf(threads: readonly Thread[], id: string): Thread {
  const t = threads.find((x) => x.ids.includes(id));
  if (!t) throw new Error(`${id} is in no thread`);
  return t;
}

const base: Omit<ThreadInput, 'id' | 'messageId'> = {
  inReplyTo: null,
  references: [],
  subject: 'Quarterly numbers',
  date: Date.UTC(2025, 2, 1),
};

describe('THREAD-1 batch threading of real threads', () => {
  it('THREAD-1 keeps a mailing-list thread together through a message that never arrived', async () => {
    const threads = threadMessages(await loadInputs('list-missing-middle'));
    const release = threadOf(threads, '01-root');
    expect(release.ids).toEqual([
      '01-root',
      '02-reply',
      '04-reply-to-missing',
      '05-sibling-via-missing',
    ]);
    expect(release.key).toBe('CAF3kQ9x1root@mail.example.net');
    expect(release.rootSubject).toBe('[dev] Release 2.4 schedule');
    expect(threadOf(threads, '06-unrelated-same-list').ids).toEqual(['06-unrelated-same-list']);
  });

  it('THREAD-1 threads an Outlook conversation that has only In-Reply-To, with Spanish RE: and an RV: forward', async () => {
    const threads = threadMessages(await loadInputs('outlook-irt'));
    expect(threads).toHaveLength(1);
    expect(threads[0].ids).toEqual(['01-original', '02-re', '03-re-re', '04-rv-forward']);
    expect(threads[0].rootSubject).toBe('Presupuesto reforma cocina');
  });

  it('THREAD-1 threads replies whose References header was cut short', async () => {
    const threads = threadMessages(await loadInputs('truncated-references'));
    expect(groups(threads)).toEqual([
      ['01-root', '02-reply', '03-reply', '04-truncated', '05-irt-only-after-truncation'],
    ]);
  });

  it('THREAD-1 groups the Inbox and Sent copies of one message (same Message-ID) in its thread', async () => {
    const threads = threadMessages(await loadInputs('copies'));
    expect(threads).toHaveLength(1);
    expect(threads[0].ids).toEqual([
      '01-root',
      '02-my-reply-inbox',
      '02-my-reply-sent',
      '03-answer-to-my-reply',
    ]);
  });

  it('THREAD-1 gives a different message reusing a Message-ID a thread of its own', async () => {
    const threads = threadMessages(await loadInputs('impostor'));
    expect(threadOf(threads, '03-disk-alert-same-id').ids).toEqual(['03-disk-alert-same-id']);
    const backup = threadOf(threads, '01-backup');
    expect(backup.ids).toContain('02-reply-to-backup');
    expect(backup.ids).not.toContain('03-disk-alert-same-id');
    // A reply naming the reused id cannot say which message it answers: it joins the first
    // message that had the id (documented in jwz.ts).
    expect(backup.ids).toContain('04-reply-to-alert');
  });

  it('THREAD-1 survives References that loop and a message that names itself', async () => {
    const threads = threadMessages(await loadInputs('cycle'));
    expect(groups(threads)).toEqual([
      ['01-a', '02-b', '03-reply-through-cycle'],
      ['04-self-reference'],
    ]);
  });

  it('THREAD-1 joins a forward without headers by subject, but not one sent five months later', async () => {
    const threads = threadMessages(await loadInputs('forwards'));
    expect(threadOf(threads, '01-original').ids).toEqual([
      '01-original',
      '02-fwd-thunderbird-no-headers',
      '03-fwd-gmail-with-headers',
    ]);
    expect(threadOf(threads, '04-fwd-months-later').ids).toEqual(['04-fwd-months-later']);
  });

  it('THREAD-1 never merges same-subject strangers, and joins an orphan "RE:" only to the recent one', async () => {
    const threads = threadMessages(await loadInputs('strangers'));
    expect(groups(threads)).toEqual([
      ['01-meeting-ann'],
      ['02-meeting-bob', '03-re-meeting-orphan'],
      ['04-hola-carlos'],
      ['05-re-hola-orphan'],
      ['06-meeting-bob-again'],
    ]);
  });

  it('THREAD-1 lists threads newest activity first and every message exactly once', async () => {
    const all = (await Promise.all(SCENARIOS.map((s) => loadInputs(s)))).flatMap((list, i) =>
      list.map((m) => ({ ...m, id: `${SCENARIOS[i]}/${m.id}` })),
    );
    const threads = threadMessages(all);
    expect(threads.flatMap((t) => t.ids).sort()).toEqual(all.map((m) => m.id).sort());
    const byId = new Map(all.map((m) => [m.id, m]));
    const latest = threads.map((t) => Math.max(...t.ids.map((id) => byId.get(id)?.date ?? 0)));
    expect(latest).toEqual([...latest].sort((a, b) => b - a));
    expect(new Set(threads.map((t) => t.key)).size).toBe(threads.length);
  });

  it('THREAD-1 gives the same threads and keys whatever order the mailbox is read in', async () => {
    const all = (await Promise.all(SCENARIOS.map((s) => loadInputs(s)))).flatMap((list, i) =>
      list.map((m) => ({ ...m, id: `${SCENARIOS[i]}/${m.id}` })),
    );
    const expected = threadMessages(all);
    const random = rng(5);
    for (let round = 0; round < 20; round++) {
      expect(threadMessages(shuffle(all, random))).toEqual(expected);
    }
  });
});

describe('THREAD-1 batch threading of broken headers', () => {
  it('THREAD-1 threads a message without Message-ID by its In-Reply-To, and never two such strangers together', () => {
    const threads = threadMessages([
      { ...base, id: 'root', messageId: 'q1@example.com' },
      { ...base, id: 'reply', messageId: '', inReplyTo: 'q1@example.com', subject: 'Re: x' },
      { ...base, id: 'lone-1', messageId: '', subject: 'Lonely one' },
      { ...base, id: 'lone-2', messageId: '', subject: 'Lonely two' },
    ]);
    expect(groups(threads)).toEqual([['lone-1'], ['lone-2'], ['reply', 'root']]);
  });

  it('THREAD-1 links a reply through its References and through an In-Reply-To that disagrees with them', () => {
    // The In-Reply-To names a message that is not here: it only adds a link, never removes one.
    const threads = threadMessages([
      { ...base, id: 'root', messageId: 'r@x' },
      { ...base, id: 'p', messageId: 'p@x', references: ['r@x'], date: base.date + 1 },
      {
        ...base,
        id: 'q',
        messageId: 'q@x',
        references: ['r@x', 'p@x'],
        inReplyTo: 'zz@x',
        date: base.date + 2,
      },
    ]);
    expect(threads).toHaveLength(1);
    expect(threads[0].ids).toEqual(['root', 'p', 'q']);
    expect(
      threadLinks({
        ...base,
        id: 'q',
        messageId: 'q@x',
        references: ['r@x', 'p@x'],
        inReplyTo: 'zz@x',
      }),
    ).toEqual(['r@x', 'p@x', 'zz@x']);
  });

  it('THREAD-1 bounds a very long References header to its first and last entries', () => {
    const refs = Array.from({ length: 10_000 }, (_, i) => `hop${i}@list.example`);
    const links = threadLinks({ ...base, id: 'long', messageId: 'long@x', references: refs });
    expect(links).toHaveLength(MAX_REFERENCES);
    expect(links[0]).toBe('hop0@list.example');
    expect(links[links.length - 1]).toBe('hop9999@list.example');
    const threads = threadMessages([
      { ...base, id: 'root', messageId: 'hop0@list.example' },
      { ...base, id: 'parent', messageId: 'hop9999@list.example', date: base.date + 1 },
      { ...base, id: 'long', messageId: 'long@x', references: refs, date: base.date + 2 },
    ]);
    expect(threads).toHaveLength(1);
  });

  it('THREAD-1 returns nothing for an empty mailbox', () => {
    expect(threadMessages([])).toEqual([]);
  });
});
