// The search engine (ADR 0024) over a real account database: the worker's SearchRunner
// indexes the fixture mailbox's stored bytes and answers every kind of query exactly as a
// full scan with the query language does; results are ranked, capped, scoped, persisted
// and kept current as mail comes and goes.
import { describe, expect, it } from 'vitest';
import { deleteWithBody, removeBody } from '../../support/bodies.js';
import { IDBFactory } from 'fake-indexeddb';
import { inlineBodyReader } from '../../../src/search/index/inline-reader.js';
import { SearchRunner } from '../../../src/workers/search/search-runner.js';
import { SearchIndex } from '../../../src/workers/search/search-index.js';
import { LEVEL_FANOUT } from '../../../src/workers/search/level-merge.js';
import { SEGMENT_DOCS } from '../../../src/search/index/segment.js';
import { mailVolume } from '../../../src/store/repos/saved-searches.js';
import type { MailboxRecord } from '../../../src/store/records.js';
import { DOCS, expected, fixtureDb, OFFSET, runnerFor, storeDocs } from './support.js';

const sorted = (ids: readonly string[]) => [...ids].sort();
const BASE = DOCS[0] as (typeof DOCS)[number];

/** Stores a message as an arrival does: its row and bytes, and its folder's new total. */
async function storeArrival(db: Awaited<ReturnType<typeof fixtureDb>>, doc: typeof BASE) {
  await storeDocs(db, [doc]);
  const folder = await db.mailboxes.get(doc.mailboxId);
  await db.mailboxes.put({ ...(folder as MailboxRecord), total: (folder?.total ?? 0) + 1 });
}

/** Queries of every kind the language has (SEARCH-1, SEARCH-3, SEARCH-6). */
const QUERIES = [
  'camion',
  'CAMIÓN',
  'camion -sabado',
  'camion OR factura',
  'camion factura',
  '"fin de año"',
  '"año en año"',
  'info*',
  'inf*',
  'from:ana',
  'from:ana.garcia@correo.es',
  'from:@empresa.example',
  'to:ana',
  'cc:ana',
  'subject:meeting',
  'body:meeting',
  'meeting -subject:re',
  'has:attachment',
  'is:unread',
  'is:read has:attachment',
  'is:flagged',
  'before:2026-03-01',
  'after:2026-03',
  'after:2026-01 before:2026-02',
  'larger:100K',
  'smaller:5K factura',
  'in:archivo meeting',
  'in:inbox camion',
  '-in:archivo meeting',
  'priority:high',
  'strasse',
  'straße',
  'groß',
  'año nuevo',
  'peñiscola',
  'notes OR fotos -vacaciones',
  'has:attachment factura',
  'priority:high servidor',
  'is:unread camion',
  'is:read meeting',
  '-has:attachment camion',
  'in:"bandeja de entrada" OR in:archivo',
  // Two-word phrases are settled by their pair term; across a name and its address (or two
  // names) there is no pair, as the matcher keeps them apart.
  '"meeting notes"',
  'subject:"meeting notes"',
  'from:"maría garcía"',
  '"garcia ana"',
  '"garcía ana"',
  'from:"garcia ana"',
  '"ana garcia"',
];

