// The script's fixed blocks, before any filter: spam (SPAM-1), the away message (FILTER-4)
// and automatic forwarding (FILTER-5).
//
// Away message, never to spam or robots: besides what Pigeonhole's vacation already refuses
// (no reply to a null sender, mailer-daemon, `-request`/`owner-` senders, list headers,
// Auto-Submitted or Precedence bulk mail, or mail not addressed to one of :addresses —
// RFC 5230 §4.5-4.6 and Pigeonhole's defaults), the script tests spam, List-Id, Precedence and
// Auto-Submitted itself, so the rule holds on any Sieve server. :days gives "once per sender
// per N days" (the server keeps the record); :handle names this away period and text, so a
// new absence or a new text is sent afresh.
// No :from: the server answers from the address the mail was sent to, which is right for
// aliases.
//
// Forwarding loops: Pigeonhole refuses to redirect the same message twice (its duplicate
// record of redirects, sieve_redirect_duplicate_period), caps redirects per message
// (sieve_max_redirects) and marks what it redirects with X-Sieve-Redirected-From. The script
// adds, portable to any server: no redirect of spam, none of mail already delivered to the
// target (Delivered-To) or already redirected by the target or by this user
// (X-Sieve-Redirected-From). The user still gets a warning (forwardWarnings): a target that
// forwards back to a server without such checks can still loop.
import type { AwaySettings, ForwardSettings } from './model.js';
import { fnv1a } from './checksum.js';
import { comment, multiline, number, quote, quoteList } from './sieve-text.js';
import type { Requires, SpamHeader } from './sieve-tests.js';
import { bulkTest, forwardLoopTest, spamTest } from './sieve-tests.js';

/** A numeric zone as RFC 5260 §4.1 `:zone` takes it, e.g. "+0100". */
const ZONE = /^[+-](?:[01]\d|2[0-3])[0-5]\d$/;

export class SieveOptionsError extends Error {
  override name = 'SieveOptionsError';
}

export function checkZone(zone: string | undefined): void {
  if (zone !== undefined && !ZONE.test(zone))
    throw new SieveOptionsError(`not a numeric time zone: ${zone}`);
}

/** Spam goes to the Spam folder with $Junk and no filter runs on it. */
export function spamBlock(
  headers: readonly SpamHeader[],
  junkFolder: string,
  requires: Requires,
): string[] {
  requires.add('fileinto');
  return [
    '# Spam (SPAM-1): filters run after spam detection and never on spam.',
    `if ${spamTest(headers, requires)} {`,
    '  addflag "$Junk";',
    `  fileinto ${quote(junkFolder)};`,
    '  stop;',
    '}',
  ];
}

function dateTests(away: AwaySettings, zone: string | undefined, requires: Requires): string[] {
  const zoneTag = zone === undefined ? '' : `:zone ${quote(zone)} `;
  const tests: string[] = [];
  if (away.start !== null)
    tests.push(`currentdate ${zoneTag}:value "ge" "date" ${quote(away.start)}`);
  if (away.end !== null) tests.push(`currentdate ${zoneTag}:value "le" "date" ${quote(away.end)}`);
  if (tests.length > 0) {
    requires.add('date');
    requires.add('relational');
  }
  return tests;
}

export function awayBlock(
  away: AwaySettings,
  spamHeaders: readonly SpamHeader[],
  zone: string | undefined,
  requires: Requires,
): string[] {
  requires.add('vacation');
  const tests = [
    ...dateTests(away, zone, requires),
    `not ${spamTest(spamHeaders, requires)}`,
    `not ${bulkTest()}`,
  ];
  const handle = `buzon-away-${away.start ?? 'open'}-${fnv1a(away.subject + '\n' + away.text)}`;
  const args = [`:days ${number(away.days)}`];
  if (away.subject !== '') args.push(`:subject ${quote(away.subject)}`);
  if (away.addresses.length > 0) args.push(`:addresses ${quoteList(away.addresses)}`);
  args.push(`:handle ${quote(handle)}`);
  // The reason is the last argument; `text:` ends with its own line break, then the `;`.
  return [
    '# Away message (FILTER-4): not to spam, lists or robots; once per sender per period.',
    `if allof(${tests.join(', ')}) {`,
    `  vacation ${args.join(' ')} ${multiline(away.text)};`,
    '}',
  ];
}

export function forwardBlock(
  forward: ForwardSettings,
  ownAddresses: readonly string[],
  spamHeaders: readonly SpamHeader[],
  requires: Requires,
): string[] {
  const lines = [
    comment(
      `Forwarding (FILTER-5) to ${forward.to}${forward.keepCopy ? ', keeping a copy' : ', without a copy'}; not spam, not in a loop.`,
    ),
    `if not anyof(${spamTest(spamHeaders, requires)}, ${forwardLoopTest(forward.to, ownAddresses)}) {`,
  ];
  if (forward.keepCopy) {
    requires.add('copy');
    lines.push(`  redirect :copy ${quote(forward.to)};`);
  } else {
    // Not kept: the filters have nothing left to file.
    lines.push(`  redirect ${quote(forward.to)};`, '  stop;');
  }
  lines.push('}');
  return lines;
}

export type ForwardWarning =
  /** Always shown when forwarding is on: the seed's warning about loops. */
  | 'loop-risk'
  /** The target is one of the user's own addresses: a certain loop; it is not installed. */
  | 'own-address'
  /** Without a copy, forwarded mail does not stay in this mailbox. */
  | 'no-copy';

/** What the forwarding screen warns about (FILTER-5). */
export function forwardWarnings(
  forward: ForwardSettings,
  ownAddresses: readonly string[],
): ForwardWarning[] {
  if (!forward.enabled || forward.to === '') return [];
  const warnings: ForwardWarning[] = ['loop-risk'];
  if (isOwnAddress(forward.to, ownAddresses)) warnings.push('own-address');
  if (!forward.keepCopy) warnings.push('no-copy');
  return warnings;
}

export function isOwnAddress(address: string, ownAddresses: readonly string[]): boolean {
  const target = address.toLowerCase();
  return ownAddresses.some((a) => a.toLowerCase() === target);
}
