// What the compose bench watches in the page. Functions here run in the page (passed to
// addInitScript or page.evaluate): self-contained, no closures over Node. Times are the
// page's performance.now() (events' timeStamp shares that clock); with the page's
// performance.timeOrigin added they compare with Node's Date.now() on the same machine.

/**
 * Init script (every document): records the click on each element with a data-testid (the
 * event's own timeStamp: when the browser got the click) and when the composer's To field
 * takes focus, then the frame after it. Also keeps every resource timing of the session
 * (the default buffer of 250 would overflow during a sync), to split a send by request.
 */
export function installComposeProbe() {
  performance.setResourceTimingBufferSize(100_000);
  const firstTestId = (e) => {
    for (const n of e.composedPath())
      if (n instanceof Element && n.dataset.testid) return n.dataset.testid;
    return null;
  };
  const p = (window.__bzCompose = { clicks: {}, focusTo: null, focusToFrame: null });
  window.addEventListener(
    'click',
    (e) => {
      const id = firstTestId(e);
      if (id) p.clicks[id] = e.timeStamp;
    },
    true,
  );
  // Not a focusin listener: focus moving between two elements of the same shadow tree is
  // not dispatched beyond it (DOM's relatedTarget retargeting), so window never sees the
  // To field take focus. The composer focuses it with focus(): that call is timed instead.
  const focus = HTMLElement.prototype.focus;
  HTMLElement.prototype.focus = function (...args) {
    focus.apply(this, args);
    if (this.dataset.testid !== 'compose-to' || p.focusTo !== null) return;
    if (this.getRootNode().activeElement !== this) return;
    p.focusTo = performance.now();
    requestAnimationFrame(() => (p.focusToFrame ??= performance.now()));
  };
}

/** Forgets earlier clicks and focus, before an opening is timed. */
export function resetComposeProbe() {
  const p = window.__bzCompose;
  p.clicks = {};
  p.focusTo = null;
  p.focusToFrame = null;
  return performance.now();
}

/**
 * One opening as timed: click on New message → To focused, and → the frame after; the
 * scripts fetched on the way (the lazy composer chunk on a first opening).
 */
export function readOpening() {
  const p = window.__bzCompose;
  const click = p.clicks['compose-button'];
  if (click === undefined || p.focusTo === null || p.focusToFrame === null) return null;
  // Only what was asked for before the focus: the chunks the opening waited on (the
  // address book's code, fetched when To takes focus, is not).
  const scripts = performance
    .getEntriesByType('resource')
    .filter((r) => r.startTime >= click && r.startTime <= p.focusTo && /\.m?js(\?|$)/.test(r.name));
  return {
    focusMs: p.focusTo - click,
    frameMs: p.focusToFrame - click,
    scripts: scripts.map((r) => ({
      name: new URL(r.name).pathname,
      bytes: r.decodedBodySize,
      ms: r.responseEnd - r.startTime,
    })),
  };
}

/**
 * Per-frame watch of a send, from the click on Send: when the Undo bar shows and goes, when
 * the Outbox button shows and goes (everything sent: the proxy accepted the message).
 * Results land in window.__bzSend; `done` once the Outbox button has gone.
 */
