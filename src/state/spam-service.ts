// SpamService (SPAM-1, SPAM-2): the user's "Spam" / "Not spam" marks — a move to the
// account's Spam folder or Inbox, the `$junk` / `$notjunk` keywords the sync sends as IMAP
// `$Junk` / `$NotJunk`, and a lesson for the local classifier — and the verdict on new mail
// that the incoming-mail processor asks for. Loaded on first use (lazy-spam-service.ts).
import type { MailParser, ParsedMessage } from '../mail/types.js';
import { isUnparseable } from '../mail/types.js';
import { BayesClassifier } from '../spam/bayes.js';
import { spamInputFromParsed } from '../spam/from-parsed.js';
import { LearntMarks } from '../spam/learnt.js';
import { parseModel, serializeModel } from '../spam/model-store.js';
import { tokenize } from '../spam/tokenize.js';
import type { SpamLabel } from '../spam/types.js';
import { decide, hasNotJunkMark, serverVerdict } from '../spam/verdict.js';
import type { ServerVerdictResult } from '../spam/verdict.js';
import type { BuzonDb } from '../store/db.js';
import { byIdMap } from '../store/folder-rules.js';
import type { EmailRecord } from '../store/records.js';
import { getBodies, getEmails, moveEmails, putKeyword } from '../store/repos/emails.js';
import { listMailboxes } from '../store/repos/mailboxes.js';
import { getSpamState, putSpamState } from '../store/repos/spam-model.js';
import { isSpamFolderOf, markTarget } from './spam-folders.js';
import type {
  ClassifyHints,
  SpamClassification,
  SpamMarkReport,
  SpamService,
} from './spam-types.js';

export interface SpamServiceDeps {
  db: BuzonDb;
  /** The app's parser (the worker pool in the browser, inline in Node). */
  parser: MailParser;
  now: () => number;
  /** A synced message's bytes when they are not on this device yet (the sync service). */
  fetchBody?: (id: string) => Promise<Uint8Array>;
  /** How long after a lesson the model is saved (tests shorten it). */
  saveDelayMs?: number;
}

/**
 * A model is saved this long after the last lesson: marking a dozen messages one by one
 * writes the (up to a few MB) model once rather than a dozen times. A tab closed inside the
 * delay loses those lessons and their record together, so the next mark learns them again.
 */
export const SAVE_DELAY_MS = 2_000;
/**
 * Bodies parsed at once while learning: enough to keep the worker pool (up to 4) busy, few
 * enough that a mark of thousands of messages does not hold thousands of parses in memory.
 */
const PARSE_BATCH = 8;

const KEYWORD_FOR: Record<SpamLabel, { set: string; clear: string }> = {
  spam: { set: '$junk', clear: '$notjunk' },
  ham: { set: '$notjunk', clear: '$junk' },
};

interface Memory {
  classifier: BayesClassifier;
  learnt: LearntMarks;
}

