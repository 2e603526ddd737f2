// Dexie's liveQuery needs a global indexedDB at import time; each test still opens its own factory.
import 'fake-indexeddb/auto';
// SPAM-1/SPAM-2 over the store (fake-indexeddb) with the real parser: the marks move
// messages and set keywords, teach the classifier once per message, and the model survives
// a reload; classify() reads the user's mark and the server's headers before the model.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createInlineParser } from '../../src/mail/parse.js';
import { createSpamService } from '../../src/state/spam-service.js';
import type { SpamService } from '../../src/state/spam-types.js';
import type { BuzonDb } from '../../src/store/db.js';
import { INBOX_ID } from '../../src/store/folder-rules.js';
import { addMailbox } from '../../src/store/repos/mailboxes.js';
import { SPAM_MODEL_KEY } from '../../src/store/repos/spam-model.js';
import { parseModel } from '../../src/spam/model-store.js';
import { openTestDb } from './support/services.js';
import { seedRaw } from './support/seed.js';

const SPAM_ID = 'spam';
const enc = new TextEncoder();

/** One message; `i` makes each distinct (the store refuses the same bytes twice). */
function mail(subject: string, body: string, i: number, extra: string[] = []): Uint8Array {
  return enc.encode(
    [
      `From: Sender ${i} <s${i}@example.org>`,
      'To: ana@buzon.test',
      `Subject: ${subject}`,
      `Message-ID: <m${i}.${subject.length}@example.org>`,
      'Date: Tue, 12 May 2026 09:13:58 +0200',
      ...extra,
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '',
    ].join('\r\n'),
  );
}

const HAM_WORDS = 'reunión proyecto presupuesto informe revisar calendario equipo martes';
const SPAM_WORDS = 'gratis premio casino ganador dinero oferta exclusiva felicidades';

const ham = (i: number) => mail(`Reunión del proyecto ${i}`, `Hola, ${HAM_WORDS} ${i}.`, i);
const spam = (i: number) => mail(`GANA DINERO YA ${i}`, `¡${SPAM_WORDS}! ${i}`, 1000 + i);

async function open(db?: BuzonDb): Promise<{ db: BuzonDb; s: SpamService }> {
  const d = db ?? (await openTestDb());
  const s = createSpamService({ db: d, parser: createInlineParser(), now: () => 0 });
  return { db: d, s };
}

/** Enough of each kind for the classifier to answer (it waits for 10 of each). */
async function trained(): Promise<{ db: BuzonDb; s: SpamService }> {
  const o = await open();
  const hams = await seedRaw(
    o.db,
    INBOX_ID,
    Array.from({ length: 12 }, (_, i) => ham(i)),
  );
  const spams = await seedRaw(
    o.db,
    INBOX_ID,
    Array.from({ length: 12 }, (_, i) => spam(i)),
  );
  await o.s.markNotSpam(hams);
  await o.s.markSpam(spams);
  return o;
}

