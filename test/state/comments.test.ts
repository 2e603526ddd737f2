// Dexie's liveQuery needs a global indexedDB at import time; each test still opens its own factory.
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createInlineParser } from '../../src/mail/parse.js';
import { createCommentService, MAX_COMMENT_LENGTH } from '../../src/state/comment-service.js';
import { openDb } from '../../src/store/db.js';
import { COMMENTS_FOLDER_ID, COMMENTS_FOLDER_NAME } from '../../src/store/repos/comments.js';
import { first, harness } from './support/services.js';
import { seed, seedRaw } from './support/seed.js';
import { bodyOf } from '../support/bodies.js';

async function comments() {
  const h = await harness();
  const loader = h.services.comments;
  if (!loader) throw new Error('no comment service');
  return { ...h, c: await loader() };
}

const owner = { name: 'Ana', address: 'ana@example.org' };

describe('comments (COMMENT-1)', () => {
  it('COMMENT-1 a comment is a message in the hidden folder, found again by the commented message', async () => {
    const { db, c } = await comments();
    const [id] = (await seed(db, 'inbox', 1)) as [string];
    expect(await first(c.observeComment(id))).toBeNull();
    await c.setComment(id, '  Llamar a Ana el lunes  ');
    expect((await first(c.observeComment(id)))?.text).toBe('Llamar a Ana el lunes');
    const folder = await db.mailboxes.get(COMMENTS_FOLDER_ID);
    expect(folder?.name).toBe(COMMENTS_FOLDER_NAME);
    const inFolder = await db.emails
      .where('[mailboxId+receivedAt]')
      .between([COMMENTS_FOLDER_ID, -Infinity], [COMMENTS_FOLDER_ID, Infinity])
      .toArray();
    expect(inFolder).toHaveLength(1);
    expect(inFolder[0]?.subject).toBe('Buzón comment');
    // Read, so the hidden folder never counts as unread.
    expect(inFolder[0]?.seen).toBe(1);
    const raw = new TextDecoder().decode(await bodyOf(db, inFolder[0]?.id as string));
    const target = await db.emails.get(id);
    expect(raw).toContain(`X-Buzon-Comment-For: <${target?.messageId}>`);
  });

  it('COMMENT-1 editing replaces the comment message; removing deletes it', async () => {
    const { db, c } = await comments();
    const [id] = (await seed(db, 'inbox', 1)) as [string];
    await c.setComment(id, 'uno');
    await c.setComment(id, 'dos');
    expect((await first(c.observeComment(id)))?.text).toBe('dos');
    const count = () => db.emails.filter((e) => e.mailboxId === COMMENTS_FOLDER_ID).count();
    expect(await count()).toBe(1);
    await c.addComment(id, 'tres');
    expect((await first(c.observeComment(id)))?.text).toBe('dos\ntres');
    await c.removeComment(id);
    expect(await first(c.observeComment(id))).toBeNull();
    expect(await count()).toBe(0);
  });

  it('COMMENT-1 the rows of a list each show their own comment, and a new comment reaches its row', async () => {
    const { db, c } = await comments();
    const ids = await seed(db, 'inbox', 3);
    const [a, b, d] = ids as [string, string, string];
    await c.setComment(a, 'Primera');
    const shown = new Map<string, string | null>();
    const subs = ids.map((id) =>
      c.observeComment(id).subscribe({ next: (v) => shown.set(id, v?.text ?? null) }),
    );
    await expect.poll(() => shown.size).toBe(3);
    expect([shown.get(a), shown.get(b), shown.get(d)]).toEqual(['Primera', null, null]);
    await c.setComment(d, 'Tercera');
    await expect.poll(() => shown.get(d)).toBe('Tercera');
    expect([shown.get(a), shown.get(b)]).toEqual(['Primera', null]);
    for (const s of subs) s.unsubscribe();
  });

  it('COMMENT-1 comments are bounded in length', async () => {
    const { db, c } = await comments();
    const [id] = (await seed(db, 'inbox', 1)) as [string];
    await c.setComment(id, 'x'.repeat(MAX_COMMENT_LENGTH + 50));
    expect((await first(c.observeComment(id)))?.text).toHaveLength(MAX_COMMENT_LENGTH);
  });

  it('COMMENT-1 a comment message synced from another device is indexed and shown on its message', async () => {
    // Device A writes the comment.
    const a = await comments();
    const [idA] = (await seed(a.db, 'inbox', 1)) as [string];
    await a.c.setComment(idA, 'Revisar la factura');
    const commentRow = (
      await a.db.emails.filter((e) => e.mailboxId === COMMENTS_FOLDER_ID).toArray()
    )[0];
    const commentRaw = (await bodyOf(a.db, commentRow?.id as string)) as Uint8Array;
    const messageRaw = (await bodyOf(a.db, idA)) as Uint8Array;
    // Device B has the same message and receives the server's "Buzón comments" folder.
    const db = await openDb('buzon-account-B', {
      indexedDB: new IDBFactory(),
      IDBKeyRange,
      synced: true,
    });
    const [idB] = (await seedRaw(db, 'inbox', [messageRaw])) as [string];
    await db.mailboxes.add({
      id: 'srv-77',
      name: COMMENTS_FOLDER_NAME,
      parentId: null,
      role: null,
      total: 0,
      unread: 0,
      serverId: 'srv-77',
    });
    const c = createCommentService({ db, parser: createInlineParser(), owner });
    await seedRaw(db, 'srv-77', [commentRaw]);
    await expect
      .poll(async () => (await first(c.observeComment(idB)))?.text)
      .toBe('Revisar la factura');
    // Removing it on B deletes that message (journaled for the server), not a second folder.
    await db.ops.clear();
    await c.removeComment(idB);
    expect(await first(c.observeComment(idB))).toBeNull();
    expect((await db.ops.toArray()).map((o) => o.op.kind)).toEqual(['email-destroy']);
    expect(await db.mailboxes.get(COMMENTS_FOLDER_ID)).toBeUndefined();
    db.close();
  });

  it('COMMENT-1 in an account the hidden folder and the comment go to the server as ops', async () => {
    const db = await openDb('buzon-account-C', {
      indexedDB: new IDBFactory(),
      IDBKeyRange,
      synced: true,
    });
    const [id] = (await seed(db, 'inbox', 1)) as [string];
    await db.ops.clear();
    const c = createCommentService({ db, parser: createInlineParser(), owner });
    await c.setComment(id, 'privado');
    const ops = (await db.ops.toArray()).map((o) => o.op);
    expect(ops[0]).toEqual({
      kind: 'mailbox-create',
      target: COMMENTS_FOLDER_ID,
      name: COMMENTS_FOLDER_NAME,
      parentId: null,
    });
    expect(ops[1]).toMatchObject({
      kind: 'email-import',
      mailboxId: COMMENTS_FOLDER_ID,
      keywords: { $seen: true },
    });
    db.close();
  });

  it('COMMENT-1 a message with neither Message-ID nor bytes cannot carry a comment', async () => {
    const { db, c } = await comments();
    const [id] = (await seed(db, 'inbox', 1)) as [string];
    await db.emails.update(id, { messageId: '', contentHash: '' });
    expect(await c.canComment(id)).toBe(false);
    await expect(c.setComment(id, 'hola')).rejects.toThrow(/Message-ID/);
  });
});
