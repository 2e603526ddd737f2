// The Sieve compiler (FILTER-3…5): filters, away message and forwarding as one Sieve script
// (RFC 5228) to install over ManageSieve (RFC 5804), so they act while the app is closed.
//
// Layout of the script, in the order it runs:
//   1. spam (server verdict headers) → Spam with $Junk, stop: filters run after spam
//      detection and never on spam (sieve-settings.ts);
//   2. the away message (vacation, RFC 5230), then forwarding (redirect, RFC 5228 §4.2);
//   3. pass one over the active filters, top to bottom: each that matches records it in a
//      variable (RFC 5229), adds its flags (imap4flags, RFC 5232) and redirects; `stop`
//      sets a variable that skips the later filters;
//   4. pass two files the message (fileinto, RFC 5228 §4.1; :copy, RFC 3894) for each filter
//      that matched. Filing last means every copy carries every tag and \Seen, whichever
//      filter set it: RFC 5232 §3 gives fileinto the flags current when it runs.
// Several moves file the message into each folder, as in the engine (engine.ts).
//
// Actions Sieve cannot perform (sides.ts) are left out of the filter and listed in
// `clientOnly`; the rest of the filter is compiled (see sides.ts for why that stays honest).
// The output needs only extensions Pigeonhole enables by default; `requires` lists them so
// the caller can check them against the server's SIEVE capability before installing.
import type { Action, ActionType, AwaySettings, Filter, ForwardSettings } from './model.js';
import { parseAwaySettings, parseFilter, parseForwardSettings, isValidAddress } from './parse.js';
import type { ClientOnlyReason } from './sides.js';
import { clientOnlyMessage, clientOnlyReason } from './sides.js';
import { CHECKSUM_PREFIX, fnv1a } from './checksum.js';
import { comment, CRLF, DOLLAR_VARIABLE, quote } from './sieve-text.js';
import type { Requires, SpamHeader } from './sieve-tests.js';
import {
  attachmentScan,
  DEFAULT_SPAM_HEADERS,
  filterTest,
  forwardLoopTest,
  usesAttachment,
} from './sieve-tests.js';
import type { ForwardWarning } from './sieve-settings.js';
import {
  awayBlock,
  checkZone,
  forwardBlock,
  forwardWarnings,
  isOwnAddress,
  SieveOptionsError,
  spamBlock,
} from './sieve-settings.js';

export { SieveOptionsError };

export interface SieveOptions {
  /** IMAP path of the Spam folder (as the server names it), for spam and "mark as spam". */
  junkFolder: string;
  /** IMAP path of the Trash folder, for "delete". */
  trashFolder: string;
  /** The user's own addresses: forwarding loop checks and the own-address warning. */
  ownAddresses?: readonly string[];
  /** Server spam verdict headers; SpamAssassin's and Rspamd's by default. */
  spamHeaders?: readonly SpamHeader[];
  /** The user's zone for the away dates, e.g. "+0100"; the server's own zone without it. */
  zone?: string;
}

export interface ClientOnlyAction {
  filterId: string;
  /** Position of the action in the filter's actions. */
  actionIndex: number;
  action: ActionType;
  reason: ClientOnlyReason;
  /** A sentence the editor can show next to the action. */
  message: string;
}

export type CompileWarning =
  | ForwardWarning
  /** More distinct redirect targets than Pigeonhole's default sieve_max_redirects. */
  | 'redirect-limit';

export interface CompiledSieve {
  script: string;
  /** Sieve extensions the script requires, sorted. */
  requires: string[];
  clientOnly: ClientOnlyAction[];
  warnings: CompileWarning[];
  /** The fingerprint written in the script (checksum.ts). */
  checksum: string;
}

/** Pigeonhole's default sieve_max_redirects: more redirects fail at delivery time. */
const MAX_REDIRECTS = 4;

const STOP_VARIABLE = 'buzon_stop';

export class SieveInputError extends Error {
  override name = 'SieveInputError';
}

function matchedVariable(index: number): string {
  return `buzon_f${index + 1}`;
}

function fileIntoLines(
  actions: readonly Action[],
  options: SieveOptions,
  requires: Requires,
): string[] {
  const lines: string[] = [];
  for (const action of actions) {
    if (action.type === 'move') lines.push(`fileinto ${quote(action.folder.path)};`);
    if (action.type === 'copy') {
      requires.add('copy');
      lines.push(`fileinto :copy ${quote(action.folder.path)};`);
    }
    if (action.type === 'delete') lines.push(`fileinto ${quote(options.trashFolder)};`);
    if (action.type === 'spam') lines.push(`fileinto ${quote(options.junkFolder)};`);
  }
  if (lines.length > 0) requires.add('fileinto');
  return lines;
}

