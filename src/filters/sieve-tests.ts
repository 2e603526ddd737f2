// Conditions as Sieve tests (RFC 5228 §5), matching the engine's meaning (engine.ts):
// - from/to/cc `contains` → `header :contains`: the decoded header holds both the display
//   name and the address. `is`/`matches` → `address :all`: the address only.
// - subject and any header → `header`; a missing header matches nothing, negated everything.
// - body → `body :text` (RFC 5173): the text parts, compared part by part.
// - size → `size :over` / `:under` (strictly greater / less, in bytes).
// - has attachment → a part whose Content-Disposition is "attachment", or one that is not
//   "inline" and has a Content-Type name parameter (old mailers), found once per message by
//   `foreverypart` (RFC 5703) before the filters run. Unlike the app, the server cannot tell
//   an image embedded in an HTML body that is named but not marked inline from an attachment.
// All comparisons use the default comparator i;ascii-casemap (case-insensitive for ASCII).
import type { Condition, Filter, TextOperator } from './model.js';
import { matchesPattern, number, quote, quoteList } from './sieve-text.js';

/** The variable the attachment scan sets to "1". */
export const ATTACHMENT_VARIABLE = 'buzon_attachment';

/** Header and value pairs by which a server's spam filter marks spam. */
export interface SpamHeader {
  name: string;
  value: string;
}

/** SpamAssassin's `X-Spam-Flag: YES` and Rspamd's `X-Spam: Yes`. */
export const DEFAULT_SPAM_HEADERS: readonly SpamHeader[] = [
  { name: 'X-Spam-Flag', value: 'YES' },
  { name: 'X-Spam', value: 'Yes' },
];

/** Sieve extensions a piece of script needs; collected into the `require`. */
export type Requires = Set<string>;

function matchType(op: TextOperator): string {
  return op === 'contains' ? ':contains' : op === 'is' ? ':is' : ':matches';
}

function key(op: TextOperator, value: string): string {
  return quote(op === 'matches' ? matchesPattern(value) : value);
}

/** The condition as written, before negation. */
function positive(condition: Condition, requires: Requires): string {
  switch (condition.field) {
    case 'from':
    case 'to':
    case 'cc':
      if (condition.op === 'contains')
        return `header :contains ${quote(condition.field)} ${key('contains', condition.value)}`;
      return `address :all ${matchType(condition.op)} ${quote(condition.field)} ${key(condition.op, condition.value)}`;
    case 'subject':
      return `header ${matchType(condition.op)} "subject" ${key(condition.op, condition.value)}`;
    case 'header':
      return `header ${matchType(condition.op)} ${quote(condition.header)} ${key(condition.op, condition.value)}`;
    case 'body':
      requires.add('body');
      return `body :text ${matchType(condition.op)} ${key(condition.op, condition.value)}`;
    case 'size':
      return `size ${condition.op === 'greater' ? ':over' : ':under'} ${number(condition.bytes)}`;
    case 'attachment':
      return `string :is "\${${ATTACHMENT_VARIABLE}}" "1"`;
  }
}

export function conditionTest(condition: Condition, requires: Requires): string {
  const test = positive(condition, requires);
  return condition.negate ? `not ${test}` : test;
}

/** The filter's conditions joined by ALL (allof) or ANY (anyof). */
export function filterTest(filter: Filter, requires: Requires): string {
  const tests = filter.conditions.map((c) => conditionTest(c, requires));
  return `${filter.join === 'all' ? 'allof' : 'anyof'}(${tests.join(', ')})`;
}

export function usesAttachment(filters: readonly Filter[]): boolean {
  return filters.some((f) => f.conditions.some((c) => c.field === 'attachment'));
}

/** Lines that set the attachment variable when some part is an attachment. */
export function attachmentScan(requires: Requires): string[] {
  requires.add('mime');
  requires.add('foreverypart');
  return [
    'foreverypart {',
    '  if anyof(header :mime :matches "Content-Disposition" "attachment*",',
    '           allof(not header :mime :matches "Content-Disposition" "inline*",',
    '                 header :mime :param "name" :matches "Content-Type" "?*")) {',
    `    set "${ATTACHMENT_VARIABLE}" "1";`,
    '    break;',
    '  }',
    '}',
  ];
}

/** True for mail the server's spam filter marked, or that this script already flagged. */
export function spamTest(headers: readonly SpamHeader[], requires: Requires): string {
  requires.add('imap4flags');
  const tests = headers.map((h) => `header :is ${quote(h.name)} ${quote(h.value)}`);
  return `anyof(${[...tests, 'hasflag "$Junk"'].join(', ')})`;
}

/** True for mail a robot or a list sent, which no automatic answer should go to. */
export function bulkTest(): string {
  return (
    'anyof(exists "List-Id", header :is "Precedence" ' +
    quoteList(['bulk', 'list', 'junk']) +
    ', allof(exists "Auto-Submitted", not header :is "Auto-Submitted" "no"))'
  );
}

/**
 * True when sending the message to `to` would close a loop: it was already delivered there
 * (Delivered-To, added by the receiving server) or already redirected by `to` or by us
 * (X-Sieve-Redirected-From, added by Pigeonhole's redirect).
 */
export function forwardLoopTest(to: string, ownAddresses: readonly string[]): string {
  return (
    `anyof(header :contains "Delivered-To" ${quote(to)}, ` +
    `header :contains "X-Sieve-Redirected-From" ${quoteList([to, ...ownAddresses])})`
  );
}