describe('search engine over the stored mailbox', () => {
  it.each(QUERIES)('SEARCH-1 SEARCH-6 “%s” finds exactly what a full scan finds', async (text) => {
    const db = await fixtureDb();
    const runner = runnerFor(db);
    await runner.open();
    await runner.indexAll();
    const got = await runner.search(text, null, OFFSET);
    expect(sorted(got.ids)).toEqual(sorted(await expected(db, text)));
    expect(got.pending).toBe(0);
    db.close();
  });

  it('SEARCH-1 a first build reads the rows ahead, indexes newest first across folders and answers as a full scan does', async () => {
    const db = await fixtureDb();
    // A row whose folder is gone is not mail of this mailbox, as the folder index reads it.
    await storeDocs(db, [
      { ...(DOCS[0] as (typeof DOCS)[number]), id: 'orphan', mailboxId: 'gone' },
    ]);
    const index = new SearchIndex(db, inlineBodyReader, 1);
    await index.open();
    const order = await index.pending();
    expect(index.folderOf('orphan')).toBeUndefined();
    await deleteWithBody(db, 'orphan');
    expect(sorted(order)).toEqual(sorted(DOCS.map((d) => d.id)));
    const dates = order.map((id) => DOCS.find((d) => d.id === id)?.receivedAt as number);
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    expect(new Set(DOCS.map((d) => d.mailboxId)).size).toBeGreaterThan(1);
    // Its segments are written at the size the level merges would make of them.
    expect(index.segmentTarget).toBe(SEGMENT_DOCS * LEVEL_FANOUT);
    // A message deleted after the look is not indexed, though its row was read ahead.
    const gone = order[3] as string;
    await deleteWithBody(db, gone);
    expect(await index.add(order)).toBe(DOCS.length - 1);
    // New mail after it is a few messages of a look of its own, in segments of the usual size.
    await storeDocs(db, [{ ...(DOCS[0] as (typeof DOCS)[number]), id: 'late-arrival' }]);
    expect(await index.pending()).toEqual(['late-arrival']);
    expect(index.segmentTarget).toBe(SEGMENT_DOCS);
    await deleteWithBody(db, 'late-arrival');
    const runner = new SearchRunner({ db, reader: inlineBodyReader, newestOrderFrom: 1 });
    await runner.open();
    await runner.indexAll();
    for (const text of QUERIES) {
      const want = (await expected(db, text)).filter((id) => id !== gone);
      expect(sorted((await runner.search(text, null, OFFSET)).ids), text).toEqual(sorted(want));
    }
    db.close();
  });

  it('SEARCH-1 SEARCH-4 answers settled by the index alone equal those checked on each row, in order', async () => {
    const db = await fixtureDb();
    const runner = runnerFor(db);
    await runner.open();
    await runner.indexAll();
    for (const folder of [null, 'mb-inbox']) {
      for (const text of QUERIES) {
        // Not dirty: folders and deletions come from the index's locations, no row is read.
        const fast = await runner.search(text, folder, OFFSET);
        // A change came in: the locations may be stale, so every candidate's row is read.
        runner.changed();
        const checked = await runner.search(text, folder, OFFSET);
        await runner.refresh();
        expect(fast.ids, `${text} in ${folder ?? 'everywhere'}`).toEqual(checked.ids);
      }
    }
    db.close();
  });

  it('SEARCH-2 the current folder only, or everywhere', async () => {
    const db = await fixtureDb();
    const runner = runnerFor(db);
    await runner.open();
    await runner.indexAll();
    const all = await expected(db, 'meeting OR camion');
    const folderOf = (id: string) => DOCS.find((d) => d.id === id)?.mailboxId;
    expect(sorted((await runner.search('meeting OR camion', null, OFFSET)).ids)).toEqual(
      sorted(all),
    );
    for (const folder of ['mb-archive', 'mb-inbox', 'mb-sent']) {
      const got = await runner.search('meeting OR camion', folder, OFFSET);
      expect(sorted(got.ids)).toEqual(sorted(all.filter((id) => folderOf(id) === folder)));
    }
    db.close();
  });

  it('SEARCH-2 a big folder is scoped by checking rows, a small one by its ids: the same results', async () => {
    const db = await fixtureDb();
    const runner = runnerFor(db);
    await runner.open();
    await runner.indexAll();
    const all = await expected(db, 'meeting OR camion');
    const folderOf = (id: string) => DOCS.find((d) => d.id === id)?.mailboxId;
    for (const total of [0, 1_000_000]) {
      // The counter decides the path: 0 reads the folder's ids, a million checks each row.
      await db.mailboxes.toCollection().modify({ total });
      for (const folder of ['mb-archive', 'mb-inbox', 'mb-sent']) {
        const got = await runner.search('meeting OR camion', folder, OFFSET);
        expect(sorted(got.ids)).toEqual(sorted(all.filter((id) => folderOf(id) === folder)));
      }
    }
    db.close();
  });

  it('SEARCH-4 ranks a subject hit above a body hit, newest first among equals', async () => {
    const db = await fixtureDb();
    const runner = runnerFor(db);
    await runner.open();
    await runner.indexAll();
    const got = await runner.search('camion', null, OFFSET);
    const inSubject = (id: string) =>
      /cami[oó]n/i.test(DOCS.find((d) => d.id === id)?.subject ?? '');
    const firstBodyOnly = got.ids.findIndex((id) => !inSubject(id));
    expect(firstBodyOnly).toBeGreaterThan(0);
    expect(got.ids.slice(firstBodyOnly).every((id) => !inSubject(id))).toBe(true);
    const dates = got.ids
      .slice(0, firstBodyOnly)
      .map((id) => DOCS.find((d) => d.id === id)?.receivedAt ?? 0);
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    db.close();
  });

  it('SEARCH-4 at most 200 results, and says there were more', async () => {
    const db = await fixtureDb();
    const many = Array.from({ length: 230 }, (_, i) => ({
      ...BASE,
      id: `bulk${String(i).padStart(3, '0')}`,
      subject: `Boletín número ${i}`,
      body: `Noticias de la semana ${i}: presupuesto y obras.`,
      receivedAt: BASE.receivedAt + i * 60_000,
    }));
    await storeDocs(db, many);
    const runner = runnerFor(db);
    await runner.open();
    await runner.indexAll();
    const got = await runner.search('boletin', null, OFFSET);
    expect(got.ids).toHaveLength(200);
    expect(got.capped).toBe(true);
    // Newest first: all subjects match equally.
    expect(got.ids[0]).toBe('bulk229');
    const few = await runner.search('boletin 7', null, OFFSET);
    expect(few.capped).toBe(false);
    db.close();
  });

  it('SEARCH-1 the index persists: a restart searches at once, with nothing to rebuild', async () => {
    const factory = new IDBFactory();
    const db = await fixtureDb(factory);
    const first = runnerFor(db);
    await first.open();
    await first.indexAll();
    const again = runnerFor(db);
    await again.open();
    expect(again.index.size).toBe(DOCS.length);
    expect(await again.step()).toBe(false);
    expect(sorted((await again.search('camion', null, OFFSET)).ids)).toEqual(
      sorted(await expected(db, 'camion')),
    );
    db.close();
  });

  it('SEARCH-1 a message the parser fails on is still indexed, by the start of its source', async () => {
    const db = await fixtureDb();
    // The parse worker crashed or hung on the batch (parser-client gives null for each).
    const runner = new SearchRunner({
      db,
      reader: { ...inlineBodyReader, tokens: async (raws) => raws.map(() => null) },
    });
    await runner.open();
    await runner.indexAll();
    expect(runner.index.size).toBe(DOCS.length);
    // Words of the body are in the source's start; the header lines are too.
    const word = 'camion';
    const withWord = DOCS.filter((d) => /cami[oó]n/i.test(d.body) || /cami[oó]n/i.test(d.subject));
    expect(withWord.length).toBeGreaterThan(0);
    expect(sorted((await runner.search(word, null, OFFSET)).ids)).toEqual(
      sorted(await expected(db, word)),
    );
    expect(sorted((await runner.search('fixture.example', null, OFFSET)).ids)).toEqual(
      sorted(DOCS.map((d) => d.id)),
    );
    db.close();
  });

  it('SEARCH-1 after a start, a search is answered before the look for new mail, which follows at once', async () => {
    const factory = new IDBFactory();
    const db = await fixtureDb(factory);
    const first = runnerFor(db);
    await first.open();
    await first.indexAll();
    await storeDocs(db, [{ ...BASE, id: 'late1', subject: 'Grúa nueva', body: 'La grúa llegó.' }]);
    // A grace far longer than the test: only the answered search can end it.
    const again = new SearchRunner({ db, reader: inlineBodyReader, startGraceMs: 600_000 });
    await again.open();
    const running = again.run();
    // The look for work has not run: the new message is not even counted yet.
    const answer = await again.search('camion', null, OFFSET);
    expect(sorted(answer.ids)).toEqual(sorted(await expected(db, 'camion')));
    // The answer ended the grace: the new message gets indexed without waiting it out.
    await expect
      .poll(async () => (await again.search('grua', null, OFFSET)).ids, { timeout: 10_000 })
      .toEqual(['late1']);
    again.stop();
    await running;
    db.close();
  });

  it('SEARCH-1 a message whose bytes are not here yet waits for them: the first build leaves it, the look after they arrive indexes it', async () => {
    const db = await fixtureDb();
    const late = { ...BASE, id: 'late1', subject: 'Zanahorias', body: 'Una caja de zanahorias.' };
    await storeDocs(db, [late]);
    // As a synced message whose body is still downloading: its row only.
    await removeBody(db, 'late1');
    const runner = runnerFor(db);
    await runner.open();
    await runner.indexAll();
    expect(runner.index.size).toBe(DOCS.length);
    expect((await runner.search('zanahorias', null, OFFSET)).ids).toEqual([]);
    await storeDocs(db, [late]);
    runner.changed();
    await runner.indexAll();
    expect((await runner.search('zanahorias', null, OFFSET)).ids).toEqual(['late1']);
    db.close();
  });

  it('SEARCH-1 new mail is found as soon as it is indexed, before it is written; deleted mail is not', async () => {
    const db = await fixtureDb();
    const runner = runnerFor(db);
    await runner.open();
    await runner.indexAll();
    const fresh = {
      ...BASE,
      id: 'new1',
      subject: 'Presupuesto de la grúa',
      body: 'Adjunto el presupuesto de la grúa.',
    };
    await storeDocs(db, [fresh]);
    runner.changed();
    await runner.refresh();
    const before = await runner.search('grua', null, OFFSET);
    expect(before.ids).toEqual([]);
    expect(before.pending).toBe(1);
    await runner.step();
    expect(runner.index.unwritten).toBe(1);
    expect((await runner.search('grua', null, OFFSET)).ids).toEqual(['new1']);
    // A prefix and a phrase find it in the segment being built too.
    expect((await runner.search('presup*', null, OFFSET)).ids).toContain('new1');
    expect((await runner.search('"la grúa"', null, OFFSET)).ids).toEqual(['new1']);
    await runner.index.flush();
    expect((await runner.search('grua presupuesto', null, OFFSET)).ids).toEqual(['new1']);
    // Deleted for good: the app tells the worker (observeMailVolume), as here.
    await db.emails.delete('new1');
    runner.changed();
    expect((await runner.search('grua', null, OFFSET)).ids).toEqual([]);
    await runner.refresh();
    expect((await runner.search('grua', null, OFFSET)).ids).toEqual([]);
    db.close();
  });

  it('SEARCH-1 a new-mail signal the last look began at starts no second look; a newer one does', async () => {
    const db = await fixtureDb();
    const runner = runnerFor(db);
    await runner.open();
    await runner.indexAll();
    const seen = await mailVolume(db);
    // Mail the app stored, whose signal the page has not sent yet.
    const fresh = { ...BASE, id: 'new2', subject: 'Entrega del andamio', body: 'El andamio.' };
    await storeArrival(db, fresh);
    // The page's signal from before it (at a start: the first one, which the worker's own
    // look already covered) leaves the index as it is.
    runner.changed(seen);
    expect(await runner.step()).toBe(false);
    expect((await runner.search('andamio', null, OFFSET)).ids).toEqual([]);
    // The signal of the arrival: the index looks and finds it.
    runner.changed(await mailVolume(db));
    expect(await runner.step()).toBe(true);
    expect((await runner.search('andamio', null, OFFSET)).ids).toEqual(['new2']);
    db.close();
  });

  it('SEARCH-1 after a look for work failed, the same new-mail signal looks again', async () => {
    const db = await fixtureDb();
    const runner = runnerFor(db);
    await runner.open();
    await runner.indexAll();
    const fresh = { ...BASE, id: 'new3', subject: 'Grúa averiada', body: 'La grúa del andén.' };
    await storeArrival(db, fresh);
    const volume = await mailVolume(db);
    const pending = runner.index.pending.bind(runner.index);
    runner.index.pending = () => Promise.reject(new Error('IndexedDB went away'));
    runner.changed();
    await expect(runner.step()).rejects.toThrow('IndexedDB went away');
    runner.index.pending = pending;
    // The page's signal of the arrival, which the failed look had begun at.
    runner.changed(volume);
    expect(await runner.step()).toBe(true);
    expect((await runner.search('anden', null, OFFSET)).ids).toEqual(['new3']);
    db.close();
  });

  it('SEARCH-1 mail arriving a few messages at a time: small segments are merged, results unchanged', async () => {
    const db = await fixtureDb();
    await db.emails.clear();
    await db.bodyPacks.clear();
    const runner = runnerFor(db);
    await runner.open();
    // Ten arrivals of three messages, each written as its own segment.
    for (let at = 0; at < 30; at += 3) {
      await storeDocs(db, DOCS.slice(at, at + 3));
      runner.changed();
      await runner.indexAll();
    }
    const segments = await db.searchSegments.count();
    expect(segments).toBeLessThan(10);
    for (const text of ['camion', 'info*', '"fin de año"', 'from:ana', 'meeting -in:archivo']) {
      expect(sorted((await runner.search(text, null, OFFSET)).ids)).toEqual(
        sorted(await expected(db, text, DOCS.slice(0, 30))),
      );
    }
    // A restart reads the merged segments the same way.
    const again = runnerFor(db);
    await again.open();
    expect(sorted((await again.search('camion OR meeting', null, OFFSET)).ids)).toEqual(
      sorted(await expected(db, 'camion OR meeting', DOCS.slice(0, 30))),
    );
    db.close();
  });

  it('COMMENT-1 SEARCH-2 comment messages (the hidden folder) are never search results', async () => {
    const db = await fixtureDb();
    await db.mailboxes.put({
      id: 'buzon-comments',
      name: 'Buzón comments',
      parentId: null,
      role: null,
      total: 0,
      unread: 0,
    });
    const note = {
      ...BASE,
      id: 'note1',
      mailboxId: 'buzon-comments',
      subject: 'Buzón comment',
      body: 'Llamar por el camión',
    };
    await storeDocs(db, [note]);
    const runner = runnerFor(db);
    await runner.open();
    await runner.indexAll();
    const got = await runner.search('camion', null, OFFSET);
    expect(got.ids).not.toContain('note1');
    expect(sorted(got.ids)).toEqual(sorted(await expected(db, 'camion')));
    db.close();
  });

  it('SEARCH-6 snippets and subjects come back highlighted as text segments', async () => {
    const db = await fixtureDb();
    const runner = runnerFor(db);
    await runner.open();
    await runner.indexAll();
    const got = await runner.snippets('camion', ['d01', 'd02'], OFFSET);
    expect(got['d01']?.subject.filter((s) => s.hit).map((s) => s.text)).toEqual(['Camión']);
    expect(got['d02']?.body.filter((s) => s.hit).map((s) => s.text)).toEqual(['camion']);
    db.close();
  });
});
