// Helpers for the thread tests: real .eml files (the threading fixtures, or small messages
// written here) stored through the real import path (parser → newEmailRecord →
// putNewMessages), and the invariant that every thread row equals its messages' summary.
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { createInlineParser } from '../../src/mail/parse.js';
import { summarizeThread } from '../../src/mail/threading/summary.js';
import { newEmailRecord } from '../../src/state/email-rows.js';
import { sha256Hex } from '../../src/state/hash.js';
import { openDb, type BuzonDb } from '../../src/store/db.js';
import { newId } from '../../src/store/ids.js';
import type { EmailRecord } from '../../src/store/records.js';
import { putNewMessages, type NewMessage } from '../../src/store/repos/emails.js';
import { rowOf, threadDateOf } from '../../src/store/repos/thread-records.js';
import { drainThreadQueueStep } from '../../src/store/repos/threads.js';

const parser = createInlineParser();

export function freshDb(opts: { synced?: boolean; factory?: IDBFactory } = {}): Promise<BuzonDb> {
  return openDb(opts.synced ? 'buzon-account-t' : 'buzon-local', {
    indexedDB: opts.factory ?? new IDBFactory(),
    IDBKeyRange,
    synced: opts.synced ?? false,
  });
}

export interface Eml {
  name: string;
  raw: Uint8Array;
}

/** A threading fixture scenario's files, in name order. */
export function fixture(scenario: string): Eml[] {
  const dir = fileURLToPath(new URL(`../mail/threading/fixtures/${scenario}/`, import.meta.url));
  return readdirSync(dir)
    .filter((n) => n.endsWith('.eml'))
    .sort()
    .map((n) => ({ name: n.replace(/\.eml$/, ''), raw: new Uint8Array(readFileSync(dir + n)) }));
}

/** A small real message. `refs` and `irt` name Message-IDs without brackets. */
export function eml(o: {
  name: string;
  subject: string;
  date: string;
  from?: string;
  irt?: string;
  refs?: string[];
  noId?: boolean;
}): Eml {
  const head = [
    `From: ${o.from ?? 'Ana <ana@example.org>'}`,
    'To: Team <team@example.org>',
    `Subject: ${o.subject}`,
    `Date: ${o.date}`,
    ...(o.noId ? [] : [`Message-ID: <${o.name}@example.org>`]),
    ...(o.irt ? [`In-Reply-To: <${o.irt}@example.org>`] : []),
    ...(o.refs ? [`References: ${o.refs.map((r) => `<${r}@example.org>`).join(' ')}`] : []),
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Body of ${o.name}.`,
    '',
  ];
  return { name: o.name, raw: new TextEncoder().encode(head.join('\r\n')) };
}

export async function records(
  mailboxId: string,
  emls: readonly Eml[],
  seen = false,
): Promise<NewMessage[]> {
  return Promise.all(
    emls.map(async (m) => ({
      email: newEmailRecord({
        id: newId(),
        mailboxId,
        raw: m.raw,
        contentHash: await sha256Hex(m.raw),
        summary: await parser.summarize(m.raw),
        now: Date.UTC(2025, 5, 1),
        seen,
      }),
      raw: m.raw,
    })),
  );
}

/** Stores messages through putNewMessages (one transaction, or one each); name → id. */
export async function store(
  db: BuzonDb,
  mailboxId: string,
  emls: readonly Eml[],
  opts: { oneByOne?: boolean; seen?: boolean } = {},
): Promise<Map<string, string>> {
  const items = await records(mailboxId, emls, opts.seen ?? false);
  if (opts.oneByOne)
    for (const item of items) {
      await putNewMessages(db, [item]);
      await threadQueued(db);
    }
  else await putNewMessages(db, items);
  await threadQueued(db);
  return new Map(emls.map((m, i) => [m.name, (items[i] as NewMessage).email.id]));
}

/** The stored grouping as sorted lists of names (ids not in `names` are ignored). */
/** Threads what the writers queued (the thread service does this in the app). */
export async function threadQueued(db: BuzonDb): Promise<void> {
  while ((await drainThreadQueueStep(db, 500)) > 0) {
    /* one transaction per batch */
  }
}

export async function groups(db: BuzonDb, names: ReadonlyMap<string, string>): Promise<string[][]> {
  await threadQueued(db);
  const byId = new Map([...names].map(([n, id]) => [id, n]));
  const byKey = new Map<string, string[]>();
  for (const e of await db.emails.toArray()) {
    const name = byId.get(e.id);
    if (name === undefined) continue;
    expect(e.threadKey, `${name} is threaded`).toBeDefined();
    const list = byKey.get(e.threadKey as string) ?? [];
    list.push(name);
    byKey.set(e.threadKey as string, list);
  }
  return [...byKey.values()]
    .map((g) => g.sort())
    .sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

/**
 * Every thread row equals the row rebuilt from its messages, agrees with summarizeThread,
 * and every threaded message has its row (the invariant every writer must keep).
 */
export async function expectRowsConsistent(db: BuzonDb): Promise<void> {
  await threadQueued(db);
  const pairs = new Map<string, EmailRecord[]>();
  for (const e of await db.emails.toArray()) {
    if (e.threadKey === undefined) continue;
    const id = `${e.mailboxId}\u0000${e.threadKey}`;
    pairs.set(id, [...(pairs.get(id) ?? []), e]);
  }
  const rows = await db.threads.toArray();
  expect(rows.map((r) => `${r.mailboxId}\u0000${r.threadKey}`).sort()).toEqual(
    [...pairs.keys()].sort(),
  );
  for (const row of rows) {
    const messages = pairs.get(`${row.mailboxId}\u0000${row.threadKey}`) ?? [];
    expect(row).toEqual(rowOf(messages));
    const summary = summarizeThread(
      messages.map((m) => ({
        id: m.id,
        seen: m.seen,
        date: threadDateOf(m),
        from: m.from,
        subject: m.subject,
      })),
    );
    expect(row.count).toBe(summary.count);
    expect(row.unread).toBe(summary.unreadCount);
    expect(row.subject).toBe(summary.subject);
    expect(row.participants.map((p) => p.address)).toEqual(
      summary.participants.slice(0, row.participants.length).map((p) => p.address),
    );
  }
}
