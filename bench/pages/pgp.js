// (j) OpenPGP in the browser (issue 6): the app's own PGP worker and PGP/MIME code, on the
// path a send and a read take — build the message with a 10 MiB attachment, sign+encrypt
// its body entity in one OpenPGP message (RFC 3156 §6.2), wrap it as multipart/encrypted;
// then find the ciphertext with our MIME parse, decrypt and verify. bench/run.js calls
// window.benchPgp(); bench/lib/pgp-bench.js runs the same with GnuPG beside it.
import { createPgpClient } from '../../src/state/pgp-client.ts';
import { assembleMessage, buildMessageParts } from '../../src/mail/mime/build.ts';
import { analyzeDecrypted, analyzePgp, buildEncryptedEntity } from '../../src/pgp/mime/index.ts';

const PASSPHRASE = 'correct horse battery staple';

function spawn() {
  return new Worker(new URL('../../src/workers/pgp-worker.ts', import.meta.url), {
    type: 'module',
  });
}

/** Incompressible bytes, as a photo or a zip would be (getRandomValues gives 64 KiB at a time). */
function randomBytes(n) {
  const out = new Uint8Array(n);
  const CHUNK = 65_536;
  for (let i = 0; i < n; i += CHUNK)
    crypto.getRandomValues(out.subarray(i, Math.min(n, i + CHUNK)));
  return out;
}

async function timed(fn) {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

window.benchPgp = async ({ keygenRuns, cryptoRuns, attachmentBytes }) => {
  const client = createPgpClient(spawn);
  const keygen = [];
  let pair = null;
  // The first call also loads the worker and OpenPGP.js: reported on its own.
  const first = await timed(() =>
    client.generateKeyPair({ name: 'Bench', email: 'bench@example.org', passphrase: PASSPHRASE }),
  );
  for (let i = 0; i < keygenRuns; i++) {
    const r = await timed(() =>
      client.generateKeyPair({ name: 'Bench', email: 'bench@example.org', passphrase: PASSPHRASE }),
    );
    keygen.push(r.ms);
    pair = r.value;
  }
  const attachment = randomBytes(attachmentBytes);
  const message = {
    from: { name: 'Bench', address: 'bench@example.org' },
    to: [{ name: '', address: 'bench@example.org' }],
    subject: 'A big attachment',
    text: 'The file is attached.\n',
    attachments: [{ filename: 'photo.bin', type: 'application/octet-stream', bytes: attachment }],
    messageId: 'bench@example.org',
    date: new Date(),
  };
  const encrypt = [];
  const decrypt = [];
  let messageBytes = 0;
  let entityBytes = 0;
  for (let i = 0; i < cryptoRuns; i++) {
    const enc = await timed(async () => {
      const parts = buildMessageParts(message, { signable: true });
      entityBytes = parts.entity.byteLength;
      const armored = await client.encryptAndSign({
        data: parts.entity,
        recipientKeys: [pair.publicKey],
        signingKey: pair.privateKey,
        passphrase: PASSPHRASE,
      });
      return assembleMessage(parts.headers, buildEncryptedEntity(armored));
    });
    encrypt.push(enc.ms);
    messageBytes = enc.value.byteLength;
    const dec = await timed(async () => {
      const found = analyzePgp(enc.value).protections.find((p) => p.kind === 'pgp-mime-encrypted');
      const out = await client.decrypt({
        armored: found.ciphertext,
        privateKey: pair.privateKey,
        verificationKeys: [pair.publicKey],
        passphrase: PASSPHRASE,
      });
      analyzeDecrypted(out.data);
      return out;
    });
    const sigs = dec.value.signatures;
    if (sigs === 'unsigned' || sigs[0]?.status !== 'valid')
      throw new Error(`the bench message did not verify: ${JSON.stringify(sigs)}`);
    if (dec.value.data.byteLength !== entityBytes)
      throw new Error('the decrypted entity is not the one encrypted');
    decrypt.push(dec.ms);
  }
  client.dispose();
  return {
    firstKeygenMs: first.ms,
    keygenMs: keygen,
    encryptMs: encrypt,
    decryptMs: decrypt,
    attachmentBytes,
    entityBytes,
    messageBytes,
    userAgent: navigator.userAgent,
  };
};
