// SPAM-1: the server's spam verdict, read from the headers its filter added (SpamAssassin,
// rspamd) and from the `$Junk` keyword a Sieve script or another client set; and the rule
// that combines it with the local classifier and the user's own mark.
import type { SpamHeader } from './types.js';
import type { SpamScore } from './bayes.js';

export type ServerVerdict = 'spam' | 'ham' | 'unknown';

export interface ServerVerdictResult {
  verdict: ServerVerdict;
  /** The header or keyword that decided, e.g. "X-Spam-Flag: YES"; empty when unknown. */
  reason: string;
}

/**
 * X-Spam-Level stars at which a message counts as spam when nothing else says: one star per
 * point of score, and 5.0 is SpamAssassin's default required_score.
 */
export const SPAM_LEVEL_STARS = 5;
/** rspamd actions that mean "this is spam" (reject and soft reject are refused mail that got through anyway). */
const RSPAMD_SPAM_ACTIONS = new Set(['reject', 'soft reject', 'add header', 'rewrite subject']);
/** Field values read: a verdict is at the start of a short value. */
const MAX_VALUE = 200;

const lower = (s: string) => s.slice(0, MAX_VALUE).trim().toLowerCase();

function fieldVerdict(key: string, raw: string): ServerVerdict {
  const value = lower(raw);
  switch (key) {
    case 'x-spam-flag': // SpamAssassin: YES / NO
    case 'x-spam': // rspamd's milter header: Yes / No
      return /^(yes|true)\b/.test(value) ? 'spam' : /^(no|false)\b/.test(value) ? 'ham' : 'unknown';
    case 'x-spam-status': // SpamAssassin: "Yes, score=7.2 required=5.0 tests=…"
      return /^yes\b/.test(value) ? 'spam' : /^no\b/.test(value) ? 'ham' : 'unknown';
    case 'x-spam-action': // rspamd: "no action", "greylist", "add header", "rewrite subject", …
    case 'x-rspamd-action': // the same, as rspamd's milter_headers module names it
      if (RSPAMD_SPAM_ACTIONS.has(value)) return 'spam';
      return value === 'no action' ? 'ham' : 'unknown';
    case 'x-spamd-result':
      // rspamd: "default: True [15.10 / 15.00]; …". True means spam; False only means the
      // reject score was not reached (an "add header" spam still says False), so it is no verdict.
      return /^default:\s*true\b/.test(value) ? 'spam' : 'unknown';
    default:
      return 'unknown';
  }
}

/**
 * The server's verdict. Any spam signal wins over any ham signal: a sender can forge
 * "X-Spam-Flag: NO" into its own mail but gains nothing by forging a YES, and a message can
 * pass several filters. For the same reason decide() never lets a server 'ham' override the
 * classifier. X-Spam-Level counts only when no explicit verdict is present.
 */
export function serverVerdict(
  headers: readonly SpamHeader[],
  keywords: readonly string[] = [],
): ServerVerdictResult {
  const junk = keywords.find((k) => ['$junk', 'junk'].includes(k.toLowerCase()));
  if (junk) return { verdict: 'spam', reason: `keyword ${junk}` };
  let ham: ServerVerdictResult | null = null;
  let stars: ServerVerdictResult | null = null;
  for (const h of headers) {
    const key = h.key.trim().toLowerCase();
    const verdict = fieldVerdict(key, h.value);
    const reason = `${h.key.trim()}: ${h.value.slice(0, MAX_VALUE).trim()}`;
    if (verdict === 'spam') return { verdict, reason };
    if (verdict === 'ham') ham ??= { verdict, reason };
    if (key === 'x-spam-level' && !stars) {
      const n = (/^\s*(\*+)/.exec(h.value)?.[1] ?? '').length;
      stars = { verdict: n >= SPAM_LEVEL_STARS ? 'spam' : 'ham', reason };
    }
  }
  return ham ?? stars ?? { verdict: 'unknown', reason: '' };
}

/** True when the keywords hold the user's "not spam" mark ($NotJunk, or NonJunk from older clients). */
export function hasNotJunkMark(keywords: readonly string[]): boolean {
  return keywords.some((k) => ['$notjunk', 'notjunk', 'nonjunk'].includes(k.toLowerCase()));
}

/**
 * Where incoming mail goes (SPAM-1), in this order:
 * 1. the user marked it not spam ($NotJunk) → Inbox, whatever anyone else says;
 * 2. the server says spam (headers or $Junk) → Spam;
 * 3. the local classifier says spam (above its tuned cut-off) → Spam;
 * 4. otherwise → Inbox, 'unsure' included. A server 'ham' is not a pass: it can be forged.
 */
export function decide(
  server: ServerVerdict,
  classifier: SpamScore | null,
  userNotJunk = false,
): 'spam' | 'inbox' {
  if (userNotJunk) return 'inbox';
  if (server === 'spam') return 'spam';
  if (classifier?.verdict === 'spam') return 'spam';
  return 'inbox';
}
