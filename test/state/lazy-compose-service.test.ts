import 'fake-indexeddb/auto';
// The ComposeService the app starts with (start-up budget, ADR 0004): it answers the
// synchronous questions at once and hands everything else to the real service, loaded on
// first use — the Outbox a user sees fills as the real one would fill it.
import { afterEach, describe, expect, it } from 'vitest';
import { createLazyComposeService } from '../../src/state/lazy-compose-service.js';
import { openDb, type BuzonDb } from '../../src/store/db.js';
import type { OutboxItem } from '../../src/state/types.js';

let db: BuzonDb | undefined;
afterEach(() => db?.close());

describe('the compose service loaded on first use', () => {
  it('SEND-13 what is sent through it waits in the Outbox; Undo takes it back as written', async () => {
    db = await openDb(`lazy-compose-${crypto.randomUUID()}`);
    const compose = createLazyComposeService({ db, account: { username: 'ana@buzon.test' } });
    expect(compose.canSend()).toBe(true);
    expect(compose.parseRecipients('Bob <bob@buzon.test>, nope').invalid).toEqual(['nope']);
    const seen: OutboxItem[][] = [];
    const sub = compose.observeOutbox().subscribe({ next: (items) => seen.push(items) });
    const draft = {
      to: [{ name: 'Bob Peña', address: 'bob@buzon.test' }],
      cc: [],
      bcc: [],
      subject: 'Hola',
      text: 'Qué tal',
    };
    const id = await compose.send({ name: 'Ana', address: 'ana@buzon.test' }, draft);
    await expect.poll(() => seen.at(-1)?.map((i) => [i.id, i.state])).toEqual([[id, 'waiting']]);
    expect(await compose.undo(id)).toEqual(draft);
    await expect.poll(() => seen.at(-1)).toEqual([]);
    sub.unsubscribe();
  });

  it('SEND-1 the local mailbox cannot send, and says so without loading anything', () => {
    const compose = createLazyComposeService({ db: {} as BuzonDb, account: null });
    expect(compose.canSend()).toBe(false);
  });
});
