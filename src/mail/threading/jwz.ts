// Conversation threading for a whole mailbox at once, after Jamie Zawinski's algorithm
// (https://www.jwz.org/doc/threading.html; RFC 5256 § BASE.6.4 "REFERENCES" is its
// formal form). What is kept from it, and what is changed on purpose:
//
// 1. The id table. Every Message-ID a message has or names becomes a node ("container"),
//    whether or not a message with that id is here. A References chain through messages
//    that were deleted or never received still joins the replies around them.
// 2. Linking. A message is joined to every id it names (see links.ts: References bounded
//    to the first and last few, In-Reply-To when References is missing, and as an extra
//    link when it is present but truncated). JWZ builds a parent/child tree here and
//    keeps the first parent it sees when two messages disagree; that makes the grouping
//    depend on the order messages are read, which an index maintained one message at a
//    time (keys.ts) cannot reproduce. The threads view shows a conversation flat, oldest
//    to newest, so only the grouping matters: we keep JWZ's connectivity (a union-find
//    over nodes) and drop the tree. A cycle in References (A names B, B names A) is then
//    just two links between nodes already joined: nothing to detect or break.
// 3. Duplicate Message-IDs. Copies of one message (the same Message-ID, base subject and
//    Date: Inbox and Sent, or a list copy) share one node and are grouped together. A
//    different message reusing a Message-ID gets a synthetic node of its own, so replies
//    to the id join the first message that had it, not the impostor. "First" is the
//    oldest by (date, id) here; keys.ts takes the first to arrive, which only differs when
//    an older impostor arrives after the genuine message.
// 4. Subject fallback, for orphans only and conservatively (JWZ step 5 merges every root
//    set entry by subject; that joins strangers). An orphan is a message whose subject
//    is a reply/forward form ("Re:", "RE:", "Fwd:", "Fw:", "AW:", "WG:", "RV:", "Enc:",
//    "R:", "SV:", "VS:", with list tags and counters like "Re[2]:" ignored) and that has
//    neither References nor In-Reply-To. It joins every message with the same base
//    subject dated up to SUBJECT_MERGE_WINDOW_MS before it, provided that base subject is
//    distinctive (at least MIN_BASE_SUBJECT_CHARS long and not a greeting such as
//    "hello", "hola", "question", "sin asunto"). Two "Meeting" messages without "Re:" are
//    never joined by subject, whoever sent them and whenever.
//
// Runs in O(n log n) (the sort) plus near-linear union-find; no pairwise scans.
import {
  duplicateNode,
  fingerprint,
  noIdNode,
  proposedKey,
  SUBJECT_MERGE_WINDOW_MS,
  subjectLink,
  threadLinks,
} from './links.js';
import { compareByDateThenId } from './types.js';
import type { Thread, ThreadInput } from './types.js';

/** Union-find over dense integer node ids, with path halving and union by size. */
class Nodes {
  readonly #index = new Map<string, number>();
  readonly #parent: number[] = [];
  readonly #size: number[] = [];

  node(id: string): number {
    let n = this.#index.get(id);
    if (n === undefined) {
      n = this.#parent.length;
      this.#index.set(id, n);
      this.#parent.push(n);
      this.#size.push(1);
    }
    return n;
  }

  find(n: number): number {
    const parent = this.#parent;
    while (parent[n] !== n) {
      parent[n] = parent[parent[n]];
      n = parent[n];
    }
    return n;
  }

  union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.#size[ra] < this.#size[rb]) [ra, rb] = [rb, ra];
    this.#parent[rb] = ra;
    this.#size[ra] += this.#size[rb];
  }
}

interface Placed {
  input: ThreadInput;
  node: number;
  links: string[];
  self: string;
}

/** Groups messages into conversations; threads come newest activity first. */
export function threadMessages(inputs: readonly ThreadInput[]): Thread[] {
  // Sorting first makes the result independent of input order, duplicates included.
  const sorted = [...inputs].sort(compareByDateThenId);
  const nodes = new Nodes();
  const holderPrint = new Map<string, string>();
  const placed: Placed[] = [];
  for (const input of sorted) {
    const self = selfNode(input, holderPrint);
    const node = nodes.node(self);
    const links = threadLinks(input);
    for (const id of links) nodes.union(node, nodes.node(id));
    placed.push({ input, node, links, self });
  }
  joinOrphansBySubject(placed, nodes);
  return collect(placed, nodes);
}

function selfNode(input: ThreadInput, holderPrint: Map<string, string>): string {
  if (input.messageId === '') return noIdNode(input.id);
  const print = fingerprint(input);
  const held = holderPrint.get(input.messageId);
  if (held === undefined) {
    holderPrint.set(input.messageId, print);
    return input.messageId;
  }
  return held === print ? input.messageId : duplicateNode(input.messageId, input.id);
}

/**
 * For each orphan, joins every message of the same base subject in the window before it.
 * Per subject the messages are in date order and every window ends at the orphan, so
 * consecutive windows overlap in one already-joined block: each message is joined once.
 */
function joinOrphansBySubject(placed: readonly Placed[], nodes: Nodes): void {
  const bySubject = new Map<string, { date: number; node: number; orphan: boolean }[]>();
  for (const p of placed) {
    const link = subjectLink(p.input, p.links);
    if (!link) continue;
    let list = bySubject.get(link.base);
    if (!list) bySubject.set(link.base, (list = []));
    list.push({ date: p.input.date, node: p.node, orphan: link.orphan });
  }
  for (const list of bySubject.values()) {
    if (!list.some((m) => m.orphan)) continue;
    let lo = 0;
    let hi = 0;
    // Everything in list[blockStart..covered] is already joined with blockNode.
    let covered = -1;
    let blockNode = -1;
    for (const m of list) {
      if (!m.orphan) continue;
      while (list[lo].date < m.date - SUBJECT_MERGE_WINDOW_MS) lo++;
      while (hi + 1 < list.length && list[hi + 1].date <= m.date) hi++;
      let from = lo;
      if (covered >= lo) {
        nodes.union(m.node, blockNode);
        from = covered + 1;
      }
      for (let j = from; j <= hi; j++) nodes.union(m.node, list[j].node);
      covered = Math.max(covered, hi);
      blockNode = m.node;
    }
  }
}

function collect(placed: readonly Placed[], nodes: Nodes): Thread[] {
  const groups = new Map<number, Placed[]>();
  for (const p of placed) {
    const root = nodes.find(p.node);
    const group = groups.get(root);
    if (group) group.push(p);
    else groups.set(root, [p]);
  }
  const threads: { thread: Thread; latest: number }[] = [];
  for (const group of groups.values()) {
    // `placed` is in (date, id) order, so each group already is.
    const first = group[0];
    threads.push({
      thread: {
        key: proposedKey(first.links, first.self),
        ids: group.map((p) => p.input.id),
        rootSubject: first.input.subject,
      },
      latest: group[group.length - 1].input.date,
    });
  }
  threads.sort((a, b) => b.latest - a.latest || compareKeys(a.thread.key, b.thread.key));
  return threads.map((t) => t.thread);
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
