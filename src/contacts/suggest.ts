// CONTACTS-1 autosuggest: an in-memory index over the address book and the addresses the
// user wrote to, answering each keystroke from sorted keys and a binary search (no scan of
// every contact). Pure: no DOM, no storage; the ContactService builds it and rebuilds it when
// the data changes.
//
// Ranking ("frecency"). Each message written to an address adds 1 to its weight, and every
// weight halves every HALF_LIFE_MS: weight(now) = Σ 2^(−(now − tᵢ)/H) over the messages'
// times tᵢ. The store keeps it incrementally (`addSend`) as the weight at the last send.
// Because every weight decays by the same factor as time passes, the order never depends
// on "now": weight·2^(−(now − lastAt)/H) sorts like log2(weight) + lastAt/H, which is the
// rank computed once at build. Why a decayed count and not a plain count: someone written
// to weekly this month must beat a long thread from two years ago, and someone written to
// once yesterday must not beat a weekly correspondent.
// Ties (most contacts were never written to, rank −∞) go to a name match before an
// address match, then contacts before bare correspondents, then alphabetical order (a
// card's own addresses in the card's order).
import type { SuggestContact, SuggestCorrespondent, Suggestion } from './suggest-types.js';

/** At most this many lines in the dropdown: what fits under a field without scrolling. */
export const MAX_SUGGESTIONS = 8;

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * A month: last month's regular correspondents come first, while someone written to
 * every week keeps a weight near 1 / (1 − 2^(−7/30)) ≈ 5 in steady state.
 */
export const HALF_LIFE_MS = 30 * DAY_MS;

/** The decayed weight after one more message written at `at` (order of calls free). */
export function addSend(
  prev: { weight: number; lastAt: number } | undefined,
  at: number,
): { weight: number; lastAt: number } {
  if (!prev || prev.lastAt === 0 || prev.weight <= 0) return { weight: 1, lastAt: at };
  if (at >= prev.lastAt)
    return { weight: prev.weight * 2 ** (-(at - prev.lastAt) / HALF_LIFE_MS) + 1, lastAt: at };
  // A send older than the last one (another tab, a late confirmation) counts for less.
  return { weight: prev.weight + 2 ** (-(prev.lastAt - at) / HALF_LIFE_MS), lastAt: prev.lastAt };
}

/** Sorts like the weight decayed to any common "now" (see the header). */
export function rankOf(weight: number, lastAt: number): number {
  return weight > 0 && lastAt > 0 ? Math.log2(weight) + lastAt / HALF_LIFE_MS : -Infinity;
}

