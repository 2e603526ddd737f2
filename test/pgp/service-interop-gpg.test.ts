// PGP-5 through the PgpService, both ways with real GnuPG 2.2 (one temporary GNUPGHOME for
// the file): what Buzón's composer sends verifies and decrypts in gpg, and what gpg makes —
// PGP/MIME and inline, signed, encrypted, both, with an attachment — gets the right status
// in Buzón's reader and opens with the right signatures.
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import * as openpgp from 'openpgp';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInlineParser } from '../../src/mail/parse.js';
import { TamperedMessageError, WrongPassphraseError } from '../../src/pgp/crypto/errors.js';
import { createComposeService } from '../../src/state/compose-service.js';
import type { PgpKeyView } from '../../src/state/pgp-types.js';
import { openDb } from '../../src/store/db.js';
import { outboxBytes } from '../../src/store/repos/outbox.js';
import { pgpRig, readOne, rejection, type PgpRig } from '../state/pgp/support/in-process.js';
import { first } from '../state/support/services.js';
import { armorBlock, firstPart, only, parsedOf, textOf } from '../state/pgp/support/reading.js';
import { ENTITY, encryptedEntity, efailMessage } from './mime/messages.js';
import { GPG_TIMEOUT_MS } from './support/gnupg.js';
import { GpgHome, statusLine } from './support/gpg-crypto.js';

const ANA_PASS = 'correct horse ñandú';
const GUS_PASS = 'gus passphrase';
const ANA = { name: 'Ana Núñez', address: 'ana@buzon.test' };
const GUS = 'gus@gnu.test';
const enc = new TextEncoder();
const dec = new TextDecoder();

const GUS_HEADERS =
  `From: Gus Gnu <${GUS}>\r\nTo: Ana Núñez <ana@buzon.test>\r\nSubject: Presupuesto\r\n` +
  'Date: Sat, 14 Mar 2026 09:30:05 +0000\r\nMessage-ID: <gpg-made@gnu.test>\r\nMIME-Version: 1.0\r\n';

let gpg: GpgHome;
let gusFpr: string;
let rig: PgpRig;
let ana: PgpKeyView;

beforeAll(async () => {
  gpg = new GpgHome(GUS_PASS);
  gusFpr = gpg.generate(`Gus Gnu <${GUS}>`, GUS_PASS);
  rig = await pgpRig();
  ana = (await rig.service.generateKey({ ...ANA, email: ANA.address, passphrase: ANA_PASS })).key;
  gpg.importKey(await rig.service.exportPublicKey(ana.fingerprint));
  const gus = await readOne(rig.service, gpg.exportPublic(gusFpr));
  await rig.service.addKey(gus, 'imported', { confirm: true });
}, GPG_TIMEOUT_MS);

afterAll(() => gpg.dispose());

/** gpg's options for a message to Ana (her key is imported, not certified: trust it). */
const TO_ANA = ['--trust-model', 'always', '--armor', '--recipient', ANA.address];

function gpgOut(args: string[], input: string | Uint8Array): string {
  return gpg.ok(args, input).stdout.toString('utf8');
}

async function sendThroughComposer(
  pgp: { sign: boolean; encrypt: boolean },
  bcc: { name: string; address: string }[] = [],
): Promise<string> {
  const db = await openDb('buzon-account', { indexedDB: new IDBFactory(), IDBKeyRange });
  const compose = createComposeService({
    db,
    account: { username: ANA.address },
    parser: createInlineParser(),
    pgp: () => Promise.resolve(rig.service),
  });
  await rig.service.unlockKey(ana.fingerprint, ANA_PASS, { rememberForSession: false });
  const id = await compose.send(ANA, {
    to: [{ name: 'Gus Gnu', address: GUS }],
    cc: [],
    bcc,
    subject: 'Cifrado y firmado',
    text: 'Hola Gus,\nFrom now on, the budget is ñ€ 2026.\n',
    attachments: [
      {
        filename: 'datos.bin',
        type: 'application/octet-stream',
        bytes: new Uint8Array([0, 1, 2, 255]),
      },
    ],
    pgp,
  });
  const raw = await outboxBytes(db, id);
  db.close();
  return dec.decode(raw ?? undefined);
}