export function startSendWatch() {
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
  performance.clearResourceTimings();
  const w = (window.__bzSend = {
    undoShown: null,
    undoHidden: null,
    outboxShown: null,
    outboxHidden: null,
    done: false,
  });
  const tick = () => {
    const now = performance.now();
    const undo = deep(document, '[data-testid="undo-send"]') !== null;
    const outbox = deep(document, '[data-testid="outbox-button"]') !== null;
    if (undo && w.undoShown === null) w.undoShown = now;
    if (!undo && w.undoShown !== null && w.undoHidden === null) w.undoHidden = now;
    if (outbox && w.outboxShown === null) w.outboxShown = now;
    if (!outbox && w.outboxShown !== null && w.outboxHidden === null) w.outboxHidden = now;
    w.done = w.outboxHidden !== null;
    if (!w.done) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** The watched send, its click, and its requests: the upload, then the submitting call. */
export function readSend() {
  const w = window.__bzSend;
  const click = window.__bzCompose.clicks['compose-send'];
  const fetches = performance
    .getEntriesByType('resource')
    .filter((r) => r.initiatorType === 'fetch' && r.startTime >= click);
  const upload = fetches.find((r) => new URL(r.name).pathname.startsWith('/jmap/upload/'));
  const submit = upload
    ? fetches.find((r) => new URL(r.name).pathname === '/jmap' && r.startTime >= upload.responseEnd)
    : undefined;
  const span = (r) => (r ? { start: r.startTime, end: r.responseEnd } : null);
  return {
    click,
    ...w,
    // Every call of the send, for reading where the time went (ms after the click).
    fetches: fetches.map((r) => ({
      path: new URL(r.name).pathname,
      start: Math.round(r.startTime - click),
      end: Math.round(r.responseEnd - click),
    })),
    upload: span(upload),
    submit: span(submit),
    timeOrigin: performance.timeOrigin,
  };
}

/**
 * CONTACTS-1 in the page: the start of each keystroke in the To field (its first keydown,
 * beforeinput or input: characters off the US layout come as input alone) and the moment
 * the field's <bz-recipient-input> has rendered the answer to it — its Lit `updated()` with
 * `suggestions` changed, wrapped on this one instance — then the frame after. The app is
 * not changed: the wrapper calls the element's own `updated()` first.
 */
export function installSuggestProbe() {
  const deepAll = (root, sel, out = []) => {
    out.push(...root.querySelectorAll(sel));
    for (const el of root.querySelectorAll('*'))
      if (el.shadowRoot) deepAll(el.shadowRoot, sel, out);
    return out;
  };
  const field = deepAll(document, 'bz-recipient-input').find((el) => el.view?.name === 'to');
  if (!field) return false;
  const p = (window.__bzSuggest = { start: null, done: [] });
  if (!window.__bzSuggestListening) {
    window.__bzSuggestListening = true;
    for (const type of ['keydown', 'beforeinput', 'input'])
      window.addEventListener(
        type,
        (e) => {
          const target = e.composedPath()[0];
          if (target instanceof HTMLElement && target.dataset.testid === 'compose-to')
            window.__bzSuggest.start ??= e.timeStamp;
        },
        true,
      );
  }
  const own = Object.getPrototypeOf(field).updated;
  field.updated = function (changed) {
    own.call(this, changed);
    if (!changed.has('suggestions')) return;
    const rec = {
      start: p.start,
      dom: performance.now(),
      frame: null,
      options: this.querySelectorAll('[role="option"]').length,
      typed: this.querySelector('input').value,
    };
    p.done.push(rec);
    requestAnimationFrame(() => (rec.frame = performance.now()));
  };
  return true;
}

/** Before a keystroke: forget the last start; how many answers were rendered so far. */
export function armKeystroke() {
  window.__bzSuggest.start = null;
  return window.__bzSuggest.done.length;
}

/** The answer to keystroke number `n` (0-based), once its frame has come; else null. */
export function keystrokeResult(n) {
  const rec = window.__bzSuggest.done[n];
  return rec && rec.frame !== null ? rec : null;
}

/** What the page shows about a send that did not finish: for the error message. */
export function describeSend() {
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
  const text = (sel) => deep(document, sel)?.textContent.replace(/\s+/g, ' ').trim() ?? null;
  return {
    composerOpen: deep(document, '[data-testid="composer"]')?.open ?? null,
    composeError: text('[data-testid="compose-error"]'),
    tooBig: text('[data-testid="compose-too-big"]'),
    undo: text('[data-testid="undo-send"]') ?? text('[data-testid="undo-send-error"]'),
    outbox: text('[data-testid="outbox-button"]'),
    sync: deep(document, '[data-testid="sync-status"]')?.getAttribute('data-phase') ?? null,
    watch: window.__bzSend ?? null,
  };
}
