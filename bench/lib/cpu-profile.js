// A CPU profile of the page's main thread over a measured span (CDP Profiler), summed by
// function: what the renderer spends its time on. Only with BENCH_PROFILE=1.
export async function startProfile(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return async function stop(top = 30) {
    const { profile } = await cdp.send('Profiler.stop');
    await keep(profile, process.env.BENCH_PROFILE_OUT);
    await cdp.detach();
    return topLines(addSelfTimes(profile, new Map()), top);
  };
}

/** Writes the raw profile to `file` when one is named (BENCH_PROFILE_OUT). */
async function keep(profile, file) {
  if (!file) return;
  const { writeFileSync } = await import('node:fs');
  writeFileSync(file, JSON.stringify(profile));
}

/** Adds each function's self time (ms) in `profile` to `self`, keyed by name and place. */
function addSelfTimes(profile, self) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const file = f.url.split('/').pop() || '';
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return self;
}

/** The `top` costliest functions, one line each. */
function topLines(self, top) {
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, ms]) => `${ms.toFixed(0).padStart(6)} ms  ${k}`);
}

/**
 * The same for the dedicated workers of the page whose script URL contains `match` (e.g.
 * `parse-worker`) started after this call, summed. Only with BENCH_PROFILE_WORKER.
 */
export async function startWorkerProfile(page, match) {
  const cdp = await page.context().newCDPSession(page);
  let id = 0;
  const waiting = new Map();
  const sessions = new Set();
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const msg = JSON.parse(e.message);
    waiting.get(msg.id)?.(msg.result);
  });
  cdp.on('Target.detachedFromTarget', (e) => sessions.delete(e.sessionId));
  const call = (sessionId, method, params = {}) =>
    new Promise((resolve) => {
      id++;
      waiting.set(id, resolve);
      cdp
        .send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id, method, params }),
        })
        .catch(() => resolve(null));
    });
  cdp.on('Target.attachedToTarget', async (e) => {
    if (e.targetInfo.type !== 'worker' || !e.targetInfo.url.includes(match)) return;
    sessions.add(e.sessionId);
    await call(e.sessionId, 'Profiler.enable');
    await call(e.sessionId, 'Profiler.setSamplingInterval', { interval: 500 });
    await call(e.sessionId, 'Profiler.start');
  });
  await cdp.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });
  /** Every live matching worker's functions, summed (a worker that ended is lost). */
  return async function stop(top = 30) {
    const self = new Map();
    for (const sessionId of sessions) {
      const result = await call(sessionId, 'Profiler.stop');
      const profile = result?.profile;
      if (!profile) continue;
      const out = process.env.BENCH_PROFILE_OUT;
      await keep(profile, out && `${out}.${sessionId}.json`);
      addSelfTimes(profile, self);
    }
    await cdp.detach();
    return topLines(self, top);
  };
}
