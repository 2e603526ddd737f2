// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
import { putRowsWithBodies } from '../../support/bodies.js';
// The search engine's test mailbox: the query language's fixture messages stored as real
// rows and RFC 5322 bytes in a fake-indexeddb account database, indexed by the real
// SearchRunner (the worker's code) with the real parser.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { inlineBodyReader } from '../../../src/search/index/inline-reader.js';
import type { Priority } from '../../../src/mail/types.js';
import { matches } from '../../../src/search/query/match.js';
import { parseQuery } from '../../../src/search/query/parse.js';
import { openDb, type BuzonDb } from '../../../src/store/db.js';
import type { EmailRecord, MailboxRecord } from '../../../src/store/records.js';
import { mailboxResolver } from '../../../src/workers/search/search-data.js';
import { SearchRunner } from '../../../src/workers/search/search-runner.js';
import { DOCS, MAILBOXES, OFFSET, type Doc } from '../query/fixture.js';

export { DOCS, OFFSET };

const ROLES: Record<string, MailboxRecord['role']> = {
  'mb-inbox': 'inbox',
  'mb-sent': 'sent',
  'mb-spam': 'spam',
};

/** The bytes a message of the fixture would have had: plain UTF-8 text. */
export function rawOf(doc: Pick<Doc, 'id' | 'subject' | 'body'>): Uint8Array {
  return new TextEncoder().encode(
    [
      `Message-ID: <${doc.id}@fixture.example>`,
      `Subject: =?utf-8?B?${Buffer.from(doc.subject).toString('base64')}?=`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      doc.body,
      '',
    ].join('\r\n'),
  );
}

export function rowOf(doc: Doc): EmailRecord {
  return {
    id: doc.id,
    messageId: `${doc.id}@fixture.example`,
    mailboxId: doc.mailboxId,
    keywords: Object.fromEntries(doc.keywords.map((k) => [k, true as const])),
    seen: doc.keywords.includes('$seen') ? 1 : 0,
    sortSubject: doc.subject.toLowerCase(),
    sortFrom: doc.from[0]?.name ?? '',
    receivedAt: doc.receivedAt,
    sentAt: doc.receivedAt,
    size: doc.size,
    hasAttachment: doc.hasAttachment,
    priority: doc.priority as Priority,
    from: [...doc.from],
    to: [...doc.to],
    cc: [...doc.cc],
    subject: doc.subject,
    preview: doc.body.slice(0, 100),
    warnings: [],
    inReplyTo: null,
    references: [],
    contentHash: doc.id,
  };
}

export async function storeDocs(db: BuzonDb, docs: readonly Doc[]): Promise<void> {
  await putRowsWithBodies(
    db,
    docs.map(rowOf),
    docs.map((d) => ({ id: d.id, raw: rawOf(d) })),
  );
}

export async function fixtureDb(factory = new IDBFactory()): Promise<BuzonDb> {
  const db = await openDb('buzon-search-test', { indexedDB: factory, IDBKeyRange });
  await db.mailboxes.bulkPut(
    Object.entries(MAILBOXES).map(([id, name]) => ({
      id,
      name,
      parentId: null,
      role: ROLES[id] ?? null,
      total: 0,
      unread: 0,
    })),
  );
  await storeDocs(db, DOCS);
  return db;
}

export function runnerFor(db: BuzonDb): SearchRunner {
  return new SearchRunner({ db, reader: inlineBodyReader });
}

/** What a brute-force scan of the fixture finds, with the same folder names the engine uses. */
export async function expected(
  db: BuzonDb,
  text: string,
  docs: readonly Doc[] = DOCS,
): Promise<string[]> {
  const resolver = mailboxResolver(await db.mailboxes.toArray());
  const { query } = parseQuery(text, { utcOffsetMinutes: OFFSET });
  return docs.filter((d) => matches(query, d, resolver)).map((d) => d.id);
}
