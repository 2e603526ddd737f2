// Carries out what the filters decided for one stored message (FilterOutcome, engine.ts):
// shared by "run now" and the incoming-mail processor (src/state/incoming/), so its deps are
// explicit and it never throws for one failed action: each failure is named in `problems`
// and the other actions still happen (a tag is not lost because a forward could not leave).
//
// Order: annotations first (tags, read, priority, comment) so every copy carries them; then
// the answers (forward, reply), which read the message where it is; then copies; the move
// last. Where a message ends up: Spam (spam verdict or "mark as spam") before Trash (delete)
// before the first folder of `fileInto`; every other folder in `fileInto` gets a copy.
import type { FilterOutcome } from '../../filters/engine.js';
import type { FolderRef } from '../../filters/model.js';
import type { MailAddress, MailParser, ParsedMessage } from '../../mail/types.js';
import { isUnparseable } from '../../mail/types.js';
import { canonicalAddress } from '../../mail/reply.js';
import type { BuzonDb } from '../../store/db.js';
import { byIdMap, pathNames } from '../../store/folder-rules.js';
import { getBody, moveEmails, putKeyword } from '../../store/repos/emails.js';
import { copyEmailTo, setEmailPriority } from '../../store/repos/filter-writes.js';
import { listMailboxes } from '../../store/repos/mailboxes.js';
import type { MailboxRecord } from '../../store/records.js';
import { markTarget } from '../spam-folders.js';
import type { CommentServiceLoader, ComposeService } from '../types.js';

/** The keyword of "mark as spam" (SPAM-2), as the store keeps keywords (lower case). */
export const JUNK_KEYWORD = '$junk';

export interface OutcomeDeps {
  db: BuzonDb;
  now: () => number;
  /** Parses the stored bytes for a forward or a reply (the worker parser in the app). */
  parser: Pick<MailParser, 'parse'>;
  /** COMMENT-1; without it a comment action is a problem. */
  comments?: CommentServiceLoader;
  /** SEND-*: forward and reply; absent or unable to send (local mailbox) → a problem. */
  compose?: () => Promise<ComposeService | undefined>;
}

export interface OutcomeReport {
  /** Local folder id the message is in afterwards. */
  folderId: string;
  /** Ids of copies made into other folders. */
  copies: string[];
  /** Actions that could not be carried out, as sentences (the message is not lost). */
  problems: string[];
}

/** The local folder a filter names: its id when it still exists, else the same path. */
export function resolveFolder(
  ref: FolderRef,
  mailboxes: readonly MailboxRecord[],
): MailboxRecord | null {
  const byId = byIdMap(mailboxes);
  const hit = ref.id ? byId.get(ref.id) : undefined;
  if (hit) return hit;
  const wanted = normalisePath(ref.path);
  return mailboxes.find((m) => normalisePath(pathNames(byId, m.id).join('/')) === wanted) ?? null;
}

/** `INBOX/x` (IMAP) and `Inbox/x` (local names) are the same folder. */
function normalisePath(path: string): string {
  return path.replace(/^inbox(?=\/|$)/i, 'INBOX');
}

