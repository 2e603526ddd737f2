// (sync 1) The physical limits of a bootstrap, with nothing of Buzón in between:
//  - a raw imapflow fetch of the whole INBOX from Node (envelopes for all, then full
//    source for all) against the bench Dovecot;
//  - a bare Dexie bulkPut of the same bytes (a row per message from its envelope, and its
//    source as a Uint8Array body; primary keys only) in the same headless Chromium, on a
//    blank page served by the app's server so IndexedDB has a real origin.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUT_DIR, REPO_ROOT } from './paths.js';
import { imapClient } from './sync-imap.js';
import { startServer } from './server.js';
import { launchFresh } from './browser.js';

const PAGE_DIR = join(OUT_DIR, 'sync-limits');
/** Fetch runs: the first may pay Dovecot's cold caches; the limit is the best run. */
const FETCH_RUNS = 2;
/** Records per bulkPut: the same batch as the existing bare-bulkPut limit (limits.js). */
const PUT_BATCH = 1000;
/** Storing 10k messages takes seconds here; this bounds a stuck page. */
const PUT_TIMEOUT_MS = 5 * 60_000;

/** One timed pass: envelopes for all, then sources for all, as a client bootstrap would. */
async function fetchOnce(client, keep) {
  const lock = await client.getMailboxLock('INBOX');
  try {
    const rows = [];
    const t0 = performance.now();
    for await (const m of client.fetch('1:*', {
      uid: true,
      flags: true,
      envelope: true,
      internalDate: true,
      size: true,
    })) {
      rows.push({
        id: String(m.uid),
        mailboxId: 'inbox',
        receivedAt: m.internalDate ? new Date(m.internalDate).getTime() : 0,
        size: m.size,
        keywords: [...(m.flags ?? [])],
        subject: m.envelope?.subject ?? '',
        from: (m.envelope?.from ?? []).map((a) => ({ name: a.name ?? '', email: a.address ?? '' })),
        to: (m.envelope?.to ?? []).map((a) => ({ name: a.name ?? '', email: a.address ?? '' })),
        messageId: m.envelope?.messageId ?? '',
        inReplyTo: m.envelope?.inReplyTo ?? '',
      });
    }
    const envelopeMs = performance.now() - t0;
    const sources = keep ? [] : null;
    let bytes = 0;
    let count = 0;
    const t1 = performance.now();
    for await (const m of client.fetch('1:*', { uid: true, source: true })) {
      bytes += m.source.length;
      count += 1;
      if (sources) sources.push(m.source);
    }
    const sourceMs = performance.now() - t1;
    return {
      envelopeMs,
      sourceMs,
      ms: envelopeMs + sourceMs,
      count,
      rows: rows.length,
      bytes,
      rowsData: rows,
      sources,
    };
  } finally {
    lock.release();
  }
}

export async function measureRawFetch(dovecot, log) {
  const client = await imapClient(dovecot);
  try {
    const runs = [];
    let kept = null;
    for (let i = 0; i < FETCH_RUNS; i++) {
      const r = await fetchOnce(client, i === 0);
      if (i === 0) kept = { rows: r.rowsData, sources: r.sources };
      const { envelopeMs, sourceMs, ms, count, rows, bytes } = r;
      runs.push({ envelopeMs, sourceMs, ms, count, rows, bytes });
      log(
        `  raw fetch ${i + 1}: ${r.count} msgs, ${(r.bytes / 1e6).toFixed(1)} MB in ${(r.ms / 1000).toFixed(2)} s ` +
          `(envelopes ${(r.envelopeMs / 1000).toFixed(2)} s, sources ${(r.sourceMs / 1000).toFixed(2)} s)`,
      );
    }
    const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
    return { best, runs, kept };
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** Writes the page, Dexie's UMD build, the rows and the concatenated sources. */
function preparePage(rows, sources) {
  rmSync(PAGE_DIR, { recursive: true, force: true });
  mkdirSync(PAGE_DIR, { recursive: true });
  writeFileSync(
    join(PAGE_DIR, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>Buzón bench: bare bulkPut</title>' +
      '<script src="dexie.js"></script><p>bench/lib/sync-limits.js</p>\n',
  );
  copyFileSync(
    join(REPO_ROOT, 'node_modules', 'dexie', 'dist', 'dexie.js'),
    join(PAGE_DIR, 'dexie.js'),
  );
  const offsets = [0];
  for (const s of sources) offsets.push(offsets[offsets.length - 1] + s.length);
  writeFileSync(join(PAGE_DIR, 'sources.bin'), Buffer.concat(sources));
  writeFileSync(join(PAGE_DIR, 'rows.json'), JSON.stringify({ rows, offsets }));
}

/** Runs in the page: rows + owned Uint8Array bodies, built before the clock starts. */
async function bulkPutInPage(batch) {
  const [bin, { rows, offsets }] = await Promise.all([
    fetch('sources.bin').then((r) => r.arrayBuffer()),
    fetch('rows.json').then((r) => r.json()),
  ]);
  const name = 'bench-sync-limits';
  await window.Dexie.delete(name);
  const db = new window.Dexie(name);
  db.version(1).stores({ rows: 'id', bodies: 'id' });
  await db.open();
  const bodies = rows.map((r, i) => ({
    id: r.id,
    raw: new Uint8Array(bin.slice(offsets[i], offsets[i + 1])),
  }));
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += batch) {
    await db.transaction('rw', db.table('rows'), db.table('bodies'), async () => {
      await db.table('rows').bulkPut(rows.slice(i, i + batch));
      await db.table('bodies').bulkPut(bodies.slice(i, i + batch));
    });
  }
  const ms = performance.now() - t0;
  const count = await db.table('bodies').count();
  db.close();
  await window.Dexie.delete(name);
  return { ms, count, bytes: bin.byteLength, batch };
}

export async function measureBareBulkPut(rows, sources, log) {
  preparePage(rows, sources);
  const server = await startServer({ staticDir: PAGE_DIR });
  const browser = await launchFresh();
  try {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(PUT_TIMEOUT_MS);
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => typeof window.Dexie === 'function');
    log(`bare Dexie bulkPut of ${rows.length} rows + bodies in Chromium …`);
    const r = await page.evaluate(bulkPutInPage, PUT_BATCH);
    log(`  ${r.count} stored in ${(r.ms / 1000).toFixed(2)} s`);
    return r;
  } finally {
    await browser.close();
    await server.stop();
    rmSync(PAGE_DIR, { recursive: true, force: true });
  }
}
