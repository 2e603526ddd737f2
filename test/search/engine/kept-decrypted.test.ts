// SEARCH-1 with PGP-4's kept copies (ADR 0031): the search worker's code indexes a kept
// decrypted copy as the message's body instead of its stored bytes, notices a copy kept
// after the message was indexed, and stops finding the copy's words as soon as it is
// deleted — in the running index and after a restart — indexing the message again from
// its bytes.
import { describe, expect, it } from 'vitest';
import { termsOf } from '../../../src/search/index/block.js';
import type { BuzonDb } from '../../../src/store/db.js';
import { fixtureDb, OFFSET, runnerFor } from './support.js';

/** d01 of the fixture: "Hola, el camión llega a las 9. Trae cajas y cinta." */
const ID = 'd01';
/** In d01's stored body only. */
const BYTES_WORD = 'cajas';
/** In the kept copy only (no fixture message has it). */
const SECRET_WORD = 'zanahoria';

async function keep(db: BuzonDb): Promise<void> {
  await db.decrypted.put({
    id: ID,
    fingerprint: 'f'.repeat(40),
    partId: '',
    source: '0'.repeat(64),
    entity: new TextEncoder().encode('Content-Type: text/plain\r\n\r\nx\r\n'),
    text: `La palabra secreta es ${SECRET_WORD} morada.`,
    at: 1,
    signatures: [],
  });
}

/** Whether a word is anywhere in the index on disk (a term, or part of a pair term). */
async function onDisk(db: BuzonDb, word: string): Promise<boolean> {
  const blocks = await db.searchBlocks.toArray();
  return blocks.some((b) => termsOf(b).some((t) => t.split('\u0002').includes(word)));
}

async function opened(db: BuzonDb) {
  const runner = runnerFor(db);
  await runner.open();
  await runner.refresh();
  await runner.indexAll();
  return runner;
}

const find = async (runner: Awaited<ReturnType<typeof opened>>, text: string) =>
  (await runner.search(text, null, OFFSET)).ids;

describe('SEARCH-1 kept decrypted copies (PGP-4, ADR 0031)', () => {
  it('SEARCH-1 a kept copy is indexed as the body: its words find the message, the stored bytes’ words no longer do, also after a restart', async () => {
    const db = await fixtureDb();
    await keep(db);
    const runner = await opened(db);
    expect(await find(runner, SECRET_WORD)).toEqual([ID]);
    expect(await find(runner, `"secreta es ${SECRET_WORD}"`)).toEqual([ID]);
    expect(await find(runner, BYTES_WORD)).not.toContain(ID);
    // The subject and sender are indexed as for any message.
    expect(await find(runner, 'mudanza')).toContain(ID);
    expect(await find(await opened(db), SECRET_WORD)).toEqual([ID]);
    db.close();
  });

  it('SEARCH-1 a copy kept after the message was indexed is found at the next search', async () => {
    const db = await fixtureDb();
    const runner = await opened(db);
    expect(await find(runner, SECRET_WORD)).toEqual([]);
    await keep(db);
    expect(await find(runner, SECRET_WORD)).toEqual([ID]);
    expect(await find(runner, BYTES_WORD)).not.toContain(ID);
    await runner.indexAll();
    expect(await find(await opened(db), SECRET_WORD)).toEqual([ID]);
    db.close();
  });

  it('SEARCH-1 a deleted copy stops matching at the next search, and the message is found again by its bytes', async () => {
    const db = await fixtureDb();
    await keep(db);
    const runner = await opened(db);
    expect(await onDisk(db, SECRET_WORD)).toBe(true);
    await db.decrypted.delete(ID);
    expect(await find(runner, SECRET_WORD)).toEqual([]);
    await runner.indexAll();
    // Its words leave the index on disk too, not only the answers.
    expect(await onDisk(db, SECRET_WORD)).toBe(false);
    expect(await onDisk(db, 'morada')).toBe(false);
    expect(await find(runner, BYTES_WORD)).toContain(ID);
    expect(await find(runner, SECRET_WORD)).toEqual([]);
    const restarted = await opened(db);
    expect(await find(restarted, SECRET_WORD)).toEqual([]);
    expect(await find(restarted, BYTES_WORD)).toContain(ID);
    db.close();
  });

  it('SEARCH-1 a copy deleted while the index was closed is not found after the restart', async () => {
    const db = await fixtureDb();
    await keep(db);
    await opened(db);
    await db.decrypted.delete(ID);
    const restarted = runnerFor(db);
    await restarted.open();
    // No look for work yet: the first search already leaves the deleted copy out.
    expect(await find(restarted, SECRET_WORD)).toEqual([]);
    await restarted.indexAll();
    expect(await find(restarted, BYTES_WORD)).toContain(ID);
    expect(await onDisk(db, SECRET_WORD)).toBe(false);
    expect(await find(await opened(db), SECRET_WORD)).toEqual([]);
    db.close();
  });
});