describe('PGP-5 Buzón’s composer → GnuPG', () => {
  it(
    'PGP-5 a message signed through the ComposeService verifies in gpg as its RFC 3156 extraction',
    async () => {
      const raw = await sendThroughComposer({ sign: true, encrypt: false });
      expect(raw).toMatch(/Content-Type: multipart\/signed; micalg=pgp-sha\d+;/);
      const r = gpg.ok([
        '--verify',
        gpg.file(armorBlock(raw, 'SIGNATURE')),
        gpg.file(firstPart(raw)),
      ]);
      expect(statusLine(r, 'GOODSIG')?.[1]?.toLowerCase()).toBe(ana.keyId);
      expect(statusLine(r, 'VALIDSIG')?.[10]?.toLowerCase()).toBe(ana.fingerprint);
      const read = await PostalMime.parse(raw);
      expect(read.text).toContain('From now on, the budget is ñ€ 2026.');
      expect(read.attachments.map((a) => a.filename)).toEqual(['datos.bin', 'signature.asc']);
    },
    GPG_TIMEOUT_MS,
  );

  it(
    'PGP-5 a message encrypted through the ComposeService decrypts in gpg to the MIME entity, signed by the sender in the same OpenPGP message; the sender reads her copy',
    async () => {
      const raw = await sendThroughComposer({ sign: false, encrypt: true });
      expect(raw).toContain('Subject: Cifrado y firmado');
      expect(raw).toContain('Content-Type: multipart/encrypted;');
      expect(raw).not.toContain('budget');
      const r = gpg.ok(['--decrypt'], armorBlock(raw, 'MESSAGE'));
      expect(statusLine(r, 'DECRYPTION_OKAY')).toBeDefined();
      expect(statusLine(r, 'GOODSIG')?.[1]?.toLowerCase()).toBe(ana.keyId);
      const entity = r.stdout.toString('utf8');
      expect(entity).toMatch(/^Content-Type: multipart\/mixed;/);
      const inner = await PostalMime.parse(entity);
      expect(inner.text).toContain('From now on, the budget is ñ€ 2026.');
      expect([...new Uint8Array(inner.attachments[0]?.content as ArrayBuffer)]).toEqual([
        0, 1, 2, 255,
      ]);

      const status = await rig.service.inspect(enc.encode(raw));
      expect(only(status, 'encrypted')).toMatchObject({
        form: 'mime',
        coverage: 'whole',
        index: 0,
      });
      expect(status.decryptWith?.fingerprint).toBe(ana.fingerprint);
      const mine = await rig.service.decrypt(enc.encode(raw), 0);
      expect(mine.signatures).toMatchObject([
        { status: 'valid', signer: { fingerprint: ana.fingerprint } },
      ]);
      expect(textOf(parsedOf(mine.parsed))).toContain('the budget is ñ€ 2026.');
    },
    GPG_TIMEOUT_MS,
  );
});

