// What the sync bench watches in the page, as a user would see it. All times are epoch ms
// (Date.now()), so they compare with Node's Date.now() around IMAP and LMTP calls on the
// same machine. Functions here run in the page: self-contained, no closures over Node.

/**
 * Init script (every document, the reload after sign-in included): records each change of
 * the status line's data-phase with its time. A 25 ms poll is precise enough for a
 * bootstrap of seconds. The status line and its bar are looked up through every shadow
 * root only until found (and again once gone): walking the whole DOM at each tick cost
 * the measured page ~2% of its thread (session 18's profile).
 */
export function installPhaseProbe() {
  const deep = (root, sel) => {
    const hit = root.querySelector(sel);
    if (hit) return hit;
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) {
        const h = deep(el.shadowRoot, sel);
        if (h) return h;
      }
    }
    return null;
  };
  // progress: each new stage (a new max, or the value starting over) and when the value
  // reaches the max: the stages of a bootstrap, e.g. rows then bodies.
  const probe = (window.__bzSync = { phases: [], last: undefined, progress: [] });
  const found = {};
  const find = (sel) => {
    if (!found[sel]?.isConnected) found[sel] = deep(document, sel);
    return found[sel];
  };
  setInterval(() => {
    const el = find('[data-testid="sync-status"]');
    const phase = el ? el.getAttribute('data-phase') : null;
    if (phase !== probe.last) {
      probe.last = phase;
      probe.phases.push({ phase, at: Date.now() });
    }
    const bar = find('[data-testid="sync-progress"]');
    if (bar) {
      const value = bar.getAttribute('value');
      const max = bar.getAttribute('max');
      const prev = probe.progress.at(-1);
      const restarted = prev && Number(value) < Number(prev.value);
      if (!prev || prev.max !== max || restarted || (value === max && prev.value !== max))
        probe.progress.push({ value, max, at: Date.now() });
    }
  }, 25);
}

/**
 * Starts a per-frame watch (requestAnimationFrame, so the time is that of the frame that
 * paints it) for a condition, and stores when it first holds in window.__bzWatch.at.
 * kind 'unread': the Inbox's unread badge equals `arg`; kind 'row': a message-list row
 * whose text contains `arg` (a unique subject) is in the list.
 */
export function startWatch([kind, arg]) {
  const deepAll = (root, sel, out = []) => {
    out.push(...root.querySelectorAll(sel));
    for (const el of root.querySelectorAll('*'))
      if (el.shadowRoot) deepAll(el.shadowRoot, sel, out);
    return out;
  };
  const unread = () => {
    const item = deepAll(document, '[data-testid="folder-item"][data-folder-role="inbox"]')[0];
    return item ? Number(item.querySelector('.unread')?.textContent ?? 0) : null;
  };
  const holds =
    kind === 'unread'
      ? () => unread() === arg
      : () =>
          deepAll(document, '[data-testid="message-list-item"]').some((r) =>
            r.textContent.includes(arg),
          );
  const w = (window.__bzWatch = { at: null, kind, arg });
  const frame = () => {
    if (w !== window.__bzWatch) return; // a newer watch replaced this one
    if (holds()) w.at = Date.now();
    else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  return kind === 'unread' ? unread() : null;
}

/** For failure messages: the last phases and the Inbox's unread badge and first rows. */
export function describePage() {
  const deepAll = (root, sel, out = []) => {
    out.push(...root.querySelectorAll(sel));
    for (const el of root.querySelectorAll('*'))
      if (el.shadowRoot) deepAll(el.shadowRoot, sel, out);
    return out;
  };
  const inbox = deepAll(document, '[data-testid="folder-item"][data-folder-role="inbox"]')[0];
  return {
    phases: (window.__bzSync?.phases ?? []).slice(-4),
    inbox: inbox ? inbox.getAttribute('aria-label') : null,
    rows: deepAll(document, '[data-testid="message-list-item"]')
      .slice(0, 3)
      .map((r) => r.textContent.trim().replace(/\s+/g, ' ').slice(0, 60)),
  };
}

/**
 * Every IndexedDB database of the origin with a `bodies` store: how many rows, and how many
 * messages' bytes are stored (rows naming a pack, schema v14, plus v13 body records).
 */
export async function countStored() {
  const out = [];
  for (const { name } of await indexedDB.databases()) {
    const db = await new Promise((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    try {
      const stores = ['emails', 'bodies'].filter((s) => db.objectStoreNames.contains(s));
      if (!stores.includes('bodies')) continue;
      const tx = db.transaction(stores, 'readonly');
      const request = (req) =>
        new Promise((resolve, reject) => {
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
      const count = (s) => request(tx.objectStore(s).count());
      const emails = stores.includes('emails') ? tx.objectStore('emails') : null;
      // Rows that name their pack (schema v14 on; v17 has no index of the field).
      const packed = emails
        ? await new Promise((resolve, reject) => {
            let n = 0;
            const req = emails.openCursor();
            req.onsuccess = () => {
              const cursor = req.result;
              if (!cursor) return resolve(n);
              if (cursor.value.bodyPack !== undefined) n++;
              cursor.continue();
            };
            req.onerror = () => reject(req.error);
          })
        : 0;
      out.push({
        name,
        emails: emails ? await count('emails') : null,
        bodies: packed + (await count('bodies')),
      });
    } finally {
      db.close();
    }
  }
  return out;
}

/**
 * Records the page's EventSource messages (JMAP push, RFC 8620 §7.3) through the DevTools
 * protocol, with epoch times: when the StateChange reached the browser splits a latency
 * into "server and proxy" and "Buzón's sync and render". Empty if the app uses no EventSource.
 */
export async function recordEventSource(page) {
  const cdp = await page.context().newCDPSession(page);
  const requests = new Map();
  const messages = [];
  cdp.on('Network.requestWillBeSent', (e) => {
    if (/eventsource/i.test(e.request.url))
      requests.set(e.requestId, { ts: e.timestamp, wall: e.wallTime });
  });
  const outcome = (id, what) => {
    const r = requests.get(id);
    if (r) r.outcome = r.outcome ? `${r.outcome}, ${what}` : what;
  };
  cdp.on('Network.responseReceived', (e) => outcome(e.requestId, `HTTP ${e.response.status}`));
  cdp.on('Network.loadingFailed', (e) => outcome(e.requestId, `failed: ${e.errorText}`));
  cdp.on('Network.loadingFinished', (e) => outcome(e.requestId, 'closed'));
  cdp.on('Network.eventSourceMessageReceived', (e) => {
    const r = requests.get(e.requestId);
    messages.push({
      at: r ? (r.wall + (e.timestamp - r.ts)) * 1000 : null,
      event: e.eventName,
      data: e.data,
    });
  });
  await cdp.send('Network.enable');
  return {
    /** The first `state` message received after epoch ms `t0`, or null. */
    firstStateAfter: (t0) =>
      messages.find((m) => m.event === 'state' && m.at !== null && m.at >= t0) ?? null,
    /** For a failure message: what push did so far. */
    describe: () =>
      `${requests.size} EventSource request(s) (${[...requests.values()].map((r) => r.outcome ?? 'no response yet').join(', ')}), ` +
      `${messages.length} message(s)` +
      (messages.length
        ? `, last: ${messages.at(-1).event} ${String(messages.at(-1).data).slice(0, 120)}`
        : ''),
  };
}
