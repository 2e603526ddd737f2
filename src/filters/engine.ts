// The filter engine (FILTER-1…3): pure, shared by the incoming-mail path, "run now" on a
// folder and the editor's "how many existing messages match" preview.
//
// It follows Sieve's model (RFC 5228 §2.10.2, RFC 5232) so the app and the installed script
// agree on every message:
// - Filters run top to bottom; inactive ones are skipped; `stop` ends the run after the
//   filter that holds it has acted.
// - `move` files the message into a folder and cancels keeping it where it arrived; `copy`
//   files it without cancelling. Several moves file it into each folder (Sieve's fileinto
//   does the same); no move "wins".
// - Tags, mark-read and the spam flag reach the message wherever it ends up, whichever filter
//   set them (the compiler files only after all filters ran, for that reason).
// - Spam (the verdict of the spam detection that runs before) goes to Spam with `$Junk` and no
//   filter runs on it: nothing is forwarded, answered or tagged for a spammer.
import type { MailAddress, Priority } from '../mail/types.js';
import type { Condition, Filter, FolderRef, TemplateRef, TextOperator } from './model.js';
import { isServerAction } from './sides.js';
import { containsFolded, equalsFolded, fold, wildcardMatch } from './wildcard.js';

/** One header, unfolded (RFC 5322 §2.2.3) and with RFC 2047 words decoded. */
export interface FilterHeader {
  key: string;
  value: string;
}

/** What the engine needs of a message: plain data, built by the caller from the parsed mail. */
export interface FilterMessage {
  headers: FilterHeader[];
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  /** Null when the message has no Subject header. */
  subject: string | null;
  /** The readable text of the message (its text parts, HTML turned to text). */
  body: string;
  /** Raw size in bytes. */
  size: number;
  hasAttachment: boolean;
  /**
   * The spam detection's verdict for incoming mail. False when the user runs filters now on
   * existing messages: they chose those messages.
   */
  isSpam: boolean;
}

/** What the filters decided, to be carried out by the caller. */
export interface FilterOutcome {
  /** Ids of the filters whose conditions held, in the order they ran. */
  matched: string[];
  /** The message stays in the folder it arrived in (Sieve's implicit keep). */
  keep: boolean;
  /** Folders to file the message into, in order, each once (by path). */
  fileInto: FolderRef[];
  /** To Trash (a filter's delete). */
  trash: boolean;
  /** To Spam with `$Junk` (the spam verdict or a filter's "mark as spam"). */
  spam: boolean;
  /** Keywords to add, each once. */
  keywords: string[];
  /** Mark read (`\Seen`). */
  seen: boolean;
  comments: string[];
  /** The last priority set, or null when no filter set one. */
  priority: Priority | null;
  /** Addresses to send the message on to (redirect), each once. */
  forwards: string[];
  /** Templates to answer the sender with, each once. */
  replies: TemplateRef[];
  /** A filter's `stop` ended the run. */
  stopped: boolean;
}

export interface RunOptions {
  /**
   * `all` (default): every action. `app`: only the actions the server's Sieve script cannot
   * perform (sides.ts), for mail the installed script already filtered; conditions, order and
   * stops are evaluated all the same, so the app adds exactly what the server left out.
   */
  side?: 'all' | 'app';
  /** The user's own addresses: mail this user already redirected is not forwarded again. */
  ownAddresses?: readonly string[];
}

function textMatches(op: TextOperator, value: string, text: string): boolean {
  switch (op) {
    case 'contains':
      return containsFolded(text, value);
    case 'is':
      return equalsFolded(text, value);
    case 'matches':
      return wildcardMatch(value, text);
  }
}

/** Address fields: `contains` looks at name and address; `is`/`matches` at the address only. */
function addressesMatch(op: TextOperator, value: string, list: readonly MailAddress[]): boolean {
  if (op === 'contains')
    return list.some((a) => containsFolded(a.name, value) || containsFolded(a.address, value));
  return list.some((a) => textMatches(op, value, a.address));
}

function headerValues(message: FilterMessage, name: string): string[] {
  const key = fold(name);
  return message.headers.filter((h) => fold(h.key) === key).map((h) => h.value);
}