function roleFolder(mailboxes: readonly MailboxRecord[], role: 'spam' | 'trash'): string | null {
  return mailboxes.find((m) => m.role === role)?.id ?? null;
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Precedence values of list and bulk mail (RFC 3834 §3.1.8; the script's vacation rule). */
const BULK_PRECEDENCE = new Set(['bulk', 'list', 'junk']);
/** Senders that are software, not people (RFC 5230 §4.6: MAILER-DAEMON, owner-x, x-request). */
const SOFTWARE_SENDER = /^(mailer-daemon|owner-.+|.+-request)$/i;

function headerOf(parsed: ParsedMessage, name: string): string[] {
  const key = name.toLowerCase();
  return parsed.headers.filter((h) => h.key.toLowerCase() === key).map((h) => h.value.trim());
}

/**
 * RFC 3834 §2: an automatic answer goes to a person, never to mail that is itself automatic
 * (Auto-Submitted other than "no"), a list's or bulk mail (List-Id, Precedence — the rule the
 * server's vacation follows, filters/sieve-tests.ts bulkTest), a bounce (empty Return-Path)
 * or software. Nor to the user: the reply carries no Auto-Submitted header, so a reply to
 * one's own message would come back in and be answered again, for ever.
 */
function mustNotAnswer(parsed: ParsedMessage, own: ReadonlySet<string>): boolean {
  const lower = (v: string) => v.toLowerCase();
  const autoSubmitted = headerOf(parsed, 'Auto-Submitted').map((v) => lower(v.split(';')[0] ?? ''));
  if (autoSubmitted.some((v) => v.trim() !== 'no')) return true;
  if (headerOf(parsed, 'List-Id').length > 0) return true;
  if (headerOf(parsed, 'Precedence').some((v) => BULK_PRECEDENCE.has(lower(v)))) return true;
  if (headerOf(parsed, 'Return-Path').some((v) => v.replace(/\s/g, '') === '<>')) return true;
  return parsed.summary.from.some(
    (a) =>
      own.has(canonicalAddress(a.address)) || SOFTWARE_SENDER.test(a.address.split('@')[0] ?? ''),
  );
}

async function sendAnswers(
  deps: OutcomeDeps,
  emailId: string,
  outcome: FilterOutcome,
  problems: string[],
): Promise<void> {
  if (outcome.forwards.length === 0 && outcome.replies.length === 0) return;
  const compose = await deps.compose?.();
  if (!compose?.canSend()) {
    problems.push('This mailbox cannot send, so forwards and replies were not sent.');
    return;
  }
  const parsed = await deps.parser.parse(await getBody(deps.db, emailId));
  if (isUnparseable(parsed)) {
    problems.push(`The message could not be read to answer it: ${parsed.error}`);
    return;
  }
  const original = { id: emailId, parsed };
  const fallback = async (): Promise<MailAddress | undefined> => (await compose.senders())[0];
  for (const to of outcome.forwards) {
    try {
      // The original goes on unchanged, attached as a .eml (SEND-6); Sieve's redirect is the
      // server's way, this is the app's when it forwards mail the server did not.
      const { from, draft } = await compose.respond(original, 'forward-attached');
      const sender = from ?? (await fallback());
      if (!sender) throw new Error('no sender address');
      await compose.send(sender, { ...draft, to: [{ name: '', address: to }] });
    } catch (err) {
      problems.push(`Could not forward to ${to}: ${reason(err)}`);
    }
  }
  if (outcome.replies.length === 0) return;
  // ACCOUNT-2: the user's plus-addresses are hers too (`ana+pedidos@…` is `ana@…`).
  const own = new Set((await compose.senders()).map((s) => canonicalAddress(s.address)));
  // Not answering automatic mail is the rule, as for the away message: nothing to report.
  if (mustNotAnswer(parsed, own)) return;
  for (const template of outcome.replies) {
    try {
      const { from, draft } = await compose.useTemplate(template, original);
      const sender = from ?? (await fallback());
      if (!sender) throw new Error('no sender address');
      // A Reply-To naming the user herself would loop the same way as her own message.
      const to = draft.to.filter((a) => !own.has(canonicalAddress(a.address)));
      if (to.length === 0) continue;
      await compose.send(sender, { ...draft, to, autoSubmitted: 'auto-replied' });
    } catch (err) {
      problems.push(`Could not send the reply: ${reason(err)}`);
    }
  }
}

export async function applyFilterOutcome(
  deps: OutcomeDeps,
  emailId: string,
  outcome: FilterOutcome,
): Promise<OutcomeReport> {
  const { db } = deps;
  const problems: string[] = [];
  const ids = [emailId];
  const keywords = [...outcome.keywords];
  if (outcome.spam) keywords.push(JUNK_KEYWORD);
  if (outcome.seen) keywords.push('$seen');
  for (const k of keywords) await putKeyword(db, ids, k, true);
  if (outcome.priority !== null) await setEmailPriority(db, ids, outcome.priority);
  for (const text of outcome.comments) {
    try {
      const comments = await deps.comments?.();
      if (!comments) throw new Error('comments are not available here');
      await comments.addComment(emailId, text);
    } catch (err) {
      problems.push(`Could not add the comment: ${reason(err)}`);
    }
  }
  try {
    await sendAnswers(deps, emailId, outcome, problems);
  } catch (err) {
    problems.push(`Could not answer the message: ${reason(err)}`);
  }

  const mailboxes = await listMailboxes(db);
  const targets: string[] = [];
  for (const ref of outcome.fileInto) {
    const folder = resolveFolder(ref, mailboxes);
    if (folder) targets.push(folder.id);
    else problems.push(`The folder "${ref.path}" does not exist.`);
  }
  let home: string | null = null;
  const at = (await db.emails.get(emailId))?.mailboxId;
  // SPAM-1/2: another account's mail goes to that account's own Junk when it has one.
  if (outcome.spam)
    home = at ? markTarget(byIdMap(mailboxes), at, 'spam') : roleFolder(mailboxes, 'spam');
  else if (outcome.trash) home = roleFolder(mailboxes, 'trash');
  else if (!outcome.keep) home = targets.shift() ?? null;

  const copies: string[] = [];
  for (const target of targets) {
    if (target === home) continue;
    const id = await copyEmailTo(db, emailId, target, deps.now());
    if (id) copies.push(id);
  }
  if (home) await moveEmails(db, ids, home, deps.now());
  const row = await db.emails.get(emailId);
  return { folderId: row?.mailboxId ?? home ?? '', copies, problems };
}