/** Case- and accent-insensitive form: "José" and "JOSE" both → "jose". */
export function foldKey(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Word breaks inside a folded name ("garcía-lópez", "o'brien", "ana (trabajo)"). */
const NAME_PARTS = /[-'’.()"]+/;
/** Word breaks inside a local part ("jose.garcia", "ana_perez+news"). */
const LOCAL_PARTS = /[._+-]+/;
/** What separates words the user types: spaces and the field's own punctuation. */
const TYPED_BREAKS = /[\s,;<>"]+/;

/** 0: a first/last name or a word of the name; 1: the address or a word of its local part. */
type Tier = 0 | 1;

interface Entry {
  name: string;
  address: string;
  contactId: string | null;
  rank: number;
  /** Every key of this entry, for the later words of a several-word prefix. */
  keys: string[];
  /** Folded name (else address) for the alphabetical tie-break. */
  sortKey: string;
}

function nameWords(name: string): string[] {
  const out: string[] = [];
  for (const word of foldKey(name).split(/\s+/)) {
    if (!word) continue;
    out.push(word);
    const parts = word.split(NAME_PARTS).filter(Boolean);
    if (parts.length > 1 || parts[0] !== word) out.push(...parts);
  }
  return out;
}

function addressWords(address: string): string[] {
  const folded = foldKey(address);
  const local = folded.slice(0, Math.max(folded.lastIndexOf('@'), 0));
  return [folded, ...local.split(LOCAL_PARTS).slice(1).filter(Boolean)];
}

/** A person's name as shown: first and last, else the organization; '' when neither. */
function contactName(c: SuggestContact): string {
  return `${c.firstName.trim()} ${c.lastName.trim()}`.trim() || c.organization.trim();
}

export class SuggestIndex {
  /** Folded keys in code-unit order; `owner[i]` and `tier[i]` describe `keys[i]`. */
  private readonly keys: string[] = [];
  private readonly owner: Int32Array;
  private readonly tier: Uint8Array;
  private readonly entries: Entry[];
  /** Per-query marks, so an entry matched by several keys is counted once. */
  private readonly stamp: Uint32Array;
  private readonly bestTier: Uint8Array;
  private query = 0;

  private constructor(entries: Entry[], rows: { key: string; entry: number; tier: Tier }[]) {
    rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.tier - b.tier));
    this.entries = entries;
    this.owner = new Int32Array(rows.length);
    this.tier = new Uint8Array(rows.length);
    rows.forEach((r, i) => {
      this.keys.push(r.key);
      this.owner[i] = r.entry;
      this.tier[i] = r.tier;
    });
    this.stamp = new Uint32Array(entries.length);
    this.bestTier = new Uint8Array(entries.length);
  }

  /** One entry per address: a contact's addresses first, correspondents merged into them. */
  static build(
    contacts: readonly SuggestContact[],
    correspondents: readonly SuggestCorrespondent[],
  ): SuggestIndex {
    const entries: Entry[] = [];
    const byAddress = new Map<string, number>();
    const rows: { key: string; entry: number; tier: Tier }[] = [];
    const add = (e: Omit<Entry, 'keys' | 'sortKey'>, names: string[]) => {
      const i = entries.length;
      const seen = new Map<string, Tier>();
      for (const k of names) if (k) seen.set(k, 0);
      for (const k of addressWords(e.address)) if (!seen.has(k)) seen.set(k, 1);
      for (const [key, tier] of seen) rows.push({ key, entry: i, tier });
      entries.push({ ...e, keys: [...seen.keys()], sortKey: foldKey(e.name || e.address) });
      byAddress.set(e.address.toLowerCase(), i);
    };
    for (const c of contacts) {
      const name = contactName(c);
      const names = [foldKey(c.firstName.trim()), foldKey(c.lastName.trim()), ...nameWords(name)];
      for (const { address } of c.emails) {
        const trimmed = address.trim();
        if (!trimmed || byAddress.has(trimmed.toLowerCase())) continue;
        add({ name, address: trimmed, contactId: c.id, rank: -Infinity }, names);
      }
    }
    for (const r of correspondents) {
      const at = byAddress.get(r.address.toLowerCase());
      const rank = rankOf(r.weight, r.lastAt);
      const known = at === undefined ? undefined : entries[at];
      if (known) {
        // Deduped: the contact's line, ranked by how often the user wrote to this address.
        known.rank = rank;
      } else {
        add({ name: r.name.trim(), address: r.address, contactId: null, rank }, nameWords(r.name));
      }
    }
    return new SuggestIndex(entries, rows);
  }

  /** How many lines the index can offer (one per distinct address). */
  get size(): number {
    return this.entries.length;
  }

  /**
   * The best `limit` entries whose name or address has a word starting with each typed
   * word. The first typed word is looked up by binary search; later words filter.
   */
  suggest(prefix: string, limit = MAX_SUGGESTIONS): Suggestion[] {
    const words = foldKey(prefix).split(TYPED_BREAKS).filter(Boolean);
    const [lead, ...rest] = words;
    if (!lead || limit <= 0) return [];
    // Wraps after 2³² queries; a stale mark then only risks one repeated candidate check.
    this.query = (this.query + 1) >>> 0 || 1;
    const q = this.query;
    const candidates: number[] = [];
    for (let i = this.lowerBound(lead); i < this.keys.length; i++) {
      const key = this.keys[i] as string;
      if (!key.startsWith(lead)) break;
      const e = this.owner[i] as number;
      const t = this.tier[i] as number;
      if (this.stamp[e] !== q) {
        this.stamp[e] = q;
        this.bestTier[e] = t;
        candidates.push(e);
      } else if (t < (this.bestTier[e] as number)) this.bestTier[e] = t;
    }
    const top: number[] = [];
    for (const e of candidates) {
      if (rest.length > 0) {
        const keys = (this.entries[e] as Entry).keys;
        if (!rest.every((w) => keys.some((k) => k.startsWith(w)))) continue;
      }
      // Keeps the best `limit` in order: one comparison per candidate in the usual case.
      if (top.length === limit && this.compare(e, top[limit - 1] as number) >= 0) continue;
      let at = top.length === limit ? limit - 1 : top.length;
      while (at > 0 && this.compare(e, top[at - 1] as number) < 0) at--;
      top.splice(at, 0, e);
      if (top.length > limit) top.pop();
    }
    return top.map((i) => {
      const { name, address, contactId } = this.entries[i] as Entry;
      return { name, address, contactId };
    });
  }

  /** Negative when entry `a` should be listed before `b` (the header's order). */
  private compare(a: number, b: number): number {
    const ea = this.entries[a] as Entry;
    const eb = this.entries[b] as Entry;
    if (ea.rank !== eb.rank) return ea.rank > eb.rank ? -1 : 1;
    const ta = this.bestTier[a] as number;
    const tb = this.bestTier[b] as number;
    if (ta !== tb) return ta - tb;
    if ((ea.contactId === null) !== (eb.contactId === null)) return ea.contactId === null ? 1 : -1;
    if (ea.sortKey !== eb.sortKey) return ea.sortKey < eb.sortKey ? -1 : 1;
    // Same name: a contact's addresses in the order the card lists them.
    return a - b;
  }

  /** The first position whose key is ≥ `key`. */
  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.keys[mid] as string) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
