// A Chromium trace of a measured span (CDP Tracing: IndexedDB and top-level tasks), written
// to a file and summed by thread and event name: how many IndexedDB requests a run makes
// and what they cost. Measurement only (bench/boot-ab.js, bench/search-build-ab.js).
import { writeFileSync } from 'node:fs';

const TRACE_CATEGORIES = (
  process.env.BENCH_TRACE_CATEGORIES ?? 'IndexedDB,disabled-by-default-IndexedDB,toplevel'
).split(',');

export async function startTrace(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: TRACE_CATEGORIES, recordMode: 'recordContinuously' },
    transferMode: 'ReturnAsStream',
  });
  return async (file) => {
    const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    const { stream } = await complete;
    const chunks = [];
    for (;;) {
      const c = await cdp.send('IO.read', { handle: stream, size: 1 << 22 });
      chunks.push(c.base64Encoded ? Buffer.from(c.data, 'base64').toString() : c.data);
      if (c.eof) break;
    }
    const text = chunks.join('');
    writeFileSync(file, text);
    return JSON.parse(text).traceEvents ?? [];
  };
}

/** The trace's complete events summed by thread and name, costliest thread CPU first. */
export function summarizeTrace(events, top = 25) {
  const threads = new Map();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}/${e.tid}`, e.args.name);
  const sums = new Map();
  for (const e of events) {
    if (e.ph !== 'X') continue;
    const key = `${threads.get(`${e.pid}/${e.tid}`) ?? e.tid} | ${e.name}`;
    const s = sums.get(key) ?? { n: 0, cpu: 0 };
    s.n += 1;
    s.cpu += (e.tdur ?? e.dur ?? 0) / 1000;
    sums.set(key, s);
  }
  return [...sums]
    .sort((a, b) => b[1].cpu - a[1].cpu)
    .slice(0, top)
    .map(([k, s]) => `${s.cpu.toFixed(0).padStart(7)} ms CPU ${String(s.n).padStart(7)}×  ${k}`);
}
