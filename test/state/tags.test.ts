// Dexie's liveQuery needs a global indexedDB at import time; each test still opens its own factory.
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createTagService } from '../../src/state/tag-service.js';
import { openDb } from '../../src/store/db.js';
import { keywordFromName } from '../../src/store/repos/tags.js';
import { searchData } from '../../src/workers/search/search-data.js';
import { first, harness } from './support/services.js';
import { seed } from './support/seed.js';

async function tags() {
  const h = await harness();
  const loader = h.services.tags;
  if (!loader) throw new Error('no tag service');
  return { ...h, t: await loader() };
}

describe('tags (TAG-1)', () => {
  it("TAG-1 lists Thunderbird's five labels with Thunderbird's names and colours", async () => {
    const { t } = await tags();
    const list = await first(t.observeTags());
    expect(list.map((x) => [x.keyword, x.name, x.color])).toEqual(
      expect.arrayContaining([
        ['$label1', 'Important', '#ff0000'],
        ['$label2', 'Work', '#ff9900'],
        ['$label3', 'Personal', '#009900'],
        ['$label4', 'To Do', '#3333ff'],
        ['$label5', 'Later', '#993399'],
      ]),
    );
  });

  it('TAG-1 derives an RFC 8621 keyword from the name: accents folded, unique', async () => {
    expect(keywordFromName('Proyecto X', new Set())).toBe('proyecto_x');
    expect(keywordFromName('Camión (urgente)', new Set())).toBe('camion_urgente');
    expect(keywordFromName('Proyecto-X', new Set(['proyecto-x']))).toBe('proyecto-x_2');
    expect(keywordFromName('¿¡!?', new Set())).toBe('tag');
    const { t } = await tags();
    const tag = await t.createTag('Proyecto X', '#12AB34');
    expect(tag).toEqual({
      keyword: 'proyecto_x',
      name: 'Proyecto X',
      color: '#12ab34',
      found: false,
    });
    await expect(t.createTag('proyecto x', '#000000')).rejects.toThrow(/already exists/);
    await expect(t.createTag('  ', '#000000')).rejects.toThrow(/name/);
    await expect(t.createTag('Otro', 'red')).rejects.toThrow(/colour/);
  });

  it('TAG-1 tags and untags messages as keywords; recolours keep the name', async () => {
    const { db, t } = await tags();
    const ids = await seed(db, 'inbox', 3);
    const tag = await t.createTag('Proyecto X', '#123456');
    await t.setTag(ids.slice(0, 2), tag.keyword, true);
    expect((await db.emails.get(ids[0] as string))?.keywords['proyecto_x']).toBe(true);
    expect(await t.tagsOf(ids)).toEqual({
      [ids[0] as string]: ['proyecto_x'],
      [ids[1] as string]: ['proyecto_x'],
      [ids[2] as string]: [],
    });
    await t.recolorTag('proyecto_x', '#654321');
    const shown = await first(t.observeMessageTags(ids[0] as string));
    expect(shown).toEqual([
      { keyword: 'proyecto_x', name: 'Proyecto X', color: '#654321', found: false },
    ]);
    await t.setTag([ids[0] as string], 'proyecto_x', false);
    expect(await first(t.observeMessageTags(ids[0] as string))).toEqual([]);
  });

  it('TAG-1 a keyword another client set shows as a tag with the default colour; $seen does not', async () => {
    const { db, t } = await tags();
    const [id] = await seed(db, 'inbox', 1);
    await db.emails.update(id as string, {
      keywords: { $seen: true, cliente: true, $junk: true, nonjunk: true },
    });
    const shown = await first(t.observeMessageTags(id as string));
    expect(shown).toEqual([{ keyword: 'cliente', name: 'cliente', color: '#808080', found: true }]);
    await expect
      .poll(async () => (await first(t.observeTags())).map((x) => x.keyword))
      .toContain('cliente');
  });

  it('TAG-1 the rows of a list each show their own tags, and tagging one row reaches that row', async () => {
    const { db, t } = await tags();
    const ids = await seed(db, 'inbox', 3);
    const [a, b, c] = ids as [string, string, string];
    await t.setTag([a], '$label1', true);
    const shown = new Map<string, string[]>();
    const subs = ids.map((id) =>
      t.observeMessageTags(id).subscribe({
        next: (v) =>
          shown.set(
            id,
            v.map((x) => x.name),
          ),
      }),
    );
    await expect.poll(() => shown.size).toBe(3);
    expect([shown.get(a), shown.get(b), shown.get(c)]).toEqual([['Important'], [], []]);
    await t.setTag([b, c], '$label2', true);
    await expect.poll(() => shown.get(c)).toEqual(['Work']);
    expect([shown.get(a), shown.get(b)]).toEqual([['Important'], ['Work']]);
    for (const s of subs) s.unsubscribe();
  });

  it('TAG-1 deleting a tag removes it from every message that carries it, and says how many', async () => {
    const { db, t } = await tags();
    const ids = await seed(db, 'inbox', 4);
    await t.setTag(ids.slice(0, 3), '$label1', true);
    expect(await t.countTagged('$label1')).toBe(3);
    expect(await t.deleteTag('$label1')).toBe(3);
    expect(await t.countTagged('$label1')).toBe(0);
    expect((await first(t.observeTags())).map((x) => x.keyword)).not.toContain('$label1');
  });

  it('TAG-1 in an account each tag change and a delete are journaled as keyword ops for the server', async () => {
    const db = await openDb('buzon-account-T', {
      indexedDB: new IDBFactory(),
      IDBKeyRange,
      synced: true,
    });
    const ids = await seed(db, 'inbox', 2);
    await db.ops.clear();
    const t = createTagService({ db });
    const tag = await t.createTag('Cliente', '#00aa00');
    await t.setTag(ids, tag.keyword, true);
    const ops = (await db.ops.toArray()).map((o) => o.op);
    expect(ops).toEqual(
      ids.map((id) => ({ kind: 'email-keywords', target: id, keywords: { cliente: true } })),
    );
    await t.deleteTag('cliente');
    // The pending "set" and the "clear" coalesce: the server is told the last intent.
    const after = (await db.ops.toArray()).map((o) => o.op);
    expect(after.every((o) => o.kind === 'email-keywords' && o.keywords['cliente'] === false)).toBe(
      true,
    );
    db.close();
  });

  it('TAG-1 search resolves tag:<name> (any case, accents) to the tag keyword', async () => {
    const { db, t } = await tags();
    await t.createTag('Revisión', '#111111');
    const { resolver } = await searchData(db, async () => []);
    expect(resolver.keywordFor('revision')).toBe('revision');
    expect(resolver.keywordFor('REVISIÓN')).toBe('revision');
    expect(resolver.keywordFor('to do')).toBe('$label4');
    expect(resolver.keywordFor('nothing')).toBeNull();
  });
});
