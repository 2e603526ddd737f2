// IMAP as "another client" for the sync bench: imapflow connections to the bench Dovecot,
// and seeding the corpus into Alice's INBOX with APPEND over a few connections at once.
import { readFileSync } from 'node:fs';
import { ImapFlow } from 'imapflow';
import { ALICE } from './dovecot.js';

/**
 * Parallel APPEND connections: Dovecot serves each in its own imap process, so a few keep
 * both cores busy while one waits on the network; more only contend for the same cores.
 */
const SEED_CONNECTIONS = 4;

export async function imapClient(dovecot) {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.imapPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user: ALICE.user, pass: ALICE.pass },
    logger: false,
    // The bench measures raw transfer; no per-command compression on loopback.
    disableCompression: true,
  });
  await client.connect();
  return client;
}

/** The Date header of a raw message (the first 4 KB hold the headers here), or null. */
function dateOf(raw) {
  const head = raw.subarray(0, 4096).toString('latin1');
  const m = /^Date:[ \t]*(.+)$/im.exec(head.split('\r\n\r\n')[0]);
  const t = m ? Date.parse(m[1]) : NaN;
  return Number.isNaN(t) ? null : new Date(t);
}

/**
 * APPENDs every message of the corpus (its .bin and offsets) to INBOX, unseen, with the
 * INTERNALDATE taken from its Date header so the mailbox spans years as real mail does.
 * Resolves the count and the seconds it took.
 */
export async function seedInbox(dovecot, corpus, log) {
  const bin = readFileSync(corpus.bin);
  const { offsets } = JSON.parse(readFileSync(corpus.index, 'utf8'));
  const count = offsets.length - 1;
  log(`seeding ${count} messages into Dovecot (APPEND over ${SEED_CONNECTIONS} connections) …`);
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    const client = await imapClient(dovecot);
    try {
      while (next < count) {
        const i = next++;
        const raw = bin.subarray(offsets[i], offsets[i + 1]);
        const idate = dateOf(raw);
        await client.append('INBOX', raw, [], idate ?? undefined);
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
  };
  await Promise.all(Array.from({ length: SEED_CONNECTIONS }, worker));
  const seconds = (performance.now() - t0) / 1000;
  log(`  seeded ${count} in ${seconds.toFixed(1)} s`);
  return { count, seconds, connections: SEED_CONNECTIONS };
}