function passOneBody(
  filter: Filter,
  index: number,
  files: boolean,
  own: readonly string[],
  requires: Requires,
): string[] {
  const body: string[] = [];
  if (files) body.push(`set "${matchedVariable(index)}" "1";`);
  for (const action of filter.actions) {
    if (action.type === 'tag') body.push(`addflag ${quote(action.keyword)};`);
    if (action.type === 'mark-read') body.push('addflag "\\\\Seen";');
    if (action.type === 'spam') body.push('addflag "$Junk";');
    if (action.type === 'forward') {
      requires.add('copy');
      body.push(
        `if not ${forwardLoopTest(action.to, own)} { redirect :copy ${quote(action.to)}; }`,
      );
    }
  }
  if (body.some((l) => l.startsWith('addflag'))) requires.add('imap4flags');
  if (filter.actions.some((a) => a.type === 'stop')) body.push(`set "${STOP_VARIABLE}" "1";`);
  return body;
}

function validated(
  filters: readonly Filter[],
  away: AwaySettings | null,
  forward: ForwardSettings | null,
  options: SieveOptions,
): void {
  for (const filter of filters) {
    if (parseFilter(filter) === null)
      throw new SieveInputError(`filter ${JSON.stringify(filter.id)} is not valid`);
  }
  if (away && parseAwaySettings(away) === null)
    throw new SieveInputError('away settings are not valid');
  if (forward && parseForwardSettings(forward) === null)
    throw new SieveInputError('forward settings are not valid');
  const paths = [options.junkFolder, options.trashFolder];
  // eslint-disable-next-line no-control-regex
  if (paths.some((p) => p === '' || /[\u0000-\u001f\u007f]/.test(p)))
    throw new SieveOptionsError('bad Spam or Trash folder path');
  if ((options.ownAddresses ?? []).some((a) => !isValidAddress(a)))
    throw new SieveOptionsError('bad own address');
  checkZone(options.zone);
}

/** The whole script for one account. Throws SieveInputError on data parse.ts would refuse. */
export function compileSieve(
  filters: readonly Filter[],
  away: AwaySettings | null,
  forward: ForwardSettings | null,
  options: SieveOptions,
): CompiledSieve {
  validated(filters, away, forward, options);
  const requires: Requires = new Set(['variables']);
  const own = options.ownAddresses ?? [];
  const spamHeaders = options.spamHeaders ?? DEFAULT_SPAM_HEADERS;
  const warnings: CompileWarning[] = forward ? forwardWarnings(forward, own) : [];
  const clientOnly: ClientOnlyAction[] = [];
  const body: string[] = [
    `set "${DOLLAR_VARIABLE}" "$";`,
    '',
    ...spamBlock(spamHeaders, options.junkFolder, requires),
  ];

  if (away?.enabled) body.push('', ...awayBlock(away, spamHeaders, options.zone, requires));
  if (forward?.enabled && forward.to !== '' && !isOwnAddress(forward.to, own)) {
    body.push('', ...forwardBlock(forward, own, spamHeaders, requires));
  }

  const active = filters.filter((f) => f.active);
  if (usesAttachment(active))
    body.push(
      '',
      '# Has an attachment: scanned once for the filters below.',
      ...attachmentScan(requires),
    );

  const filing: string[] = [];
  filters.forEach((filter, index) => {
    if (!filter.active) return;
    filter.actions.forEach((action, actionIndex) => {
      const reason = clientOnlyReason(action.type);
      if (reason)
        clientOnly.push({
          filterId: filter.id,
          actionIndex,
          action: action.type,
          reason,
          message: clientOnlyMessage(reason),
        });
    });
    const files = fileIntoLines(filter.actions, options, requires);
    const passOne = passOneBody(filter, index, files.length > 0, own, requires);
    body.push('', comment(`Filter ${index + 1}: ${filter.description}`));
    if (passOne.length === 0) {
      body.push('# (only actions the app performs)');
      return;
    }
    body.push(
      `if allof(string :is "\${${STOP_VARIABLE}}" "", ${filterTest(filter, requires)}) {`,
      ...passOne.map((l) => '  ' + l),
      '}',
    );
    if (files.length > 0)
      filing.push(
        `if string :is "\${${matchedVariable(index)}}" "1" {`,
        ...files.map((l) => '  ' + l),
        '}',
      );
  });
  if (filing.length > 0) {
    body.push(
      '',
      '# Filing, once every filter ran, so each copy carries every tag (RFC 5232 section 3).',
      ...filing,
    );
  }

  const targets = new Set(
    active.flatMap((f) =>
      f.actions.flatMap((a) => (a.type === 'forward' ? [a.to.toLowerCase()] : [])),
    ),
  );
  if (forward?.enabled && forward.to !== '') targets.add(forward.to.toLowerCase());
  if (targets.size > MAX_REDIRECTS) warnings.push('redirect-limit');

  const sortedRequires = [...requires].sort();
  const rest =
    [`require ${'[' + sortedRequires.map((r) => `"${r}"`).join(', ') + ']'};`, ...body].join(CRLF) +
    CRLF;
  const checksum = fnv1a(rest);
  const head = [
    '# Buzón filters, away message and forwarding. Written by the app: edits here are replaced.',
    CHECKSUM_PREFIX + checksum,
  ];
  return {
    script: head.join(CRLF) + CRLF + rest,
    requires: sortedRequires,
    clientOnly,
    warnings,
    checksum,
  };
}