export function createSpamService(deps: SpamServiceDeps): SpamService {
  const { db, parser } = deps;
  const saveDelay = deps.saveDelayMs ?? SAVE_DELAY_MS;
  let memory: Promise<Memory> | null = null;
  /** Lessons run one batch at a time, so two clicks on one message cannot both learn it. */
  let lessons: Promise<unknown> = Promise.resolve();
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  let dirty = false;

  const load = (): Promise<Memory> =>
    (memory ??= getSpamState(db).then(
      (s) => ({
        classifier: new BayesClassifier(parseModel(s.model)),
        learnt: LearntMarks.fromStored(s.learnt),
      }),
      (err: unknown) => {
        memory = null;
        throw err;
      },
    ));

  async function save(): Promise<void> {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = null;
    if (!dirty || !memory) return;
    dirty = false;
    const m = await memory;
    await putSpamState(db, {
      model: serializeModel(m.classifier.model),
      learnt: m.learnt.toStored(),
    });
  }

  function scheduleSave(): void {
    dirty = true;
    if (saveTimer) clearTimeout(saveTimer);
    // A failed save leaves `dirty` set: the next lesson or flush() tries again.
    saveTimer = setTimeout(() => void save().catch(() => (dirty = true)), saveDelay);
  }

  /** The message's bytes, or null when they cannot be had now. */
  async function bodiesOf(ids: readonly string[]): Promise<(Uint8Array | null)[]> {
    const stored = await getBodies(db, ids);
    return Promise.all(
      ids.map(async (id, i) => {
        const raw = stored[i];
        if (raw) return raw;
        if (!deps.fetchBody) return null;
        return deps.fetchBody(id).catch(() => null);
      }),
    );
  }

  async function tokensOf(raw: Uint8Array): Promise<string[] | null> {
    const parsed = await parser.parse(raw);
    return isUnparseable(parsed) ? null : tokenize(spamInputFromParsed(parsed));
  }

  /** Teaches `label` from each message not already learnt so; returns [learnt, unreadable]. */
  async function learn(ids: readonly string[], label: SpamLabel): Promise<[number, number]> {
    const m = await load();
    let learnt = 0;
    let unreadable = 0;
    const todo = ids.filter((id) => m.learnt.get(id) !== label);
    for (let i = 0; i < todo.length; i += PARSE_BATCH) {
      const batch = todo.slice(i, i + PARSE_BATCH);
      const bodies = await bodiesOf(batch);
      const tokens = await Promise.all(bodies.map((raw) => (raw ? tokensOf(raw) : null)));
      // In the order given, so the same marks always build the same model.
      for (const [j, id] of batch.entries()) {
        const t = tokens[j];
        if (!t) {
          unreadable++;
          continue;
        }
        m.classifier.relearn(t, m.learnt.get(id), label);
        m.learnt.set(id, label);
        learnt++;
      }
    }
    if (learnt > 0) scheduleSave();
    return [learnt, unreadable];
  }

  async function mark(ids: readonly string[], label: SpamLabel): Promise<SpamMarkReport> {
    const rows = (await getEmails(db, ids)).filter((e): e is EmailRecord => e !== undefined);
    const byId = byIdMap(await listMailboxes(db));
    const groups = new Map<string, string[]>();
    let moved = 0;
    for (const row of rows) {
      const target = markTarget(byId, row.mailboxId, label);
      if (target === null || target === row.mailboxId) continue;
      groups.set(target, [...(groups.get(target) ?? []), row.id]);
      moved++;
    }
    const found = rows.map((r) => r.id);
    // The keywords first: a message in Spam always carries $junk, even if the move failed.
    const { set, clear } = KEYWORD_FOR[label];
    await putKeyword(db, found, set, true);
    await putKeyword(db, found, clear, false);
    for (const [target, group] of groups) await moveEmails(db, group, target, deps.now());
    const run = lessons.then(() => learn(found, label));
    lessons = run.catch(() => undefined);
    const [learnt, unreadable] = await run;
    return { marked: found.length, moved, learnt, unreadable };
  }

  async function verdictOf(
    tokens: string[] | null,
    server: ServerVerdictResult,
  ): Promise<SpamClassification> {
    if (server.verdict === 'spam') return { verdict: 'spam', reason: server.reason };
    const { classifier } = await load();
    const score = tokens ? classifier.score(tokens) : null;
    const p = score ? score.probability.toFixed(3) : '';
    if (decide(server.verdict, score) === 'spam') {
      return { verdict: 'spam', reason: `local classifier ${p}` };
    }
    if (score?.verdict === 'ham') return { verdict: 'ham', reason: `local classifier ${p}` };
    if (server.verdict === 'ham') return { verdict: 'ham', reason: server.reason };
    const { nham, nspam } = classifier.model;
    const minimum = classifier.options.minPerClass;
    const reason = !score
      ? 'unparseable'
      : nham < minimum || nspam < minimum
        ? `local classifier still learning (${nham} ham, ${nspam} spam)`
        : `local classifier unsure ${p}`;
    return { verdict: 'unknown', reason };
  }

  const notJunk = (hints: ClassifyHints): SpamClassification | null =>
    hasNotJunkMark(hints.keywords ?? [])
      ? { verdict: 'ham', reason: 'marked not spam ($notjunk)' }
      : null;

  async function classifyParsed(
    parsed: ParsedMessage,
    hints: ClassifyHints = {},
  ): Promise<SpamClassification> {
    const userMark = notJunk(hints);
    if (userMark) return userMark;
    const server = serverVerdict(hints.headers ?? parsed.headers, hints.keywords ?? []);
    if (server.verdict === 'spam') return { verdict: 'spam', reason: server.reason };
    return verdictOf(tokenize(spamInputFromParsed(parsed)), server);
  }

  return {
    markSpam: (ids) => mark(ids, 'spam'),
    markNotSpam: (ids) => mark(ids, 'ham'),
    async classify(raw, hints = {}) {
      const userMark = notJunk(hints);
      if (userMark) return userMark;
      // The server's word needs no parse when the caller has the headers already.
      const known = serverVerdict(hints.headers ?? [], hints.keywords ?? []);
      if (known.verdict === 'spam') return { verdict: 'spam', reason: known.reason };
      const parsed = await parser.parse(raw);
      if (!isUnparseable(parsed)) return classifyParsed(parsed, hints);
      return verdictOf(null, known);
    },
    classifyParsed,
    async isSpamFolder(folderId) {
      return isSpamFolderOf(byIdMap(await listMailboxes(db)), folderId);
    },
    async getModelStats() {
      const { model } = (await load()).classifier;
      return { ham: model.nham, spam: model.nspam, tokens: model.tokens.size };
    },
    async flush() {
      await lessons;
      await save();
    },
  };
}
