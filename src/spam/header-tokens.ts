// SPAM-1: header clues, each prefixed by where it came from so "free" in a Subject and
// "free" in a host name are different tokens. After SpamBayes: which headers a message has
// (and how many of each), the From domain and display name, Received hosts and IP prefixes,
// Message-ID domain, Content-Type and charset, and the sending program.
import type { SpamHeader, SpamInput } from './types.js';
import { fold, hostTokens, ipTokens } from './token-parts.js';

/**
 * Header fields read per message: real mail has 10–60; past this it is a header bomb, and
 * postal-mime has already capped the header block's size.
 */
export const MAX_HEADERS = 200;
/** Characters of one header value read: a longer value is junk or an attack. */
const MAX_HEADER_VALUE = 2048;
/** Received fields read (the nearest hops): older hops are forged as often as not. */
const MAX_RECEIVED = 10;
/** Characters of X-Mailer/User-Agent kept: program and major version, not build noise. */
const MAX_MAILER = 40;

/**
 * Fields not learnt from: the server's spam verdict is honoured by verdict.ts as a rule, and
 * teaching it to the classifier too would count it twice and tie the model to one server.
 */
const SKIPPED_FIELD = /^x-spam|^x-spamd-|^x-rspamd-|^x-buzon-/;

/** Bucket for a count: 0, 1, 2, 3–4, 5–8, … so the token space stays small. */
function bucket(n: number): string {
  if (n <= 2) return String(n);
  return `${2 ** Math.ceil(Math.log2(n))}`;
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).replace(/[>\s]+$/, '');
}

function* fromTokens(input: SpamInput): Generator<string> {
  const domain = domainOf(input.fromAddress.toLowerCase());
  if (!input.fromAddress) yield 'from:none';
  else if (!domain) yield 'from:no-domain';
  for (const h of hostTokens(domain)) yield `from:addr:${h}`;
  const name = fold(input.fromName).trim();
  if (!name) yield 'from:no-name';
  for (const w of name.split(/[^\p{L}\p{N}]+/u).slice(0, 8)) {
    if (w.length >= 2) yield `from:name:${w}`;
  }
}

const RECEIVED_HOST = /\bfrom\s+([a-z0-9._-]+[a-z])[)\s]/i;
const RECEIVED_IP = /[[(]((?:\d{1,3}\.){3}\d{1,3})[\])]/;

function* receivedTokens(value: string): Generator<string> {
  const host = RECEIVED_HOST.exec(value);
  if (host?.[1]) for (const h of hostTokens(host[1])) yield `received:${h}`;
  const ip = RECEIVED_IP.exec(value);
  if (ip?.[1]) for (const t of ipTokens(ip[1])) yield `received:${t}`;
}

function* contentTypeTokens(value: string): Generator<string> {
  const lower = value.toLowerCase();
  const type = /^\s*([a-z0-9.+-]+\/[a-z0-9.+-]+)/.exec(lower);
  yield `content-type:${type?.[1] ?? 'invalid'}`;
  const charset = /charset\s*=\s*"?([a-z0-9_.:-]+)/.exec(lower);
  if (charset?.[1]) yield `charset:${charset[1]}`;
}

function* fieldTokens(key: string, value: string, received: { n: number }): Generator<string> {
  switch (key) {
    case 'received':
      if (received.n++ < MAX_RECEIVED) yield* receivedTokens(value);
      return;
    case 'content-type':
      yield* contentTypeTokens(value);
      return;
    case 'content-transfer-encoding':
      yield `cte:${value.trim().toLowerCase().slice(0, 30)}`;
      return;
    case 'x-mailer':
    case 'user-agent':
      yield `x-mailer:${fold(value.trim()).slice(0, MAX_MAILER)}`;
      return;
    case 'message-id': {
      const m = /@([^>\s]+)>?\s*$/.exec(value);
      if (!m?.[1]) yield 'message-id:invalid';
      else for (const h of hostTokens(m[1])) yield `message-id:@${h}`;
      return;
    }
    default:
      return;
  }
}

/** The message's header tokens (not yet de-duplicated). */
export function* headerTokens(input: SpamInput): Generator<string> {
  const counts = new Map<string, number>();
  const received = { n: 0 };
  const fields: SpamHeader[] = input.headers.slice(0, MAX_HEADERS);
  let recipients = 0;
  for (const h of fields) {
    const key = h.key.trim().toLowerCase();
    if (!key || SKIPPED_FIELD.test(key) || key.length > 60) continue;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const value = h.value.slice(0, MAX_HEADER_VALUE);
    if (key === 'to' || key === 'cc') recipients += (value.match(/@/g) ?? []).length;
    yield* fieldTokens(key, value, received);
  }
  for (const [key, n] of counts) yield `header:${key}:${bucket(n)}`;
  if (!counts.has('x-mailer') && !counts.has('user-agent')) yield 'x-mailer:none';
  yield `recipients:${bucket(recipients)}`;
  yield* fromTokens(input);
  const replyTo = fields.find((h) => h.key.toLowerCase() === 'reply-to');
  if (replyTo) {
    const same =
      domainOf(replyTo.value.toLowerCase()) === domainOf(input.fromAddress.toLowerCase());
    yield same ? 'reply-to:same-domain' : 'reply-to:other-domain';
  }
}