describe('PGP-3 Bcc recipients of an encrypted message stay hidden', () => {
  it(
    'PGP-3 PGP-5 with a Bcc recipient every key id in the ciphertext is the wildcard; gpg (trying its keys) and the sender still decrypt it',
    async () => {
      const carolFpr = gpg.generate('Carol Bcc <carol@gnu.test>', GUS_PASS);
      const carol = await readOne(rig.service, gpg.exportPublic(carolFpr));
      await rig.service.addKey(carol, 'imported', { confirm: true });
      const raw = await sendThroughComposer({ sign: true, encrypt: true }, [
        { name: 'Carol Bcc', address: 'carol@gnu.test' },
      ]);
      const packets = gpg.ok(['--list-packets'], armorBlock(raw, 'MESSAGE')).stdout.toString();
      const ids = [...packets.matchAll(/:pubkey enc packet: .* keyid ([0-9A-F]{16})/g)].map(
        (m) => m[1],
      );
      // Gus, Carol and Ana's own copy: three recipients, none named.
      expect(ids).toEqual(['0000000000000000', '0000000000000000', '0000000000000000']);
      const r = gpg.ok(['--decrypt'], armorBlock(raw, 'MESSAGE'));
      expect(statusLine(r, 'DECRYPTION_OKAY')).toBeDefined();
      expect(statusLine(r, 'GOODSIG')?.[1]?.toLowerCase()).toBe(ana.keyId);
      const mine = await rig.service.decrypt(enc.encode(raw), 0);
      expect(textOf(parsedOf(mine.parsed))).toContain('the budget is ñ€ 2026.');
    },
    GPG_TIMEOUT_MS,
  );
});

