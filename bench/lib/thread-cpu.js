// CPU time of every Chromium thread, sampled from /proc every 250 ms while a measurement
// runs (Linux only), so a span's CPU can be split between the IndexedDB backend (the
// browser process's thread pool), the page's main thread and the rest. Threads that end
// keep their last reading.
import { readdirSync, readFileSync } from 'node:fs';

const PERIOD_MS = 250;
/** Clock ticks per second of /proc/<pid>/task/<tid>/stat (USER_HZ, 100 on Linux). */
const HZ = 100;

function read() {
  const rows = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let cmd;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue;
    }
    if (!/chrom/.test(cmd.split(' ')[0] ?? '')) continue;
    const type = /--type=([\w-]+)/.exec(cmd)?.[1] ?? 'browser';
    let tasks;
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        const st = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const comm = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')'));
        const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
        rows.push({ key: `${pid}/${tid}`, type, comm, cpu: (Number(f[11]) + Number(f[12])) / HZ });
      } catch {
        // the thread ended between the listing and the read
      }
    }
  }
  return rows;
}

export function threadCpu() {
  const series = [];
  const last = new Map();
  const snap = () => {
    for (const r of read()) last.set(r.key, r);
    series.push({ at: Date.now(), rows: new Map(last) });
  };
  snap();
  const timer = setInterval(snap, PERIOD_MS);
  return {
    stop() {
      clearInterval(timer);
      snap();
      const near = (t) =>
        series.reduce((a, b) => (Math.abs(b.at - t) < Math.abs(a.at - t) ? b : a));
      return {
        /**
         * CPU seconds between two epoch-ms times: all Chromium, backend pool, page thread,
         * and by process type and thread name.
         */
        between(start, end) {
          const a = near(start).rows;
          const out = { chromium: 0, backend: 0, page: 0, byThread: new Map() };
          for (const [key, r] of near(end).rows) {
            const d = r.cpu - (a.get(key)?.cpu ?? 0);
            out.chromium += d;
            const name = `${r.type} ${r.comm}`;
            out.byThread.set(name, (out.byThread.get(name) ?? 0) + d);
            if (r.type === 'browser' && r.comm.startsWith('ThreadPoolForeg')) out.backend += d;
            if (r.type === 'renderer' && key.split('/')[0] === key.split('/')[1]) out.page += d;
          }
          return out;
        },
      };
    },
  };
}
