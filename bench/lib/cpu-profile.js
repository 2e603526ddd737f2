// A CPU profile of the page's main thread over a measured span (CDP Profiler), summed by
// function: what the renderer spends its time on. Only with BENCH_PROFILE=1.
export async function startProfile(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return async function stop(top = 30) {
    const { profile } = await cdp.send('Profiler.stop');
    if (process.env.BENCH_PROFILE_OUT) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(process.env.BENCH_PROFILE_OUT, JSON.stringify(profile));
    }
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map();
    profile.samples.forEach((id, i) => {
      const node = byId.get(id);
      const f = node.callFrame;
      const file = f.url.split('/').pop() || '';
      const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    });
    await cdp.detach();
    return [...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, ms]) => `${ms.toFixed(0).padStart(6)} ms  ${k}`);
  };
}
