// Where the CPU went during a measured span, per process kind: the proxy (node), Dovecot
// (imap), Chromium's processes, the bench itself. Read from /proc (Linux), so a figure
// like the bootstrap's can be split between the server side and the browser side.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** pid → { comm, cmd, ticks } for every process now. */
export function cpuSnapshot() {
  const out = new Map();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      out.set(pid, { comm, cmd, ticks });
    } catch {
      // The process ended meanwhile.
    }
  }
  return out;
}

function kindOf({ comm, cmd }) {
  if (cmd.includes('dist-proxy')) return 'proxy (node)';
  if (comm === 'imap' || comm.startsWith('dovecot') || comm === 'lmtp') return `dovecot (${comm})`;
  if (cmd.includes('--type=renderer')) return 'chromium renderer (page + workers)';
  if (cmd.includes('--type=gpu') || cmd.includes('--type=utility')) return 'chromium utility/gpu';
  if (comm.startsWith('chrom')) return 'chromium browser';
  if (cmd.includes('bench/run.js')) return 'bench driver (node)';
  return null;
}

/** CPU seconds per process kind between two snapshots (processes born meanwhile count whole). */
export function cpuSince(before, after = cpuSnapshot()) {
  const sums = {};
  for (const [pid, now] of after) {
    const kind = kindOf(now);
    if (!kind) continue;
    const was = before.get(pid)?.ticks ?? 0;
    sums[kind] = (sums[kind] ?? 0) + (now.ticks - was) / TICKS_PER_SECOND;
  }
  return Object.fromEntries(
    Object.entries(sums)
      .filter(([, s]) => s > 0.05)
      .sort((a, b) => b[1] - a[1])
      .map(([k, s]) => [k, Number(s.toFixed(2))]),
  );
}