/** The condition as written, before its negation. */
function holds(condition: Condition, message: FilterMessage): boolean {
  switch (condition.field) {
    case 'from':
    case 'to':
    case 'cc':
      return addressesMatch(condition.op, condition.value, message[condition.field]);
    case 'subject':
      return (
        message.subject !== null && textMatches(condition.op, condition.value, message.subject)
      );
    case 'body':
      return textMatches(condition.op, condition.value, message.body);
    case 'header':
      return headerValues(message, condition.header).some((v) =>
        textMatches(condition.op, condition.value, v),
      );
    case 'size':
      return condition.op === 'greater'
        ? message.size > condition.bytes
        : message.size < condition.bytes;
    case 'attachment':
      return message.hasAttachment;
  }
}

export function conditionMatches(condition: Condition, message: FilterMessage): boolean {
  return holds(condition, message) !== condition.negate;
}

/**
 * Whether the filter's conditions hold for the message, ignoring whether it is active and
 * the spam verdict: the "how many existing messages match" preview and "run now" use it.
 */
export function matchesFilter(filter: Filter, message: FilterMessage): boolean {
  const test = (c: Condition): boolean => conditionMatches(c, message);
  return filter.join === 'all' ? filter.conditions.every(test) : filter.conditions.some(test);
}

/** Already delivered to, or redirected by, the target: sending it there again would loop. */
function forwardLoops(message: FilterMessage, to: string, own: readonly string[]): boolean {
  const redirectedBy = headerValues(message, 'X-Sieve-Redirected-From');
  return (
    headerValues(message, 'Delivered-To').some((v) => containsFolded(v, to)) ||
    [to, ...own].some((a) => redirectedBy.some((v) => containsFolded(v, a)))
  );
}

function pushOnce<T>(list: T[], item: T, same: (a: T, b: T) => boolean = (a, b) => a === b): void {
  if (!list.some((x) => same(x, item))) list.push(item);
}

export function emptyOutcome(): FilterOutcome {
  return {
    matched: [],
    keep: true,
    fileInto: [],
    trash: false,
    spam: false,
    keywords: [],
    seen: false,
    comments: [],
    priority: null,
    forwards: [],
    replies: [],
    stopped: false,
  };
}

/** Runs the filters in order on one message and returns what they decided. */
export function runFilters(
  filters: readonly Filter[],
  message: FilterMessage,
  options: RunOptions = {},
): FilterOutcome {
  const out = emptyOutcome();
  const appOnly = options.side === 'app';
  if (message.isSpam) {
    // The server's script files spam itself; in the app's pass there is nothing left to do.
    if (!appOnly) {
      out.spam = true;
      out.keep = false;
    }
    return out;
  }
  for (const filter of filters) {
    if (!filter.active || !matchesFilter(filter, message)) continue;
    out.matched.push(filter.id);
    for (const action of filter.actions) {
      if (action.type === 'stop') out.stopped = true;
      if (appOnly && isServerAction(action)) continue;
      switch (action.type) {
        case 'move':
          out.keep = false;
          pushOnce(out.fileInto, action.folder, (a, b) => a.path === b.path);
          break;
        case 'copy':
          pushOnce(out.fileInto, action.folder, (a, b) => a.path === b.path);
          break;
        case 'tag':
          pushOnce(out.keywords, action.keyword);
          break;
        case 'comment':
          out.comments.push(action.text);
          break;
        case 'mark-read':
          out.seen = true;
          break;
        case 'priority':
          out.priority = action.priority;
          break;
        case 'forward':
          // The same loop check as the Sieve script's (sieve-tests.ts forwardLoopTest).
          if (!forwardLoops(message, action.to, options.ownAddresses ?? []))
            pushOnce(out.forwards, fold(action.to));
          break;
        case 'reply':
          pushOnce(
            out.replies,
            action.templateMessageId
              ? { id: action.templateId, messageId: action.templateMessageId }
              : { id: action.templateId },
            (a, b) => a.id === b.id,
          );
          break;
        case 'delete':
          out.trash = true;
          out.keep = false;
          break;
        case 'spam':
          out.spam = true;
          out.keep = false;
          break;
        case 'stop':
          break;
      }
    }
    if (out.stopped) break;
  }
  return out;
}
