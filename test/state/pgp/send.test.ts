import 'fake-indexeddb/auto';
// PGP-2, PGP-3: what the composer learns before Send, and what stops a signed or encrypted
// message: keys missing, no own key, no passphrase — and a mailbox without OpenPGP.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeAll, describe, expect, it } from 'vitest';
import { PassphraseNeededError } from '../../../src/pgp/crypto/errors.js';
import { generateKeyPair } from '../../../src/pgp/crypto/index.js';
import type { GeneratedKeyPair } from '../../../src/pgp/crypto/types.js';
import { createInlineParser } from '../../../src/mail/parse.js';
import { createComposeService } from '../../../src/state/compose-service.js';
import { MissingRecipientKeysError, NoSigningKeyError } from '../../../src/state/pgp-errors.js';
import type { DraftInput } from '../../../src/state/types.js';
import { openDb } from '../../../src/store/db.js';
import { outboxBytes } from '../../../src/store/repos/outbox.js';
import { pgpRig, readOne, rejection, type PgpRig } from './support/in-process.js';
import { bodyOf } from '../../support/bodies.js';

const KEY_TIMEOUT_MS = 30_000;
const PASS = 'frase de paso larga';
const ANA = { name: 'Ana', address: 'ana@buzon.test' };
let bea: GeneratedKeyPair;
let carl: GeneratedKeyPair;

beforeAll(async () => {
  [bea, carl] = await Promise.all([
    generateKeyPair({ name: 'Bea', email: 'bea@buzon.test', passphrase: PASS }),
    generateKeyPair({ name: 'Carl', email: 'carl@buzon.test', passphrase: PASS }),
  ]);
}, KEY_TIMEOUT_MS);

async function withAna(): Promise<PgpRig & { fingerprint: string }> {
  const rig = await pgpRig();
  const { key } = await rig.service.generateKey({ ...ANA, email: ANA.address, passphrase: PASS });
  return { ...rig, fingerprint: key.fingerprint };
}

async function correspondent(rig: PgpRig, armored: string, confirm: boolean) {
  return rig.service.addKey(await readOne(rig.service, armored), 'imported', { confirm });
}

async function composer(rig: PgpRig) {
  const db = await openDb('buzon-account', { indexedDB: new IDBFactory(), IDBKeyRange });
  const compose = createComposeService({
    db,
    account: { username: ANA.address },
    parser: createInlineParser(),
    pgp: () => Promise.resolve(rig.service),
  });
  return { db, compose };
}

const draft = (pgp: DraftInput['pgp'], to = 'bea@buzon.test'): DraftInput => ({
  to: [{ name: '', address: to }],
  cc: [],
  bcc: [],
  subject: 'Firmado',
  text: 'Hola.\nFrom here on, signed.\n',
  ...(pgp ? { pgp } : {}),
});

describe('PGP-2/3 the check before Send', () => {
  it(
    'PGP-3 names recipients without a usable key (never the sender), and the own key that signs',
    async () => {
      const rig = await withAna();
      await correspondent(rig, bea.publicKey, false);
      const to = ['Bea@Buzon.test', 'ana@buzon.test', 'carl@buzon.test', 'bea@buzon.test'];
      let check = await rig.service.checkSend('Ana@Buzon.test', to);
      expect(check.signingKey?.fingerprint).toBe(rig.fingerprint);
      expect(check.unlocked).toBe(false);
      expect(check.missing).toEqual(['bea@buzon.test', 'carl@buzon.test']);
      await rig.service.confirmKey(bea.info.fingerprint);
      await correspondent(rig, carl.publicKey, true);
      await rig.service.unlockKey(rig.fingerprint, PASS, { rememberForSession: false });
      check = await rig.service.checkSend('ana@buzon.test', to);
      expect(check).toMatchObject({ unlocked: true, missing: [] });
      expect((await rig.service.checkSend('other@buzon.test', to)).signingKey).toBeNull();
    },
    KEY_TIMEOUT_MS,
  );
});

describe('PGP-2/3 what stops a protected message', () => {
  it(
    'PGP-3 encrypting is refused while a recipient has no key, and nothing is queued',
    async () => {
      const rig = await withAna();
      await correspondent(rig, bea.publicKey, false);
      await rig.service.unlockKey(rig.fingerprint, PASS, { rememberForSession: true });
      const { db, compose } = await composer(rig);
      const err = await rejection(compose.send(ANA, draft({ sign: true, encrypt: true })));
      expect(err).toBeInstanceOf(MissingRecipientKeysError);
      expect((err as MissingRecipientKeysError).missing).toEqual(['bea@buzon.test']);
      expect(await db.outbox.count()).toBe(0);
    },
    KEY_TIMEOUT_MS,
  );

  it(
    'PGP-2 signing needs an own key for the sender and its passphrase',
    async () => {
      const rig = await pgpRig();
      const { compose } = await composer(rig);
      const none = await rejection(compose.send(ANA, draft({ sign: true, encrypt: false })));
      expect(none).toBeInstanceOf(NoSigningKeyError);
      expect(none.message).toContain('ana@buzon.test');
      await rig.service.generateKey({ name: 'Ana', email: ANA.address, passphrase: PASS });
      const locked = await rejection(compose.send(ANA, draft({ sign: true, encrypt: false })));
      expect(locked).toBeInstanceOf(PassphraseNeededError);
    },
    KEY_TIMEOUT_MS,
  );

  it(
    'PGP-2 a signed message is queued signed, a draft of it is saved as written, and Undo gives back the draft',
    async () => {
      const rig = await withAna();
      await rig.service.unlockKey(rig.fingerprint, PASS, { rememberForSession: false });
      const { db, compose } = await composer(rig);
      const written = draft({ sign: true, encrypt: false });
      await compose.saveDraft(ANA, written);
      const saved = await db.emails.where('mailboxId').equals('drafts').first();
      const savedRaw = await bodyOf(db, saved?.id ?? '');
      expect(new TextDecoder().decode(savedRaw)).not.toContain('multipart/signed');
      const id = await compose.send(ANA, written);
      const raw = new TextDecoder().decode((await outboxBytes(db, id)) ?? undefined);
      expect(raw).toMatch(/Content-Type: multipart\/signed; micalg=pgp-sha\d+;/);
      expect(raw).toContain('Subject: Firmado');
      expect(await compose.undo(id)).toEqual(written);
    },
    KEY_TIMEOUT_MS,
  );

  it('PGP-2 a mailbox without OpenPGP refuses a draft that asks for it, and sends others', async () => {
    const db = await openDb('buzon-account', { indexedDB: new IDBFactory(), IDBKeyRange });
    const compose = createComposeService({ db, account: { username: ANA.address } });
    const err = await rejection(compose.send(ANA, draft({ sign: true, encrypt: false })));
    expect(err.message).toMatch(/not available/);
    expect(await db.outbox.count()).toBe(0);
    await compose.send(ANA, draft({ sign: false, encrypt: false }));
    expect(await db.outbox.count()).toBe(1);
  });
});
