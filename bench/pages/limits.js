// The two physical limits Buzón's import is measured against, with nothing of Buzón in
// between: postal-mime parsing every message (in a worker, as the app parses) and Dexie
// storing the same raw bytes as Uint8Array. bench/run.js calls window.benchLimits().
// Reported beside them, not as a limit: the write cost of Buzón's own data model
// (schema-write.js), which is what an import really pays per message.
import Dexie from 'dexie';
import { schemaWrite } from './schema-write.js';

/** Records per bulkPut: big enough to amortise a transaction, small enough to stream. */
const PUT_BATCH = 1000;

async function loadCorpus(binUrl, indexUrl) {
  const [bin, index] = await Promise.all([
    fetch(binUrl).then((r) =>
      r.ok ? r.arrayBuffer() : Promise.reject(new Error(`${binUrl}: ${r.status}`)),
    ),
    fetch(indexUrl).then((r) =>
      r.ok ? r.json() : Promise.reject(new Error(`${indexUrl}: ${r.status}`)),
    ),
  ]);
  return { bin, offsets: index.offsets, count: index.count };
}

function parseInWorker(bin, offsets, memoryBlob, ours = false, keep = false) {
  return new Promise((resolve, reject) => {
    const worker = ours
      ? new Worker(new URL('./summarize-worker.js', import.meta.url), { type: 'module' })
      : new Worker(new URL('./parse-worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = (e) => {
      worker.terminate();
      resolve(e.data);
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message));
    };
    // A copy goes to the worker; the page keeps its own for the Dexie run.
    worker.postMessage({ bin: bin.slice(0), offsets, memoryBlob, keep });
  });
}

async function bulkPut(bin, offsets) {
  const name = 'bench-limits';
  await Dexie.delete(name);
  const db = new Dexie(name);
  db.version(1).stores({ raw: 'id' });
  await db.open();
  // Copies made before the clock starts: a subarray would structured-clone its whole buffer.
  const records = [];
  for (let i = 0; i + 1 < offsets.length; i++)
    records.push({ id: i, raw: new Uint8Array(bin.slice(offsets[i], offsets[i + 1])) });
  const t0 = performance.now();
  for (let i = 0; i < records.length; i += PUT_BATCH)
    await db.table('raw').bulkPut(records.slice(i, i + PUT_BATCH));
  const ms = performance.now() - t0;
  const stored = await db.table('raw').count();
  db.close();
  await Dexie.delete(name);
  return { ms, count: stored, batch: PUT_BATCH };
}

window.benchLimits = async (binUrl, indexUrl) => {
  const { bin, offsets, count } = await loadCorpus(binUrl, indexUrl);
  const bytes = bin.byteLength;
  const parse = await parseInWorker(bin, offsets, false);
  const parseMemory = await parseInWorker(bin, offsets, true);
  const { summaries, ...summarize } = await parseInWorker(bin, offsets, true, true, true);
  const put = await bulkPut(bin, offsets);
  const schema = await schemaWrite(bin, offsets, summaries);
  const result = { count, bytes, parse, parseMemory, summarize, put, schema };
  document.getElementById('out').textContent = JSON.stringify(result, null, 2);
  return result;
};