describe('PGP-5 GnuPG → Buzón’s reader', () => {
  it(
    'PGP-5 PGP/MIME signed by gpg, with an attachment: valid, by Gus, covering the whole message',
    async () => {
      const sig = gpgOut(['--detach-sign', '--armor', '--local-user', gusFpr], ENTITY);
      const raw =
        GUS_HEADERS +
        'Content-Type: multipart/signed; micalg=pgp-sha512;\r\n protocol="application/pgp-signature"; boundary="s1"\r\n\r\n' +
        `--s1\r\n${ENTITY}\r\n--s1\r\nContent-Type: application/pgp-signature\r\n\r\n${sig}\r\n--s1--\r\n`;
      const status = await rig.service.inspect(enc.encode(raw));
      const signed = only(status, 'signed');
      expect(signed).toMatchObject({ form: 'mime', coverage: 'whole' });
      expect(signed.signatures).toMatchObject([
        { status: 'valid', signer: { fingerprint: gusFpr, emails: [GUS] } },
      ]);
      expect(status.decryptWith).toBeNull();
    },
    GPG_TIMEOUT_MS,
  );

  it(
    'PGP-5 PGP/MIME encrypted by gpg without a signature: opens with Ana’s key, "unsigned", attachment intact',
    async () => {
      const armored = gpgOut([...TO_ANA, '--encrypt'], ENTITY);
      const raw = enc.encode(GUS_HEADERS + encryptedEntity(armored));
      await rig.service.forgetPassphrases();
      const status = await rig.service.inspect(raw);
      expect(only(status, 'encrypted')).toMatchObject({ index: 0, coverage: 'whole' });
      expect(status).toMatchObject({
        unlocked: false,
        decryptWith: { fingerprint: ana.fingerprint },
      });
      const out = await rig.service.decrypt(raw, 0, {
        passphrase: ANA_PASS,
        rememberForSession: false,
      });
      expect(out.signatures).toBe('unsigned');
      const parsed = parsedOf(out.parsed);
      expect(textOf(parsed)).toContain('el presupuesto para el año 2026.');
      expect(parsed.attachments.map((a) => a.filename)).toEqual(['presupuesto.pdf']);
      // Not remembered: the next decryption asks again.
      expect(await rig.service.isUnlocked(ana.fingerprint)).toBe(false);
    },
    GPG_TIMEOUT_MS,
  );

  it(
    'PGP-5 PGP/MIME signed and encrypted by gpg in one message: a valid signature by Gus',
    async () => {
      const armored = gpgOut([...TO_ANA, '--local-user', gusFpr, '--sign', '--encrypt'], ENTITY);
      const raw = enc.encode(GUS_HEADERS + encryptedEntity(armored));
      const out = await rig.service.decrypt(raw, 0, {
        passphrase: ANA_PASS,
        rememberForSession: true,
      });
      expect(out.signatures).toMatchObject([{ status: 'valid', signer: { fingerprint: gusFpr } }]);
      expect(textOf(parsedOf(out.parsed))).toContain('presupuesto');
      expect((await rig.service.inspect(raw)).unlocked).toBe(true);
    },
    GPG_TIMEOUT_MS,
  );

  it(
    'PGP-5 signed, then encrypted (RFC 3156 §6.1): the inner signature verifies and is not shown as an attachment',
    async () => {
      const sig = gpgOut(['--detach-sign', '--armor', '--local-user', gusFpr], ENTITY);
      const signedEntity =
        'Content-Type: multipart/signed; micalg=pgp-sha512;\r\n protocol="application/pgp-signature"; boundary="s1"\r\n\r\n' +
        `--s1\r\n${ENTITY}\r\n--s1\r\nContent-Type: application/pgp-signature\r\n\r\n${sig}\r\n--s1--\r\n`;
      const armored = gpgOut([...TO_ANA, '--encrypt'], signedEntity);
      const out = await rig.service.decrypt(enc.encode(GUS_HEADERS + encryptedEntity(armored)), 0);
      expect(out.signatures).toMatchObject([{ status: 'valid', signer: { fingerprint: gusFpr } }]);
      expect(parsedOf(out.parsed).attachments.map((a) => a.filename)).toEqual(['presupuesto.pdf']);
    },
    GPG_TIMEOUT_MS,
  );

  it(
    'PGP-5 inline: a clearsigned text verifies, an encrypted and signed block opens as a text message',
    async () => {
      const body = 'Hola Ana,\n- con guion\nFrom the start ñ.\n';
      const clear = gpgOut(['--local-user', gusFpr, '--clearsign'], body);
      const clearRaw = GUS_HEADERS + 'Content-Type: text/plain; charset=utf-8\r\n\r\n' + clear;
      const signed = only(await rig.service.inspect(enc.encode(clearRaw)), 'signed');
      expect(signed).toMatchObject({ form: 'inline', coverage: 'whole' });
      expect(signed.signatures).toMatchObject([
        { status: 'valid', signer: { fingerprint: gusFpr } },
      ]);

      const armored = gpgOut([...TO_ANA, '--local-user', gusFpr, '--sign', '--encrypt'], body);
      const raw = enc.encode(
        GUS_HEADERS + 'Content-Type: text/plain; charset=us-ascii\r\n\r\nAntes\r\n\r\n' + armored,
      );
      const status = await rig.service.inspect(raw);
      expect(only(status, 'encrypted')).toMatchObject({
        form: 'inline',
        coverage: 'part',
        index: 0,
      });
      const out = await rig.service.decrypt(raw, 0);
      expect(out.coverage).toBe('part');
      expect(out.signatures).toMatchObject([{ status: 'valid', signer: { fingerprint: gusFpr } }]);
      expect(textOf(parsedOf(out.parsed)).replace(/\r\n/g, '\n')).toBe(body);
    },
    GPG_TIMEOUT_MS,
  );

  it(
    'PGP-4 an encrypted part between HTML parts (EFAIL) is shown and opened as covering only itself',
    async () => {
      const armored = gpgOut([...TO_ANA, '--encrypt'], ENTITY);
      const raw = enc.encode(efailMessage(armored));
      const status = await rig.service.inspect(raw);
      expect(only(status, 'encrypted')).toMatchObject({ coverage: 'part', partId: '2' });
      const out = await rig.service.decrypt(raw, 0);
      expect(out.coverage).toBe('part');
      expect(textOf(parsedOf(out.parsed))).toContain('el presupuesto para el año 2026.');
    },
    GPG_TIMEOUT_MS,
  );
});

