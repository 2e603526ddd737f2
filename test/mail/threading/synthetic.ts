// Deterministic synthetic mailboxes for the property and scale tests: threads of many
// shapes (full References, In-Reply-To only, truncated, messages missing, copies in two
// folders, orphan replies found only by subject, same-subject strangers).
import type { ThreadInput } from '../../../src/mail/threading/types.js';

/** mulberry32: a tiny seeded PRNG, so a failing case can be replayed from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PREFIXES = ['Re: ', 'RE: ', 'AW: ', 'RV: ', 'Fwd: ', 'SV: '];

interface Shape {
  /** Messages in the thread (including ones that will be missing). */
  size: number;
}

/**
 * `threads` conversations starting `spacingDays` apart. Ids are `t<thread>m<index>` and
 * copies get a `c` suffix, so a failure message says which thread broke.
 */
export function syntheticMailbox(
  seed: number,
  threads: number,
  maxSize = 8,
  spacingDays = 3,
): ThreadInput[] {
  const random = rng(seed);
  const out: ThreadInput[] = [];
  for (let t = 0; t < threads; t++) {
    const shape: Shape = { size: 1 + Math.floor(random() * maxSize) };
    // Every fifth thread is another "Budget review", so same-subject strangers are common
    // and orphan replies have several candidates inside the subject window.
    const topic = t % 5 === 0 ? 'Budget review' : `Topic ${t} ${seed}`;
    const start = Date.UTC(2024, 0, 1) + t * spacingDays * DAY;
    const style = Math.floor(random() * 4); // 0 full refs, 1 irt only, 2 truncated, 3 mixed
    const chain: string[] = [];
    for (let i = 0; i < shape.size; i++) {
      const messageId = `t${t}m${i}@example.test`;
      const parentIndex = i === 0 ? -1 : Math.floor(random() * i);
      const ancestry = parentIndex < 0 ? [] : ancestorsOf(chain, parentIndex);
      chain.push(messageId);
      const date = start + i * HOUR + Math.floor(random() * HOUR);
      const input = buildMessage(t, i, messageId, ancestry, style, topic, date, random);
      if (i > 0 && random() < 0.15) continue; // never received: a missing middle
      out.push(input);
      if (random() < 0.05) out.push({ ...input, id: `${input.id}c` }); // a copy in Sent
    }
  }
  return out;
}

/** The References a reply to chain[parent] carries: the parent's ancestry plus the parent. */
function ancestorsOf(chain: string[], parent: number): string[] {
  // The synthetic tree is shallow enough that "all earlier ids up to the parent" is a
  // faithful stand-in for the parent's own References.
  return chain.slice(0, parent + 1);
}

function buildMessage(
  t: number,
  i: number,
  messageId: string,
  ancestry: string[],
  style: number,
  topic: string,
  date: number,
  random: () => number,
): ThreadInput {
  const id = `t${t}m${i}`;
  const subject = i === 0 ? topic : PREFIXES[i % PREFIXES.length] + topic;
  const parent = ancestry.length ? ancestry[ancestry.length - 1] : null;
  let references: string[] = ancestry;
  let inReplyTo = parent;
  const s = style === 3 ? Math.floor(random() * 3) : style;
  if (s === 1) references = [];
  if (s === 2 && ancestry.length > 2) references = [ancestry[0], ancestry[ancestry.length - 1]];
  // Some replies lose every header (a broken client): only the subject can place them.
  if (i > 0 && random() < 0.05) {
    references = [];
    inReplyTo = null;
  }
  const noId = random() < 0.02;
  return {
    id,
    messageId: noId ? '' : messageId,
    inReplyTo,
    references,
    subject,
    date,
  };
}
