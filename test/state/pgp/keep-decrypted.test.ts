// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
import { deleteWithBody } from '../../support/bodies.js';
// PGP-4, SEARCH-1 (ADR 0031): decrypted text stays out of the store and the search index
// unless the user opts in for the key; opted in, a message encrypted whole is kept, read
// again without the passphrase and found by the words of its text; opting out, deleting the
// key or deleting the message for good deletes the copy, and search stops finding it.
import { beforeAll, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { generateKeyPair } from '../../../src/pgp/crypto/index.js';
import type { GeneratedKeyPair } from '../../../src/pgp/crypto/types.js';
import type { PgpDecrypted, PgpSignatureView } from '../../../src/state/pgp-types.js';
import { termsOf } from '../../../src/search/index/block.js';
import { openDb } from '../../../src/store/db.js';
import { deleteEmailsForever } from '../../../src/store/repos/emails.js';
import { dropUnwantedDecrypted } from '../../../src/store/repos/decrypted.js';
import { first } from '../support/services.js';
import { parsedOf, textOf } from './support/reading.js';
import { rejection } from './support/in-process.js';
import {
  EMAIL_ID,
  found,
  indexed,
  keptRig,
  PASS,
  SECRET_WORD,
  SUBJECT,
  type KeptRig,
} from './support/kept-rig.js';

/** OpenPGP.js key generation and S2K take a second or more on a busy 2-core machine. */
const KEY_TIMEOUT_MS = 60_000;
let bea: GeneratedKeyPair;

beforeAll(async () => {
  bea = await generateKeyPair({ name: 'Bea', email: 'bea@buzon.test', passphrase: PASS });
}, KEY_TIMEOUT_MS);

const unlock = { passphrase: PASS, rememberForSession: false };
const shown = (d: PgpDecrypted) => textOf(parsedOf(d.parsed));
const signatures = (d: PgpDecrypted) => d.signatures as PgpSignatureView[];

/** Opts in, and opens the message once with the passphrase (which keeps it). */
async function keptOnce(rig: KeptRig): Promise<PgpDecrypted> {
  await rig.service.setStoreDecrypted(rig.fingerprint, true);
  const d = await rig.service.decrypt(rig.raw, 0, unlock, rig.where);
  await rig.service.forgetPassphrases();
  return d;
}

describe('PGP-4 keeping decrypted mail (opt-in per own key)', () => {
  it(
    'PGP-4 SEARCH-1 default off: the message is shown decrypted, but nothing of it is kept and search does not find its words',
    async () => {
      const rig = await keptRig(bea);
      const runner = await indexed(rig.mailDb);
      const keys = await first(rig.service.observeKeys());
      expect(keys.map((k) => [k.kind, k.storeDecrypted])).toEqual([
        ['own', false],
        ['correspondent', false],
      ]);

      const d = await rig.service.decrypt(rig.raw, 0, unlock, rig.where);
      expect(shown(d)).toContain(SECRET_WORD);
      expect(d.kept ?? false).toBe(false);
      expect(await rig.mailDb.decrypted.count()).toBe(0);
      expect(await rig.deviceDb.decrypted.count()).toBe(0);
      expect((await rig.service.inspect(rig.raw, rig.where)).keptIndex).toBeUndefined();
      expect(await found(await indexed(rig.mailDb, runner), SECRET_WORD)).toEqual([]);
      // The message itself is indexed (by its headers), just not its decrypted text.
      expect(await found(runner, 'jueves')).toEqual([EMAIL_ID]);
      // Nothing remembered the passphrase either: opening it again asks for it.
      const again = await rejection(rig.service.decrypt(rig.raw, 0, undefined, rig.where));
      expect((again as { kind?: string }).kind).toBe('passphrase-needed');
    },
    KEY_TIMEOUT_MS,
  );

  it(
    'PGP-4 SEARCH-1 opted in: the copy is kept, opens again without the passphrase (signature as checked when kept) and is found by a word of its text',
    async () => {
      const rig = await keptRig(bea);
      const runner = await indexed(rig.mailDb);
      expect(await found(runner, SECRET_WORD)).toEqual([]);

      const first = await keptOnce(rig);
      expect(first.kept).toBe(true);
      expect(signatures(first).map((s) => [s.status, s.checkedAt])).toEqual([['valid', undefined]]);
      const rows = await rig.mailDb.decrypted.toArray();
      expect(rows.map((r) => [r.id, r.fingerprint])).toEqual([[EMAIL_ID, rig.fingerprint]]);
      expect(rows[0]?.text).toContain(SECRET_WORD);

      // The passphrase is forgotten: the kept copy is what opens it now.
      const status = await rig.service.inspect(rig.raw, rig.where);
      expect(status.unlocked).toBe(false);
      expect(status.keptIndex).toBe(0);
      const again = await rig.service.decrypt(rig.raw, 0, undefined, rig.where);
      expect(again.kept).toBe(true);
      expect(shown(again)).toBe(shown(first));
      const [sig] = signatures(again);
      expect(sig?.status).toBe('valid');
      expect(sig?.signer?.fingerprint).toBe(bea.info.fingerprint);
      expect(sig?.checkedAt).toBe(rows[0]?.at);
      // Without saying which stored message it is, nothing kept is used.
      const bare = await rejection(rig.service.decrypt(rig.raw, 0));
      expect((bare as { kind?: string }).kind).toBe('passphrase-needed');

      // The index had the ciphertext; the next search finds the kept text, as does a restart.
      expect(await found(runner, SECRET_WORD)).toEqual([EMAIL_ID]);
      expect(await found(runner, `"palabra secreta"`)).toEqual([EMAIL_ID]);
      const snippet = await runner.snippets(SECRET_WORD, [EMAIL_ID], 0);
      expect(JSON.stringify(snippet[EMAIL_ID]?.body)).toContain(SECRET_WORD);
      await runner.indexAll();
      expect(await found(await indexed(rig.mailDb), SECRET_WORD)).toEqual([EMAIL_ID]);
    },
    KEY_TIMEOUT_MS,
  );

  it(
    'PGP-4 SEARCH-1 opting out deletes the kept copies at once: the passphrase is asked again and search no longer finds the text',
    async () => {
      const rig = await keptRig(bea);
      await keptOnce(rig);
      const runner = await indexed(rig.mailDb);
      expect(await found(runner, SECRET_WORD)).toEqual([EMAIL_ID]);

      await rig.service.setStoreDecrypted(rig.fingerprint, false);
      expect(await rig.mailDb.decrypted.count()).toBe(0);
      expect((await rig.service.inspect(rig.raw, rig.where)).keptIndex).toBeUndefined();
      const err = await rejection(rig.service.decrypt(rig.raw, 0, undefined, rig.where));
      expect((err as { kind?: string }).kind).toBe('passphrase-needed');
      // The running index stops finding it at the next search, before any re-indexing…
      expect(await found(runner, SECRET_WORD)).toEqual([]);
      // …and the message is found again by what is not secret once indexed from its bytes,
      // and the decrypted words are gone from the index on disk as well.
      await indexed(rig.mailDb, runner);
      const terms = (await rig.mailDb.searchBlocks.toArray()).flatMap((b) => termsOf(b));
      expect(terms.some((t) => t.includes(SECRET_WORD))).toBe(false);
      expect(await found(runner, 'jueves')).toEqual([EMAIL_ID]);
      expect(await found(runner, SECRET_WORD)).toEqual([]);
      expect(await found(await indexed(rig.mailDb), SECRET_WORD)).toEqual([]);

      // Decrypting now (opt-in off) keeps nothing.
      const d = await rig.service.decrypt(rig.raw, 0, unlock, rig.where);
      expect(d.kept ?? false).toBe(false);
      expect(await rig.mailDb.decrypted.count()).toBe(0);
    },
    KEY_TIMEOUT_MS,
  );

  it(
    'PGP-4 SEARCH-1 deleting the key deletes what it kept, and search no longer finds it',
    async () => {
      const rig = await keptRig(bea);
      await keptOnce(rig);
      const runner = await indexed(rig.mailDb);
      expect(await found(runner, SECRET_WORD)).toEqual([EMAIL_ID]);
      await rig.service.deleteKey(rig.fingerprint);
      expect(await rig.mailDb.decrypted.count()).toBe(0);
      expect(await found(runner, SECRET_WORD)).toEqual([]);
      expect(await found(await indexed(rig.mailDb), SECRET_WORD)).toEqual([]);
    },
    KEY_TIMEOUT_MS,
  );

  it(
    'PGP-4 SEARCH-1 deleting the message for good deletes its kept copy',
    async () => {
      const rig = await keptRig(bea);
      await keptOnce(rig);
      const runner = await indexed(rig.mailDb);
      await deleteEmailsForever(rig.mailDb, [EMAIL_ID]);
      expect(await rig.mailDb.decrypted.count()).toBe(0);
      expect(await found(await indexed(rig.mailDb, runner), SECRET_WORD)).toEqual([]);
      expect(await found(runner, SUBJECT)).toEqual([]);
    },
    KEY_TIMEOUT_MS,
  );

  it(
    'PGP-4 a copy whose message left the mailbox some other way goes at the next look of the index',
    async () => {
      const rig = await keptRig(bea);
      await keptOnce(rig);
      // As the sync does when the server says the message is gone.
      await deleteWithBody(rig.mailDb, EMAIL_ID);
      await indexed(rig.mailDb);
      expect(await rig.mailDb.decrypted.count()).toBe(0);
    },
    KEY_TIMEOUT_MS,
  );

  it(
    'PGP-4 another mailbox on the device drops copies of a key that stopped keeping while it was closed',
    async () => {
      const rig = await keptRig(bea);
      await keptOnce(rig);
      const other = await openDb('buzon-other', { indexedDB: new IDBFactory(), IDBKeyRange });
      const [kept] = await rig.mailDb.decrypted.toArray();
      if (!kept) throw new Error('nothing kept');
      await other.decrypted.put({ ...kept, id: 'm-other' });
      // Still keeping: nothing goes.
      expect(await dropUnwantedDecrypted(other, rig.deviceDb)).toBe(0);
      await rig.service.setStoreDecrypted(rig.fingerprint, false);
      expect(await dropUnwantedDecrypted(other, rig.deviceDb)).toBe(1);
      expect(await other.decrypted.count()).toBe(0);
    },
    KEY_TIMEOUT_MS,
  );
});
