import 'fake-indexeddb/auto';
// PGP-1, sending side (Autocrypt Level 1 §2.1): what a correspondent receives — every sent
// message from an address with an own key carries its Autocrypt header (read back by our
// own reader, imported by real GnuPG), messages from other addresses and drafts carry
// none, and a send from an address without a key never starts the PGP worker.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInlineParser } from '../../../src/mail/parse.js';
import { readAutocrypt } from '../../../src/pgp/autocrypt.js';
import { generateKeyPair } from '../../../src/pgp/crypto/index.js';
import type { GeneratedKeyPair } from '../../../src/pgp/crypto/types.js';
import { createComposeService } from '../../../src/state/compose-service.js';
import { createPgpServiceLoader } from '../../../src/state/lazy-pgp-service.js';
import type { PgpServiceLoader } from '../../../src/state/pgp-types.js';
import type { DraftInput } from '../../../src/state/types.js';
import { openDb } from '../../../src/store/db.js';
import { outboxBytes } from '../../../src/store/repos/outbox.js';
import { Gnupg, GPG_TIMEOUT_MS } from '../../pgp/support/gnupg.js';
import { inProcessSpawn, pgpRig, readOne, type PgpRig } from './support/in-process.js';
import { bodyOf } from '../../support/bodies.js';

const KEY_TIMEOUT_MS = 30_000;
const PASS = 'frase de paso larga';
const ANA = { name: 'Ana', address: 'ana@buzon.test' };
/** RFC 5322 §2.1.1: header lines SHOULD stay within 78 characters. */
const MAX_HEADER_LINE = 78;
const latin1 = new TextDecoder('latin1');
let bea: GeneratedKeyPair;
const gpg = new Gnupg();

beforeAll(async () => {
  bea = await generateKeyPair({ name: 'Bea', email: 'bea@buzon.test', passphrase: PASS });
}, KEY_TIMEOUT_MS);
afterAll(() => gpg.dispose());

async function withAna(): Promise<PgpRig & { fingerprint: string }> {
  const rig = await pgpRig();
  const { key } = await rig.service.generateKey({ ...ANA, email: ANA.address, passphrase: PASS });
  return { ...rig, fingerprint: key.fingerprint };
}

async function composer(pgp: PgpServiceLoader) {
  const db = await openDb('buzon-account', { indexedDB: new IDBFactory(), IDBKeyRange });
  const compose = createComposeService({
    db,
    account: { username: ANA.address },
    parser: createInlineParser(),
    pgp,
  });
  return { db, compose };
}

const draft = (pgp?: DraftInput['pgp']): DraftInput => ({
  to: [{ name: '', address: 'bea@buzon.test' }],
  cc: [],
  bcc: [],
  subject: 'Con clave',
  text: 'Hola.\n',
  ...(pgp ? { pgp } : {}),
});

/** The queued message's header section, as text, and the whole message's bytes. */
async function sent(c: Awaited<ReturnType<typeof composer>>, from = ANA, d = draft()) {
  const id = await c.compose.send(from, d);
  const raw = (await outboxBytes(c.db, id)) ?? new Uint8Array();
  const text = latin1.decode(raw);
  return { raw, head: text.slice(0, text.indexOf('\r\n\r\n')) };
}

const autocryptFields = (head: string) => head.match(/^autocrypt:/gim) ?? [];

/** What GnuPG makes of the keydata: fingerprints, user ids, and whether a subkey encrypts. */
function gpgImport(keydata: Uint8Array): {
  fingerprints: string[];
  userIds: string[];
  encrypts: boolean;
} {
  const home = new Gnupg();
  try {
    home.ok(['--import'], keydata);
    const listing = home.ok(['--with-colons', '--list-keys']).stdout.toString('utf8');
    const lines = listing.split('\n').map((l) => l.split(':'));
    return {
      // The primary key's fingerprint is the "fpr" line right after its "pub" line.
      fingerprints: lines
        .filter((f, i) => f[0] === 'fpr' && lines[i - 1]?.[0] === 'pub')
        .map((f) => (f[9] ?? '').toLowerCase()),
      userIds: lines.filter((f) => f[0] === 'uid').map((f) => f[9] ?? ''),
      // Field 12: the subkey's capabilities ("e": encryption), as GnuPG validated them.
      encrypts: lines.some((f) => f[0] === 'sub' && (f[11] ?? '').includes('e')),
    };
  } finally {
    home.dispose();
  }
}

