// Mailboxes and address lists (RFC 5322 §3.4). Display names go out as atoms, a
// quoted-string, or RFC 2047 encoded-words (§5 (3)); addresses are ASCII only: an IDN
// domain is converted to punycode, a non-ASCII local part (EAI, RFC 6531) is refused.
import type { MailAddress } from '../types.js';
import { assertSingleLine } from './checks.js';
import { MimeBuildError } from './errors.js';
import { encoded, raw, type Segment } from './fold.js';
import { MAX_ADDRESS, MAX_LOCAL_PART, MAX_QUOTED_PHRASE } from './limits.js';

const ATEXT = "A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~";
const DOT_ATOM = new RegExp(`^[${ATEXT}]+(?:\\.[${ATEXT}]+)*$`);
const ATOMS = new RegExp(`^[${ATEXT}]+(?: [${ATEXT}]+)*$`);
const ATOM = new RegExp(`^[${ATEXT}]+$`);
/** RFC 5322 §3.2.4 quoted-string as a local part, e.g. `"john doe"@example.com`. */
const QUOTED_LOCAL = /^"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"$/;
const DOMAIN_LITERAL = /^\[[\x21-\x5a\x5e-\x7e]*\]$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const ASCII = /^\p{ASCII}*$/u;

/** Punycode through the WHATWG URL parser (browsers, workers and Node alike). */
function domainToAscii(domain: string, address: string): string {
  try {
    return new URL(`http://${domain}/`).hostname;
  } catch {
    throw new MimeBuildError(`The address "${address}" has a domain that is not valid.`);
  }
}

/** Returns the address as it goes on the wire; throws MimeBuildError when it is not a valid one. */
export function checkAddress(address: string, what: string): string {
  assertSingleLine(address, what);
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) {
    throw new MimeBuildError(
      `${what}: "${address}" is not an e-mail address (it needs a name@domain form).`,
    );
  }
  const local = address.slice(0, at);
  let domain = address.slice(at + 1);
  if (!ASCII.test(local)) {
    throw new MimeBuildError(
      `${what}: "${address}" has non-ASCII characters before the @; such addresses (SMTPUTF8) cannot be sent yet.`,
    );
  }
  if (!ASCII.test(domain)) domain = domainToAscii(domain, address);
  if (!DOT_ATOM.test(local) && !QUOTED_LOCAL.test(local)) {
    throw new MimeBuildError(
      `${what}: "${address}" has characters that are not allowed before the @.`,
    );
  }
  if (!DOT_ATOM.test(domain) && !DOMAIN_LITERAL.test(domain)) {
    throw new MimeBuildError(`${what}: "${address}" has a domain that is not valid.`);
  }
  const wire = `${local}@${domain}`;
  if (local.length > MAX_LOCAL_PART || wire.length > MAX_ADDRESS) {
    throw new MimeBuildError(`${what}: "${address}" is longer than an e-mail address may be.`);
  }
  return wire;
}

function quote(text: string): string {
  return `"${text.replace(/(["\\])/g, '\\$1')}"`;
}

/**
 * The display name as segments: atoms when it can, then a quoted-string; otherwise atoms
 * stay plain and only the words that need it become encoded-words, neighbours joined in
 * one run, so that two encoded-words rarely meet (see Segment.wordBreaks).
 */
function phraseSegments(name: string): Segment[] {
  if (!name.includes('=?')) {
    if (ATOMS.test(name)) return name.split(' ').map((atom) => raw(atom));
    const quoted = quote(name);
    if (PRINTABLE_ASCII.test(name) && quoted.length <= MAX_QUOTED_PHRASE) return [raw(quoted)];
  }
  const segments: Segment[] = [];
  let run: string[] = [];
  const flush = (): void => {
    if (run.length > 0) segments.push(encoded(run.join(' '), ' ', true));
    run = [];
  };
  for (const word of name.split(' ')) {
    if (ATOM.test(word) && !word.includes('=?')) {
      flush();
      segments.push(raw(word));
    } else {
      run.push(word);
    }
  }
  flush();
  return segments;
}

export function mailboxSegments(mailbox: MailAddress, what: string, last = true): Segment[] {
  assertSingleLine(mailbox.name, what);
  assertSingleLine(mailbox.address, what);
  const address = checkAddress(mailbox.address.trim(), what);
  const comma = last ? '' : ',';
  // Whitespace in a phrase is folding whitespace: runs read as one space anyway.
  const name = mailbox.name.trim().replace(/\s+/g, ' ');
  if (!name) return [raw(address + comma)];
  return [...phraseSegments(name), raw(`<${address}>${comma}`)];
}

export function addressListSegments(list: readonly MailAddress[], what: string): Segment[] {
  return list.flatMap((mailbox, i) => mailboxSegments(mailbox, what, i === list.length - 1));
}
