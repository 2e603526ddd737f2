// The write limit of Buzón's data model: the same rows an import writes (emails rows built
// by newEmailRecord from Buzón's own summaries, with every v1 index, plus their bodies),
// added in one transaction per batch as the import does, with nothing else running: no
// dedupe lookups, no counters, no live queries, no parsing. Measured through Dexie (what
// the app uses) and through bare IndexedDB (what Dexie's own bookkeeping costs).
import Dexie from 'dexie';
import { V1_STORES } from '../../src/store/migrations/0001-initial.ts';
import { newEmailRecord } from '../../src/state/email-rows.ts';

/** Messages per transaction: the import's batch size (src/state/import/pipeline.ts). */
const BATCH = 500;
/** Rows arrive in the past, as an import of old mail does; one fixed "now" for every row. */
const NOW = Date.UTC(2026, 0, 1);

async function hex(bytes) {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Rows and owned body copies, made before any clock starts. */
async function buildRecords(bin, offsets, summaries) {
  const items = [];
  for (let i = 0; i + 1 < offsets.length; i++) {
    const raw = new Uint8Array(bin.slice(offsets[i], offsets[i + 1]));
    const email = newEmailRecord({
      id: crypto.randomUUID(),
      mailboxId: 'inbox',
      raw,
      contentHash: await hex(raw),
      summary: summaries[i],
      now: NOW,
      seen: false,
    });
    items.push({ email, body: { id: email.id, raw } });
  }
  return items;
}

async function freshDb(name) {
  await Dexie.delete(name);
  const db = new Dexie(name);
  db.version(1).stores(V1_STORES);
  await db.open();
  return db;
}

async function viaDexie(db, items) {
  const t0 = performance.now();
  for (let i = 0; i < items.length; i += BATCH) {
    const batch = items.slice(i, i + BATCH);
    await db.transaction('rw', db.table('emails'), db.table('bodies'), async () => {
      await db.table('emails').bulkAdd(batch.map((x) => x.email));
      await db.table('bodies').bulkAdd(batch.map((x) => x.body));
    });
  }
  return performance.now() - t0;
}

function rawBatch(idb, batch) {
  return new Promise((resolve, reject) => {
    const tx = idb.transaction(['emails', 'bodies'], 'readwrite');
    const emails = tx.objectStore('emails');
    const bodies = tx.objectStore('bodies');
    for (const x of batch) {
      emails.add(x.email);
      bodies.add(x.body);
    }
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

async function viaIdb(db, items) {
  const idb = db.backendDB();
  const t0 = performance.now();
  for (let i = 0; i < items.length; i += BATCH) await rawBatch(idb, items.slice(i, i + BATCH));
  return performance.now() - t0;
}

export async function schemaWrite(bin, offsets, summaries) {
  const items = await buildRecords(bin, offsets, summaries);
  const out = { batch: BATCH };
  for (const [key, run] of [
    ['dexie', viaDexie],
    ['idb', viaIdb],
  ]) {
    const name = `bench-schema-${key}`;
    const db = await freshDb(name);
    const ms = await run(db, items);
    const count = await db.table('emails').count();
    db.close();
    await Dexie.delete(name);
    out[key] = { ms, count };
  }
  return out;
}