describe('SpamService marks (SPAM-2)', () => {
  it('SPAM-2 "Spam" moves to Spam with $junk; "Not spam" brings it back to Inbox with $notjunk and no $junk', async () => {
    const { db, s } = await open();
    const [id = ''] = await seedRaw(db, INBOX_ID, [spam(1)]);
    await db.emails.update(id, { keywords: { $notjunk: true } });
    const r = await s.markSpam([id]);
    expect(r).toEqual({ marked: 1, moved: 1, learnt: 1, unreadable: 0 });
    let row = await db.emails.get(id);
    expect(row?.mailboxId).toBe(SPAM_ID);
    expect(row?.keywords).toEqual({ $junk: true });
    expect((await db.mailboxes.get(SPAM_ID))?.total).toBe(1);

    await s.markNotSpam([id]);
    row = await db.emails.get(id);
    expect(row?.mailboxId).toBe(INBOX_ID);
    expect(row?.keywords).toEqual({ $notjunk: true });
    expect((await db.mailboxes.get(SPAM_ID))?.total).toBe(0);
  });

  it('SPAM-2 marking spam then not spam leaves a single ham lesson, and marking twice learns once', async () => {
    const { db, s } = await open();
    const [id = ''] = await seedRaw(db, INBOX_ID, [spam(2)]);
    await s.markSpam([id]);
    expect(await s.getModelStats()).toMatchObject({ ham: 0, spam: 1 });
    await s.markNotSpam([id]);
    const again = await s.markNotSpam([id]);
    expect(again.learnt).toBe(0);
    expect(await s.getModelStats()).toMatchObject({ ham: 1, spam: 0 });
    await s.flush();
    // Every token the message gave counts one ham and no spam.
    const model = parseModel((await db.spamModel.get(SPAM_MODEL_KEY))?.value);
    expect(model.tokens.size).toBeGreaterThan(10);
    for (const [token, c] of model.tokens) expect([token, c.ham, c.spam]).toEqual([token, 1, 0]);
  });

  it('SPAM-2 the model and what it learnt persist: after a reload a re-mark is not counted twice', async () => {
    const { db, s } = await trained();
    const before = await s.getModelStats();
    expect(before).toMatchObject({ ham: 12, spam: 12 });
    await s.flush();
    const reloaded = (await open(db)).s;
    expect(await reloaded.getModelStats()).toEqual(before);
    const probe = mail('GANA DINERO YA hoy', `¡${SPAM_WORDS}! ahora`, 5000);
    expect((await reloaded.classify(probe)).verdict).toBe('spam');
    // Marking an already-learnt spam again changes nothing, in the reloaded service too.
    const spamIds = (await db.emails.toArray())
      .filter((e) => e.mailboxId === SPAM_ID)
      .map((e) => e.id);
    expect((await reloaded.markSpam(spamIds)).learnt).toBe(0);
    expect(await reloaded.getModelStats()).toEqual(before);
  });

  it("SPAM-2 another IMAP account's mail goes to its own Junk and back to its INBOX; without a Junk, to the main Spam", async () => {
    const { db, s } = await open();
    const root = await addMailbox(db, 'otra@example.net', null, 0);
    await db.mailboxes.update(root.id, { serverId: 'xabc123' });
    const inbox = await addMailbox(db, 'INBOX', root.id, 0);
    const junk = await addMailbox(db, 'Junk', root.id, 0);
    const [id = ''] = await seedRaw(db, inbox.id, [spam(3)]);
    await s.markSpam([id]);
    expect((await db.emails.get(id))?.mailboxId).toBe(junk.id);
    expect(await s.isSpamFolder(junk.id)).toBe(true);
    expect(await s.isSpamFolder(SPAM_ID)).toBe(true);
    expect(await s.isSpamFolder(inbox.id)).toBe(false);
    await s.markNotSpam([id]);
    expect((await db.emails.get(id))?.mailboxId).toBe(inbox.id);

    const bare = await addMailbox(db, 'sin-junk@example.net', null, 0);
    await db.mailboxes.update(bare.id, { serverId: 'xdef456' });
    const bareInbox = await addMailbox(db, 'INBOX', bare.id, 0);
    const [other = ''] = await seedRaw(db, bareInbox.id, [spam(4)]);
    await s.markSpam([other]);
    expect((await db.emails.get(other))?.mailboxId).toBe(SPAM_ID);
  });
});

describe('SpamService classify (SPAM-1)', () => {
  it('SPAM-1 classify reads the server headers first, then the user mark, then the local model', async () => {
    const { s } = await trained();
    const hamText = `Hola, ${HAM_WORDS}.`;
    // The model alone calls it ham…
    const plain = await s.classify(mail('Reunión del proyecto', hamText, 7000));
    expect(plain.verdict).toBe('ham');
    expect(plain.reason).toMatch(/^local classifier/);
    // …but the server's SpamAssassin verdict decides first.
    const flagged = mail('Reunión del proyecto', hamText, 7001, ['X-Spam-Flag: YES']);
    expect(await s.classify(flagged)).toEqual({ verdict: 'spam', reason: 'X-Spam-Flag: YES' });
    // So does a $junk keyword set on the server, and headers the caller already has.
    const unflagged = mail('Reunión del proyecto', hamText, 7003);
    expect(await s.classify(unflagged, { keywords: ['$junk'] })).toEqual({
      verdict: 'spam',
      reason: 'keyword $junk',
    });
    const headers = [{ key: 'X-Spam-Status', value: 'Yes, score=7.2 required=5.0' }];
    expect((await s.classify(unflagged, { headers })).verdict).toBe('spam');
    const real = new Uint8Array(
      readFileSync(new URL('../spam/fixtures/sa-spam.eml', import.meta.url)),
    );
    expect((await s.classify(real)).reason).toBe('X-Spam-Flag: YES');
    // The user's "Not spam" overrules the server.
    expect((await s.classify(flagged, { keywords: ['$NotJunk'] })).verdict).toBe('ham');
    // A forged "X-Spam-Flag: NO" does not override the model's spam.
    const forged = mail('GANA DINERO YA', `¡${SPAM_WORDS}!`, 7002, ['X-Spam-Flag: NO']);
    expect((await s.classify(forged)).verdict).toBe('spam');
  });

  it('SPAM-1 a young model answers unknown, and unparseable bytes never throw', async () => {
    const { s } = await open();
    const r = await s.classify(mail('Hola', 'qué tal', 1));
    expect(r.verdict).toBe('unknown');
    expect(r.reason).toMatch(/still learning \(0 ham, 0 spam\)/);
    expect((await s.classify(new Uint8Array([0, 1, 2]))).verdict).toBe('unknown');
  });
});
