// The compose bench's rows (lib/compose-bench.js) for the printed table: figure, value,
// target, verdict. Issue 4 sets a target for autosuggest only (≤ 16 ms per keystroke); the
// composer opening and the send are reported.

const median = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : null;
};
const fmt = (n, digits = 0) =>
  n === null || n === undefined || Number.isNaN(n)
    ? 'n/a'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function openRows(o) {
  const kb = median(o.first.map((f) => f.scripts.reduce((s, x) => s + x.bytes, 0))) / 1024;
  return [
    [
      `Composer, first opening after load (lazy chunk): New message click → To focused, median of ${o.first.length}`,
      `${fmt(o.firstMedianMs, 1)} ms (next frame ${fmt(o.firstFrameMedianMs, 1)} ms; ${fmt(kb)} KB of JS fetched first)`,
      'reported',
      '—',
    ],
    [
      `  later openings, median of ${o.later.length}`,
      `${fmt(o.laterMedianMs, 1)} ms (next frame ${fmt(o.laterFrameMedianMs, 1)} ms)`,
      'reported',
      '—',
    ],
  ];
}

function sendRows(s) {
  const m = (k) => median(s.runs.map((r) => r[k]));
  const undo = s.undoWindowMs;
  const n = s.runs.length;
  const mib = fmt(s.fileBytes / 1024 / 1024);
  const delivered = median(s.runs.map((r) => r.delivered.bytes));
  return [
    [
      `Send with a ${mib} MiB attachment: Send click → Outbox button gone (proxy accepted), minus the ${fmt(undo / 1000)} s undo window, median of ${n}`,
      `${fmt(m('toOutboxGoneMs') - undo)} ms (${fmt(m('toOutboxGoneMs'))} ms with it)`,
      'reported',
      '—',
    ],
    [
      `  Send click → in Bob's IMAP INBOX (SMTP sink → LMTP → Dovecot), minus the undo window`,
      `${fmt(m('toInboxMs') - undo)} ms (${fmt(m('toInboxMs'))} ms with it; ${fmt(delivered / 1e6, 2)} MB delivered)`,
      'reported',
      '—',
    ],
    [
      `  undo window (deliberate: the Undo bar shown → gone)`,
      `${fmt(m('undoBarMs'))} ms (set to ${fmt(undo)} ms)`,
      'reported',
      '—',
    ],
    [
      `  split: click → Undo bar (MIME built, queued) / window end → upload starts / upload / submitting call / → Outbox gone`,
      [
        m('toUndoBarMs'),
        m('uploadStartMs') - undo,
        m('uploadMs'),
        m('submitMs'),
        m('toOutboxGoneMs') - m('submitEndMs'),
      ]
        .map((x) => `${fmt(x)} ms`)
        .join(' / '),
      'reported',
      '—',
    ],
    [`  file picked → shown in the composer`, `${fmt(m('attachMs'))} ms`, 'reported', '—'],
  ];
}

function suggestRows(g) {
  return [
    [
      `Contacts tool import of ${fmt(g.contacts)} contacts (vCard 4.0 file → import report)`,
      `${fmt(g.imported.ms / 1000, 1)} s (${fmt(g.imported.added)} added)`,
      'setup',
      '—',
    ],
    [
      `Autosuggest in the page, ${fmt(g.contacts)} contacts: keystroke → listbox rendered, ${fmt(g.keystrokes)} keystrokes (median / p95)`,
      `${fmt(g.medianMs, 2)} ms / ${fmt(g.p95Ms, 2)} ms (max ${fmt(g.maxMs, 1)})`,
      `≤ ${g.targetMs} ms`,
      g.p95Ms <= g.targetMs ? 'PASS' : 'FAIL',
    ],
    [
      `  keystroke → next frame (median / p95)`,
      `${fmt(g.frame.medianMs, 1)} ms / ${fmt(g.frame.p95Ms, 1)} ms`,
      'reported',
      '—',
    ],
    ...g.perLength.map((p) => [
      `  ${p.len} character${p.len > 1 ? 's' : ''} typed (median / p95)`,
      `${fmt(p.medianMs, 2)} ms / ${fmt(p.p95Ms, 2)} ms`,
      `≤ ${g.targetMs} ms`,
      p.p95Ms <= g.targetMs ? 'PASS' : 'FAIL',
    ]),
    [
      `  first keystroke right after To took focus (index still building)`,
      `${fmt(g.coldMs, 1)} ms`,
      'reported',
      '—',
    ],
  ];
}

/** Rows for whatever of the compose bench was measured. */
export function composeRows(r) {
  return [
    ...(r.composeOpen ? openRows(r.composeOpen) : []),
    ...(r.composeSend ? sendRows(r.composeSend) : []),
    ...(r.composeSuggest ? suggestRows(r.composeSuggest) : []),
    ...(r.compose
      ? [
          [
            `Compose bench, whole part (setup and sign-in ${fmt(r.compose.setupSeconds, 1)} s)`,
            `${fmt(r.compose.seconds, 1)} s`,
            'reported',
            '—',
          ],
        ]
      : []),
  ];
}