describe('PGP-1 Autocrypt on sent mail', () => {
  it(
    'PGP-1 a sent message from an address with an own key carries one Autocrypt header whose addr is the From and whose keydata is that key (GnuPG imports it)',
    async () => {
      const rig = await withAna();
      const c = await composer(() => Promise.resolve(rig.service));
      const { raw, head } = await sent(c);
      expect(autocryptFields(head)).toHaveLength(1);
      for (const line of head.split('\r\n'))
        expect(line.length).toBeLessThanOrEqual(MAX_HEADER_LINE);
      const header = readAutocrypt(raw);
      expect(header?.addr).toBe(ANA.address);
      const imported = gpgImport(header?.keydata ?? new Uint8Array());
      expect(imported.fingerprints).toEqual([rig.fingerprint]);
      expect(imported.userIds).toEqual(['Ana <ana@buzon.test>']);
      expect(imported.encrypts).toBe(true);
    },
    GPG_TIMEOUT_MS,
  );

  it(
    'PGP-1 readAutocrypt reads it back: the recipient’s Buzón learns the sender’s key, unconfirmed',
    async () => {
      const rig = await withAna();
      const c = await composer(() => Promise.resolve(rig.service));
      const { raw } = await sent(c);
      const beasDevice = await pgpRig();
      const learned = await beasDevice.service.learnAutocrypt(raw);
      expect(learned).toMatchObject({
        fingerprint: rig.fingerprint,
        emails: [ANA.address],
        source: 'autocrypt',
        confirmed: false,
      });
    },
    KEY_TIMEOUT_MS,
  );

  it(
    'PGP-1 a key with several addresses goes out with only the user id for the From',
    async () => {
      const made = await openpgp.generateKey({
        // As Buzón makes keys (GnuPG 2.2 reads no RFC 9580 Ed25519/X25519 keys).
        type: 'ecc',
        curve: 'curve25519Legacy',
        userIDs: [
          { name: 'Ana', email: ANA.address },
          { name: 'Ana en casa', email: 'ana.casa@buzon.test' },
        ],
        passphrase: PASS,
        format: 'armored',
      });
      const rig = await pgpRig();
      const own = await rig.service.addKey(await readOne(rig.service, made.privateKey), 'imported');
      const c = await composer(() => Promise.resolve(rig.service));
      const header = readAutocrypt(
        (await sent(c, { name: 'Ana', address: 'ana.casa@buzon.test' })).raw,
      );
      expect(header?.addr).toBe('ana.casa@buzon.test');
      const imported = gpgImport(header?.keydata ?? new Uint8Array());
      expect(imported.fingerprints).toEqual([own.fingerprint]);
      expect(imported.userIds).toEqual(['Ana en casa <ana.casa@buzon.test>']);
      expect(imported.encrypts).toBe(true);
    },
    GPG_TIMEOUT_MS,
  );

  it(
    'PGP-1 an own key made by GnuPG, with a second user id, goes out minimal and GnuPG reads it',
    async () => {
      const fpr = gpg.generateKey('Ana <ana@buzon.test>').toLowerCase();
      gpg.ok(['--quick-add-uid', fpr, 'Ana Trabajo <ana.trabajo@buzon.test>']);
      const secret = gpg.ok(['--armor', '--export-secret-keys', fpr]).stdout.toString('utf8');
      const rig = await pgpRig();
      await rig.service.addKey(await readOne(rig.service, secret), 'imported');
      const c = await composer(() => Promise.resolve(rig.service));
      const { raw } = await sent(c);
      const header = readAutocrypt(raw);
      expect(header?.addr).toBe(ANA.address);
      const imported = gpgImport(header?.keydata ?? new Uint8Array());
      expect(imported.fingerprints).toEqual([fpr]);
      expect(imported.userIds).toEqual(['Ana <ana@buzon.test>']);
      expect(imported.encrypts).toBe(true);
    },
    GPG_TIMEOUT_MS,
  );

  it(
    'PGP-1 a message from an address without a key carries none and starts no worker; the header itself starts none either',
    async () => {
      // Ana's key is made on this device earlier (that starts a worker, in another visit).
      const setup = await withAna();
      const workers = { n: 0 };
      const loader = createPgpServiceLoader({
        db: setup.db,
        parser: createInlineParser(),
        spawn: inProcessSpawn(workers),
      });
      const c = await composer(loader);
      const other = await sent(c, { name: 'Ana', address: 'otra@buzon.test' });
      expect(autocryptFields(other.head)).toEqual([]);
      expect(workers.n).toBe(0);
      const own = await sent(c);
      expect(autocryptFields(own.head)).toHaveLength(1);
      expect(workers.n).toBe(0);
    },
    KEY_TIMEOUT_MS,
  );

  it(
    'PGP-1 drafts and templates carry none',
    async () => {
      const rig = await withAna();
      const c = await composer(() => Promise.resolve(rig.service));
      await c.compose.saveDraft(ANA, draft());
      await c.compose.saveTemplate(ANA, draft());
      const rows = await c.db.emails.toArray();
      expect(rows.map((r) => r.mailboxId).sort()).toEqual(['drafts', 'templates']);
      for (const row of rows) {
        const body = await bodyOf(c.db, row.id);
        expect(latin1.decode(body)).not.toMatch(/^autocrypt:/im);
      }
    },
    KEY_TIMEOUT_MS,
  );

  it(
    'PGP-1 a signed and an encrypted message carry it in their outer headers',
    async () => {
      const rig = await withAna();
      await rig.service.addKey(await readOne(rig.service, bea.publicKey), 'imported', {
        confirm: true,
      });
      await rig.service.unlockKey(rig.fingerprint, PASS, { rememberForSession: true });
      const c = await composer(() => Promise.resolve(rig.service));
      for (const [pgp, type] of [
        [{ sign: true, encrypt: false }, 'multipart/signed'],
        [{ sign: true, encrypt: true }, 'multipart/encrypted'],
      ] as const) {
        const { raw, head } = await sent(c, ANA, draft(pgp));
        expect(head).toContain(`Content-Type: ${type};`);
        expect(autocryptFields(head)).toHaveLength(1);
        expect(readAutocrypt(raw)?.addr).toBe(ANA.address);
        // Only once: the signed or encrypted entity inside has none of its own.
        expect(autocryptFields(latin1.decode(raw))).toHaveLength(1);
      }
    },
    KEY_TIMEOUT_MS,
  );
});
