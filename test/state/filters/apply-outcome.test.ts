// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// FILTER-1 actions carried out on a stored message by the shared executor (run now and the
// incoming path): folders, copies, tags, read, priority, comment, delete, spam.
import { describe, expect, it } from 'vitest';
import { emptyOutcome } from '../../../src/filters/engine.js';
import type { FilterOutcome } from '../../../src/filters/engine.js';
import { createInlineParser } from '../../../src/mail/parse.js';
import { applyFilterOutcome } from '../../../src/state/filters/apply-outcome.js';
import type { OutcomeDeps } from '../../../src/state/filters/apply-outcome.js';
import { INBOX_ID, TRASH_ID } from '../../../src/store/folder-rules.js';
import { filterHarness, first, put, subjectsIn } from './support.js';

function outcome(over: Partial<FilterOutcome>): FilterOutcome {
  return { ...emptyOutcome(), matched: ['f'], ...over };
}

async function world() {
  const h = await filterHarness();
  const deps: OutcomeDeps = {
    db: h.db,
    now: () => h.clock.now,
    parser: createInlineParser(),
    ...(h.services.comments ? { comments: h.services.comments } : {}),
  };
  return { ...h, deps };
}

describe('filter actions (FILTER-1)', () => {
  it('FILTER-1 moves to the first folder and copies to the next, each with the tags, read and priority', async () => {
    const { db, deps, services } = await world();
    const a = await services.folders.createFolder('Facturas', null);
    const b = await services.folders.createFolder('Archivo', null);
    const [id] = await put(db, INBOX_ID, ['Invoice 7']);
    const report = await applyFilterOutcome(
      deps,
      id as string,
      outcome({
        keep: false,
        fileInto: [{ path: 'Facturas', id: a.id }, { path: 'Archivo' }],
        keywords: ['pagar'],
        seen: true,
        priority: 1,
      }),
    );
    expect(report.problems).toEqual([]);
    expect(report.folderId).toBe(a.id);
    expect(await subjectsIn(db, a.id)).toEqual(['Invoice 7']);
    expect(await subjectsIn(db, b.id)).toEqual(['Invoice 7']);
    expect(await subjectsIn(db, INBOX_ID)).toEqual([]);
    for (const row of await db.emails.toArray()) {
      expect(row.keywords).toMatchObject({ pagar: true, $seen: true });
      expect(row.priority).toBe(1);
    }
    expect((await db.mailboxes.get(b.id))?.total).toBe(1);
  });

  it('FILTER-1 copy only: the message stays where it is and a copy lands in the folder', async () => {
    const { db, deps, services } = await world();
    const a = await services.folders.createFolder('Copias', null);
    const [id] = await put(db, INBOX_ID, ['Keep me']);
    await applyFilterOutcome(
      deps,
      id as string,
      outcome({ fileInto: [{ path: 'Copias', id: a.id }] }),
    );
    expect(await subjectsIn(db, INBOX_ID)).toEqual(['Keep me']);
    expect(await subjectsIn(db, a.id)).toEqual(['Keep me']);
  });

  it('FILTER-1 delete goes to Trash (recoverable); mark as spam goes to Spam with $junk', async () => {
    const { db, deps } = await world();
    const [gone, junk] = await put(db, INBOX_ID, ['Old news', 'Cheap pills']);
    await applyFilterOutcome(deps, gone as string, outcome({ keep: false, trash: true }));
    await applyFilterOutcome(deps, junk as string, outcome({ keep: false, spam: true }));
    expect(await subjectsIn(db, TRASH_ID)).toEqual(['Old news']);
    const spam = await db.emails.get(junk as string);
    expect(spam?.mailboxId).toBe('spam');
    expect(spam?.keywords['$junk']).toBe(true);
  });

  it('FILTER-1 adds a comment to the message (COMMENT-1)', async () => {
    const { db, deps, services } = await world();
    const [id] = await put(db, INBOX_ID, ['Contract']);
    const report = await applyFilterOutcome(
      deps,
      id as string,
      outcome({ comments: ['Check by Friday'] }),
    );
    expect(report.problems).toEqual([]);
    const comments = await services.comments?.();
    if (!comments) throw new Error('no comment service');
    const seen = await first(comments.observeComment(id as string));
    expect(seen?.text).toBe('Check by Friday');
  });

  it('FILTER-1 a forward on a mailbox that cannot send is named as a problem; the rest still happens', async () => {
    const { db, deps } = await world();
    const [id] = await put(db, INBOX_ID, ['Forward me']);
    const report = await applyFilterOutcome(
      deps,
      id as string,
      outcome({ forwards: ['boss@example.org'], keywords: ['fwd'] }),
    );
    expect(report.problems).toEqual([expect.stringMatching(/cannot send/)]);
    expect((await db.emails.get(id as string))?.keywords['fwd']).toBe(true);
  });

  it('FILTER-1 a folder that no longer exists is named; the message stays put', async () => {
    const { db, deps } = await world();
    const [id] = await put(db, INBOX_ID, ['Where to?']);
    const report = await applyFilterOutcome(
      deps,
      id as string,
      outcome({ keep: false, fileInto: [{ path: 'Gone', id: 'nope' }] }),
    );
    expect(report.problems).toEqual([expect.stringMatching(/"Gone" does not exist/)]);
    expect(await subjectsIn(db, INBOX_ID)).toEqual(['Where to?']);
  });
});
