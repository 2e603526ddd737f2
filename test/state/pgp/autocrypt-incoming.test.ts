import 'fake-indexeddb/auto';
// PGP-1: incoming mail teaches the keystore its senders' Autocrypt keys (unconfirmed), in
// the same pass as spam detection and filters; OpenPGP loads only for a message that has
// the header, and nothing about keys can stop the queue.
import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../../src/pgp/crypto/index.js';
import type { GeneratedKeyPair } from '../../../src/pgp/crypto/types.js';
import { createInlineParser } from '../../../src/mail/parse.js';
import { drainIncoming, type IncomingDeps } from '../../../src/state/incoming/processor.js';
import type { PgpServiceLoader } from '../../../src/state/pgp-types.js';
import { applyEmailBatch } from '../../../src/store/sync/apply-emails.js';
import { applyMailboxList } from '../../../src/store/sync/apply-mailboxes.js';
import type { ServerEmail } from '../../../src/store/sync/server-types.js';
import { freshDb } from '../../store/threads-support.js';
import { first } from '../support/services.js';
import { pgpRig } from './support/in-process.js';

const KEY_TIMEOUT_MS = 30_000;
let bea: GeneratedKeyPair;

beforeAll(async () => {
  bea = await generateKeyPair({ name: 'Bea', email: 'bea@buzon.test', passphrase: 'x y z' });
}, KEY_TIMEOUT_MS);

function serverEmail(id: string): ServerEmail {
  return {
    id,
    blobId: `blob-${id}`,
    threadId: `t-${id}`,
    mailboxId: 'S-inbox',
    keywords: {},
    size: 100,
    receivedAt: 1_000,
    messageId: `${id}@buzon.test`,
    inReplyTo: null,
    references: [],
    from: [{ name: 'Bea', address: 'bea@buzon.test' }],
    to: [],
    cc: [],
    subject: id,
    sentAt: 1_000,
    hasAttachment: false,
    preview: '',
  };
}

async function withAutocrypt(): Promise<Uint8Array> {
  const keydata = (await openpgp.readKey({ armoredKey: bea.publicKey })).write();
  const folded = Buffer.from(keydata)
    .toString('base64')
    .replace(/.{1,72}/g, ' $&\r\n')
    .trimEnd();
  return new TextEncoder().encode(
    'From: Bea <bea@buzon.test>\r\nTo: ana@buzon.test\r\nSubject: with key\r\n' +
      `Autocrypt: addr=bea@buzon.test; keydata=\r\n${folded}\r\nContent-Type: text/plain\r\n\r\nHola\r\n`,
  );
}

const PLAIN = new TextEncoder().encode(
  'From: Bea <bea@buzon.test>\r\nTo: ana@buzon.test\r\nSubject: no key\r\n\r\nHola\r\n',
);

async function queued(bodies: Record<string, Uint8Array>) {
  const db = await freshDb({ synced: true });
  await applyMailboxList(
    db,
    [{ id: 'S-inbox', name: 'Inbox', parentId: null, role: 'inbox' }],
    'm1',
  );
  await applyEmailBatch(db, {
    upserts: Object.keys(bodies).map(serverEmail),
    destroyed: [],
    incoming: true,
    now: 2_000,
  });
  const deps = (pgp: PgpServiceLoader, skipped: string[], spam = false): IncomingDeps => ({
    db,
    parser: createInlineParser(),
    body: (id) => Promise.resolve(bodies[id] ?? new Uint8Array()),
    spamVerdict: () => Promise.resolve(spam ? 'spam' : 'ham'),
    filterSetup: () => Promise.resolve({ filters: [], serverRuns: false, ownAddresses: [] }),
    apply: () => Promise.resolve(),
    onSkipped: (email) => skipped.push(email.id),
    pgp,
  });
  return { db, deps };
}

describe('PGP-1 Autocrypt from incoming mail', () => {
  it(
    'PGP-1 the sender’s Autocrypt key is stored unconfirmed; a message without the header loads nothing',
    async () => {
      const rig = await pgpRig();
      const loads: number[] = [];
      const loader: PgpServiceLoader = () => {
        loads.push(1);
        return Promise.resolve(rig.service);
      };
      const { db, deps } = await queued({ a: PLAIN, b: await withAutocrypt() });
      const skipped: string[] = [];
      expect(await drainIncoming(deps(loader, skipped))).toBe(2);
      expect(skipped).toEqual([]);
      expect(loads).toHaveLength(1);
      expect(await first(rig.service.observeKeys())).toMatchObject([
        { fingerprint: bea.info.fingerprint, source: 'autocrypt', confirmed: false, usable: false },
      ]);
      expect(await db.incomingQueue.count()).toBe(0);
    },
    KEY_TIMEOUT_MS,
  );

  it('PGP-1 OpenPGP failing to load never stops the queue', async () => {
    let tried = 0;
    const failing: PgpServiceLoader = () => {
      tried++;
      return Promise.reject(new Error('worker crashed'));
    };
    const { db, deps } = await queued({ a: await withAutocrypt(), b: PLAIN });
    const skipped: string[] = [];
    expect(await drainIncoming(deps(failing, skipped))).toBe(2);
    expect(tried).toBe(1);
    expect(skipped).toEqual([]);
    expect(await db.incomingQueue.count()).toBe(0);
  });

  it('PGP-1 spam does not put keys in the keystore', async () => {
    const rig = await pgpRig();
    const { deps } = await queued({ a: await withAutocrypt() });
    expect(await drainIncoming(deps(() => Promise.resolve(rig.service), [], true))).toBe(1);
    expect(await first(rig.service.observeKeys())).toEqual([]);
  });
});
