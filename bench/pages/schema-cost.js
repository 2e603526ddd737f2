// What each part of Buzón's emails schema costs to write (bench/schema-cost.js drives it):
// the same rows and bodies written under schemas with more or fewer indexes, in turn, one
// transaction per 500 as a sync batch. `queuePerMessage` adds the thread queue as it was
// before session 11 (one entry per message; now one per batch, ADR 0026).
import Dexie from 'dexie';
import { V13_STORES } from '../../src/store/migrations/0013-decrypted.ts';
import { newEmailRecord } from '../../src/state/email-rows.ts';
import { summarizeMessage } from '../../src/mail/parse.ts';
import { installMemoryBlob } from '../../src/mail/memory-blob.ts';

const BATCH = 500;
const NOW = Date.UTC(2026, 0, 1);
const FULL = V13_STORES.emails;
const SORTS = [
  '[mailboxId+seen+receivedAt]',
  '[mailboxId+sortSubject+receivedAt]',
  '[mailboxId+sortFrom+receivedAt]',
  '[mailboxId+size]',
];
const drop = (schema, names) =>
  schema
    .split(', ')
    .filter((x) => !names.includes(x))
    .join(', ');
const VARIANTS = {
  bare: { emails: 'id', queue: false },
  full: { emails: FULL, queue: false },
  queuePerMessage: { emails: FULL, queue: true },
  noSorts: { emails: drop(FULL, SORTS), queue: false },
  dateOnly: {
    emails: drop(FULL, [...SORTS, 'messageId', 'contentHash', 'trashedAt']),
    queue: false,
  },
  // Buzón's schema with bodies several to a record (ADR 0012, session 13): what 10,000
  // body puts cost against 200.
  bodiesBy50: { emails: FULL, queue: false, bodiesPerRecord: 50 },
  // Bodies packed into one buffer per record up to a byte cap (ADR 0004, session 14):
  // under 64 KB a value is stored inline; above it, Chromium keeps it as a blob file.
  packs60k: { emails: FULL, queue: false, packBytes: 60_000 },
  packs256k: { emails: FULL, queue: false, packBytes: 256_000 },
  packs1m: { emails: FULL, queue: false, packBytes: 1_000_000 },
  packs512k: { emails: FULL, queue: false, packBytes: 512_000 },
  packs30k: { emails: FULL, queue: false, packBytes: 30_000 },
  packs120k: { emails: FULL, queue: false, packBytes: 120_000 },
  // A transaction per 2,000 (a bootstrap's write group) against one per 500.
  packs60kBy2000: { emails: FULL, queue: false, packBytes: 60_000, batch: 2000 },
  packs60kBy1000: { emails: FULL, queue: false, packBytes: 60_000, batch: 1000 },
  packs60kBy250: { emails: FULL, queue: false, packBytes: 60_000, batch: 250 },
  // Each half alone: the rows (no bodies), the packed bodies (no rows).
  rowsOnly: { emails: FULL, queue: false, noBodies: true },
  packsOnly: { emails: FULL, queue: false, packBytes: 60_000, noRows: true },
};

/** A batch's bodies concatenated into records of at most `cap` bytes (one body may exceed). */
function packRecords(batch, cap) {
  const out = [];
  let part = [];
  let bytes = 0;
  const flush = () => {
    if (part.length === 0) return;
    const buf = new Uint8Array(bytes);
    const ends = [];
    let at = 0;
    for (const x of part) {
      buf.set(x.body.raw, at);
      at += x.body.raw.byteLength;
      ends.push(at);
    }
    out.push({ id: part[0].body.id, ids: part.map((x) => x.body.id), ends, bytes: buf });
    part = [];
    bytes = 0;
  };
  for (const x of batch) {
    if (part.length > 0 && bytes + x.body.raw.byteLength > cap) flush();
    part.push(x);
    bytes += x.body.raw.byteLength;
  }
  flush();
  return out;
}

/** A batch's bodies as records of `per` bodies each (one record each when `per` is 1). */
function bodyRecords(batch, per) {
  if (!per || per === 1) return batch.map((x) => x.body);
  const out = [];
  for (let i = 0; i < batch.length; i += per) {
    const part = batch.slice(i, i + per);
    out.push({
      id: part[0].body.id,
      ids: part.map((x) => x.body.id),
      raws: part.map((x) => x.body.raw),
    });
  }
  return out;
}

async function hex(bytes) {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
}

window.schemaCost = async (binUrl, indexUrl, order) => {
  installMemoryBlob(self);
  const bin = await (await fetch(binUrl)).arrayBuffer();
  const { offsets } = await (await fetch(indexUrl)).json();
  const items = [];
  for (let i = 0; i + 1 < offsets.length; i++) {
    const raw = new Uint8Array(bin.slice(offsets[i], offsets[i + 1]));
    const summary = await summarizeMessage(raw);
    const email = newEmailRecord({
      id: crypto.randomUUID(),
      mailboxId: 'inbox',
      raw,
      contentHash: await hex(raw),
      summary,
      now: NOW,
      seen: false,
    });
    items.push({ email, body: { id: email.id, raw } });
  }
  const out = [];
  for (const key of order) {
    const v = VARIANTS[key];
    const name = `schema-cost-${key}`;
    await Dexie.delete(name);
    const db = new Dexie(name);
    db.version(1).stores({ emails: v.emails, bodies: 'id', threadQueue: '++seq, id' });
    await db.open();
    const t0 = performance.now();
    const per = v.batch ?? BATCH;
    for (let i = 0; i < items.length; i += per) {
      const batch = items.slice(i, i + per);
      await db.transaction(
        'rw',
        db.table('emails'),
        db.table('bodies'),
        db.table('threadQueue'),
        async () => {
          if (v.queue)
            await db.table('threadQueue').bulkAdd(batch.map((x) => ({ id: x.email.id })));
          if (!v.noRows) await db.table('emails').bulkPut(batch.map((x) => x.email));
          if (!v.noBodies)
            await db
              .table('bodies')
              .bulkPut(
                v.packBytes
                  ? packRecords(batch, v.packBytes)
                  : bodyRecords(batch, v.bodiesPerRecord),
              );
        },
      );
    }
    const ms = performance.now() - t0;
    db.close();
    await Dexie.delete(name);
    out.push({ key, ms, start: Date.now() - ms, end: Date.now() });
  }
  return out;
};
