import { describe, expect, it } from 'vitest';
import { threadMessages } from '../../../src/mail/threading/jwz.js';
import { EmptyThreadError, summarizeThread } from '../../../src/mail/threading/summary.js';
import type { ThreadMessage } from '../../../src/mail/threading/summary.js';
import { loadScenario } from './fixtures.js';

async function outlookThread(seen: Record<string, 0 | 1>): Promise<ThreadMessage[]> {
  const messages = await loadScenario('outlook-irt');
  const [thread] = threadMessages(messages.map((m) => m.input));
  return thread.ids.map((id) => {
    const m = messages.find((x) => x.input.id === id);
    if (!m) throw new Error(id);
    return {
      id,
      seen: seen[id] ?? 1,
      date: m.input.date,
      from: m.summary.from,
      subject: m.summary.subject,
    };
  });
}

describe('THREAD-1/2 thread rows', () => {
  it('THREAD-1 shows a count, unread when any message is, the newest date and who wrote', async () => {
    const messages = await outlookThread({ '02-re': 0 });
    // The caller may hand them over in any order: newest first here.
    const row = summarizeThread([...messages].reverse());
    expect(row.count).toBe(4);
    expect(row.unread).toBe(true);
    expect(row.unreadCount).toBe(1);
    expect(row.latestDate).toBe(Date.parse('2024-04-11T11:12:09Z'));
    expect(row.subject).toBe('Presupuesto reforma cocina');
    expect(row.participants).toEqual([
      { name: 'Ana García', address: 'ana.garcia@constructora.example' },
      { name: 'Luis Pérez', address: 'luis@example.es' },
    ]);
  });

  it('THREAD-1 opens oldest at the top and newest at the bottom, at the first unread', async () => {
    const row = summarizeThread(await outlookThread({ '03-re-re': 0, '04-rv-forward': 0 }));
    expect(row.ids).toEqual(['01-original', '02-re', '03-re-re', '04-rv-forward']);
    expect(row.firstUnreadId).toBe('03-re-re');
  });

  it('THREAD-1 is read when every message is', async () => {
    const row = summarizeThread(await outlookThread({}));
    expect(row.unread).toBe(false);
    expect(row.firstUnreadId).toBeNull();
    expect(row.markReadIds).toEqual([]);
  });

  it('THREAD-2 marks a whole thread unread by flipping exactly its read messages', async () => {
    const row = summarizeThread(await outlookThread({ '02-re': 0 }));
    expect(row.markUnreadIds).toEqual(['01-original', '03-re-re', '04-rv-forward']);
    expect(row.markReadIds).toEqual(['02-re']);
  });

  it('THREAD-2 marks one message: a one-message thread acts on that message alone', () => {
    const row = summarizeThread([
      {
        id: 'solo',
        seen: true,
        date: 1,
        from: [{ name: '', address: 'x@example.com' }],
        subject: 'Hi',
      },
    ]);
    expect(row).toMatchObject({ count: 1, unread: false, ids: ['solo'], markUnreadIds: ['solo'] });
  });

  it('THREAD-1 counts a sender once whatever the case of the address, and skips messages without From', () => {
    const row = summarizeThread([
      {
        id: 'a',
        seen: 0,
        date: 1,
        from: [{ name: 'Ann', address: 'Ann@Example.com' }],
        subject: 's',
      },
      { id: 'b', seen: 0, date: 2, from: [], subject: 'Re: s' },
      {
        id: 'c',
        seen: 0,
        date: 3,
        from: [{ name: 'ann', address: 'ann@example.com' }],
        subject: 'Re: s',
      },
    ]);
    expect(row.participants).toEqual([{ name: 'Ann', address: 'Ann@Example.com' }]);
  });

  it('THREAD-1 refuses an empty thread with a typed error', () => {
    expect(() => summarizeThread([])).toThrow(EmptyThreadError);
  });
});