describe('PGP-4 failures, each with its status and nothing leaked', () => {
  it(
    'PGP-4 tampered ciphertext fails as tampered, with nothing of the plaintext',
    async () => {
      const armored = gpgOut([...TO_ANA, '--encrypt'], 'La clave es 4711\n'.repeat(20));
      const { data } = await openpgp.unarmor(armored);
      const bytes = (data as Uint8Array).slice();
      const at = bytes.length - 40; // inside the encrypted data, before the MDC
      bytes[at] = (bytes[at] ?? 0) ^ 0x01;
      const tampered = openpgp.armor(openpgp.enums.armor.message, bytes);
      const raw = enc.encode(GUS_HEADERS + encryptedEntity(tampered));
      expect(only(await rig.service.inspect(raw), 'encrypted').index).toBe(0);
      const err = await rejection(
        rig.service.decrypt(raw, 0, { passphrase: ANA_PASS, rememberForSession: false }),
      );
      expect(err).toBeInstanceOf(TamperedMessageError);
      expect(`${err.message} ${String(err.cause)}`).not.toContain('4711');
    },
    GPG_TIMEOUT_MS,
  );

  it(
    'PGP-4 wrong passphrase fails typed and is not remembered',
    async () => {
      await rig.service.forgetPassphrases();
      const armored = gpgOut([...TO_ANA, '--encrypt'], ENTITY);
      const raw = enc.encode(GUS_HEADERS + encryptedEntity(armored));
      const err = await rejection(
        rig.service.decrypt(raw, 0, { passphrase: 'nope', rememberForSession: true }),
      );
      expect(err).toBeInstanceOf(WrongPassphraseError);
      expect(await rig.service.isUnlocked(ana.fingerprint)).toBe(false);
    },
    GPG_TIMEOUT_MS,
  );

  it(
    'PGP-4 a signature by a key not confirmed is "unknown-key" with its key id, and no signer',
    async () => {
      const other = await pgpRig();
      const gus = await readOne(other.service, gpg.exportPublic(gusFpr));
      await other.service.addKey(gus, 'imported');
      const clear = gpgOut(['--local-user', gusFpr, '--clearsign'], 'firmado\n');
      const raw = enc.encode(GUS_HEADERS + 'Content-Type: text/plain\r\n\r\n' + clear);
      const signed = only(await other.service.inspect(raw), 'signed');
      expect(signed.signatures).toEqual([
        expect.objectContaining({ status: 'unknown-key', keyId: gusFpr.slice(-16) }),
      ]);
      expect(signed.signatures[0]?.signer).toBeUndefined();
    },
    GPG_TIMEOUT_MS,
  );
});

describe('PGP-1 Autocrypt', () => {
  it(
    'PGP-1 a real Autocrypt header (a gpg-exported key) is learned unconfirmed, and used only once confirmed',
    async () => {
      const fresh = await pgpRig();
      const keydata = gpg.ok(['--export', '--export-options', 'export-minimal', gusFpr]).stdout;
      const folded = keydata
        .toString('base64')
        .replace(/.{1,72}/g, ' $&\r\n')
        .trimEnd();
      const raw = enc.encode(
        `From: Gus Gnu <${GUS}>\r\nTo: ana@buzon.test\r\nSubject: hola\r\n` +
          `Autocrypt: addr=${GUS}; prefer-encrypt=mutual; keydata=\r\n${folded}\r\n` +
          'Content-Type: text/plain\r\n\r\nHola\r\n',
      );
      const learned = await fresh.service.learnAutocrypt(raw);
      expect(learned).toMatchObject({
        fingerprint: gusFpr,
        source: 'autocrypt',
        confirmed: false,
        usable: false,
      });
      expect((await fresh.service.checkSend('ana@buzon.test', [GUS])).missing).toEqual([GUS]);
      await fresh.service.confirmKey(gusFpr);
      expect((await fresh.service.checkSend('ana@buzon.test', [GUS])).missing).toEqual([]);
      // Learned again later: still confirmed (same user ids).
      expect(await fresh.service.learnAutocrypt(raw)).toMatchObject({ confirmed: true });
      expect(
        await fresh.service.learnAutocrypt(enc.encode('From: x@y.z\r\n\r\nno header\r\n')),
      ).toBeNull();
      expect((await first(fresh.service.observeKeys())).length).toBe(1);
    },
    GPG_TIMEOUT_MS,
  );
});
