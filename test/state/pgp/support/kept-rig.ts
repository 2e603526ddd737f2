// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
import { putRowsWithBodies } from '../../../support/bodies.js';
// ADR 0031 tests: a device database (keys) and a mailbox database (mail, kept copies, the
// search index) apart, as in the app with an account; the real PgpService over the real
// worker code in process; Ana's own key, Bea's confirmed key, and a message from Bea
// encrypted whole to Ana and signed (RFC 3156 §6.2), stored in Ana's Inbox.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { assembleMessage } from '../../../../src/mail/mime/build.js';
import { createInlineParser } from '../../../../src/mail/parse.js';
import { inlineBodyReader } from '../../../../src/search/index/inline-reader.js';
import { encryptAndSign } from '../../../../src/pgp/crypto/index.js';
import type { GeneratedKeyPair } from '../../../../src/pgp/crypto/types.js';
import { buildEncryptedEntity } from '../../../../src/pgp/mime/build.js';
import { createPgpClient } from '../../../../src/state/pgp-client.js';
import { createPgpService } from '../../../../src/state/pgp/service.js';
import type { PgpService } from '../../../../src/state/pgp-types.js';
import { openDb, type BuzonDb } from '../../../../src/store/db.js';
import { INBOX_ID } from '../../../../src/store/folder-rules.js';
import type { EmailRecord } from '../../../../src/store/records.js';
import { SearchRunner } from '../../../../src/workers/search/search-runner.js';
import { inProcessSpawn, readOne } from './in-process.js';

export const PASS = 'frase de paso larga';
export const EMAIL_ID = 'm-cifrado';
/** A word only in the decrypted text: never in the stored bytes. */
export const SECRET_WORD = 'zanahoria';
export const SUBJECT = 'Reunión del jueves';

export interface KeptRig {
  deviceDb: BuzonDb;
  mailDb: BuzonDb;
  service: PgpService;
  /** Ana's own key. */
  fingerprint: string;
  raw: Uint8Array;
  where: { emailId: string };
}

function emailRow(raw: Uint8Array): EmailRecord {
  return {
    id: EMAIL_ID,
    messageId: `${EMAIL_ID}@buzon.test`,
    mailboxId: INBOX_ID,
    keywords: {},
    seen: 0,
    sortSubject: SUBJECT.toLowerCase(),
    sortFrom: 'bea',
    receivedAt: Date.UTC(2026, 2, 5),
    sentAt: Date.UTC(2026, 2, 5),
    size: raw.length,
    hasAttachment: false,
    priority: 3,
    from: [{ name: 'Bea', address: 'bea@buzon.test' }],
    to: [{ name: 'Ana', address: 'ana@buzon.test' }],
    cc: [],
    subject: SUBJECT,
    preview: '',
    warnings: [],
    inReplyTo: null,
    references: [],
    contentHash: EMAIL_ID,
  };
}

/** Bea's message to Ana: a text entity, signed and encrypted in one OpenPGP message. */
async function encryptedMessage(anaPublic: string, bea: GeneratedKeyPair): Promise<Uint8Array> {
  const entity = new TextEncoder().encode(
    'Content-Type: text/plain; charset=utf-8\r\n\r\n' +
      `Hola Ana: la palabra secreta es ${SECRET_WORD}. No la digas.\r\n`,
  );
  const armored = await encryptAndSign({
    data: entity,
    recipientKeys: [anaPublic],
    signingKey: bea.privateKey,
    passphrase: PASS,
  });
  return assembleMessage(
    [
      'From: Bea <bea@buzon.test>',
      'To: Ana <ana@buzon.test>',
      `Subject: =?utf-8?B?${Buffer.from(SUBJECT).toString('base64')}?=`,
      `Message-ID: <${EMAIL_ID}@buzon.test>`,
      'MIME-Version: 1.0',
    ],
    buildEncryptedEntity(armored),
  );
}

export async function keptRig(bea: GeneratedKeyPair): Promise<KeptRig> {
  const deviceDb = await openDb('buzon-local', { indexedDB: new IDBFactory(), IDBKeyRange });
  const mailDb = await openDb('buzon-account', { indexedDB: new IDBFactory(), IDBKeyRange });
  const service = createPgpService({
    db: deviceDb,
    mailDb,
    client: createPgpClient(inProcessSpawn({ n: 0 })),
    parser: createInlineParser(),
  });
  const { key } = await service.generateKey({
    name: 'Ana',
    email: 'ana@buzon.test',
    passphrase: PASS,
  });
  await service.addKey(await readOne(service, bea.publicKey), 'imported', { confirm: true });
  const raw = await encryptedMessage(await service.exportPublicKey(key.fingerprint), bea);
  await putRowsWithBodies(mailDb, [emailRow(raw)], [{ id: EMAIL_ID, raw }]);
  return {
    deviceDb,
    mailDb,
    service,
    fingerprint: key.fingerprint,
    raw,
    where: { emailId: EMAIL_ID },
  };
}

/** The search worker's code over the mailbox database, caught up with everything there is. */
export async function indexed(db: BuzonDb, runner?: SearchRunner): Promise<SearchRunner> {
  const r = runner ?? new SearchRunner({ db, reader: inlineBodyReader });
  if (!runner) await r.open();
  await r.refresh();
  await r.indexAll();
  return r;
}

/** What a search for `text` finds, everywhere. */
export async function found(runner: SearchRunner, text: string): Promise<string[]> {
  return (await runner.search(text, null, 0)).ids;
}
