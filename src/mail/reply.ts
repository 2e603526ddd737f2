// Reply, Reply all and Forward (SEND-5, SEND-6, SEND-7, EXTERNAL-3): the new message's
// recipients, sender, subject, quoted text and threading headers, from the parsed
// original. Pure; the wording of the attribution lines comes from the caller (locale).
import type { DisplayPart, MailAddress, MessageSummary } from './types.js';

/** `forward-attached`: the original travels whole as a message/rfc822 attachment (SEND-6). */
export type ResponseMode = 'reply' | 'reply-all' | 'forward' | 'forward-attached';

export interface Respondable {
  summary: MessageSummary;
  replyTo: MailAddress[];
  parts: DisplayPart[];
}

/** The lines that introduce the quoted original, in the user's language. */
export interface AttributionText {
  /** "On 2 Mar 2026 09:00, Ana Pérez wrote:" */
  wrote(name: string, sentAt: number | null): string;
  /** "-------- Forwarded message --------" */
  forwarded: string;
  labels: { from: string; date: string; subject: string; to: string; cc: string };
  date(sentAt: number | null): string;
}

export interface ResponseDraft {
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  text: string;
  inReplyTo: string | null;
  references: string[];
}

/** "Re:" already there (any case; the German "Aw:" and Nordic "Sv:" too): not added again. */
const REPLY_PREFIX = /^\s*(re|aw|sv|antw)\s*(\[\d+\])?\s*:/i;
const FORWARD_PREFIX = /^\s*(fwd?|rv|tr|wg)\s*:/i;
/** References kept: the first (the thread's root) and the latest ones, as RFC 5322 §3.6.4 suggests. */
const MAX_REFERENCES = 20;

export function replySubject(subject: string): string {
  return REPLY_PREFIX.test(subject) ? subject.trim() : `Re: ${subject.trim()}`;
}

export function forwardSubject(subject: string): string {
  return FORWARD_PREFIX.test(subject) ? subject.trim() : `Fwd: ${subject.trim()}`;
}

/**
 * ACCOUNT-2: `ana+news@x.org` is `ana@x.org`: one person's plus-addresses are theirs too.
 * Lower case, for comparing.
 */
export function canonicalAddress(address: string): string {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at < 0) return lower;
  const local = lower.slice(0, at);
  const plus = local.indexOf('+');
  return `${plus > 0 ? local.slice(0, plus) : local}${lower.slice(at)}`;
}

function isOwn(address: string, own: readonly MailAddress[]): boolean {
  const c = canonicalAddress(address);
  return own.some((o) => canonicalAddress(o.address) === c);
}

function unique(list: readonly MailAddress[], skip: Set<string>): MailAddress[] {
  const out: MailAddress[] = [];
  for (const a of list) {
    const c = canonicalAddress(a.address);
    if (skip.has(c)) continue;
    skip.add(c);
    out.push(a);
  }
  return out;
}

/** A readable plain text of HTML, for quoting (the HTML itself is never reused). */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6]|blockquote)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The original's readable text: its first text part, else its first HTML part as text. */
export function bodyText(parts: readonly DisplayPart[]): string {
  const text = parts.find((p) => p.kind === 'text');
  if (text?.kind === 'text') return text.text.replace(/\r\n/g, '\n').trimEnd();
  const html = parts.find((p) => p.kind === 'html');
  return html?.kind === 'html' ? htmlToText(html.html) : '';
}

function display(list: readonly MailAddress[]): string {
  return list.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ');
}

/** The identity the original was written to (EXTERNAL-3), the first in To then Cc order. */
export function identityWrittenTo(
  original: Pick<Respondable, 'summary'>,
  own: readonly MailAddress[],
): MailAddress | null {
  for (const a of [...original.summary.to, ...original.summary.cc]) {
    const identity = own.find((o) => canonicalAddress(o.address) === canonicalAddress(a.address));
    if (identity) return identity;
  }
  return null;
}

/** The identity the original was written to, else the default one (the first). */
function senderFor(original: Respondable, own: readonly MailAddress[]): MailAddress | null {
  return identityWrittenTo(original, own) ?? own[0] ?? null;
}

export function responseDraft(
  original: Respondable,
  mode: ResponseMode,
  own: readonly MailAddress[],
  words: AttributionText,
): ResponseDraft {
  const s = original.summary;
  const from = senderFor(original, own);
  const text = bodyText(original.parts);
  const threading = {
    inReplyTo: s.messageId,
    references: s.messageId
      ? [...s.references, s.messageId].filter((id, i, all) => all.indexOf(id) === i)
      : [...s.references],
  };
  if (threading.references.length > MAX_REFERENCES) {
    threading.references = [
      threading.references[0] as string,
      ...threading.references.slice(-(MAX_REFERENCES - 1)),
    ];
  }
  if (mode === 'forward-attached') {
    // The original is the attachment: nothing to quote, and its headers travel with it.
    return { from, to: [], cc: [], subject: forwardSubject(s.subject), text: '', ...threading };
  }
  if (mode === 'forward') {
    const l = words.labels;
    const header = [
      words.forwarded,
      `${l.from}: ${display(s.from)}`,
      `${l.date}: ${words.date(s.sentAt)}`,
      `${l.subject}: ${s.subject}`,
      `${l.to}: ${display(s.to)}`,
      ...(s.cc.length > 0 ? [`${l.cc}: ${display(s.cc)}`] : []),
    ];
    return {
      from,
      to: [],
      cc: [],
      subject: forwardSubject(s.subject),
      text: `\n\n${header.join('\n')}\n\n${text}\n`,
      ...threading,
    };
  }
  // A reply to one's own message (from Sent) goes to its recipients, not back to oneself.
  const mine = s.from.every((a) => isOwn(a.address, own));
  const replyTargets = mine ? s.to : original.replyTo.length > 0 ? original.replyTo : s.from;
  const seen = new Set(own.map((o) => canonicalAddress(o.address)));
  let to = unique(replyTargets, seen);
  let cc: MailAddress[] = [];
  if (mode === 'reply-all') {
    cc = unique([...(mine ? [] : s.to), ...s.cc], seen);
  }
  if (to.length === 0 && replyTargets.length > 0) to = [...replyTargets];
  const name = s.from[0]?.name || s.from[0]?.address || '';
  const quoted = text
    .split('\n')
    .map((line) => (line.startsWith('>') ? `>${line}` : `> ${line}`))
    .join('\n');
  return {
    from,
    to,
    cc,
    subject: replySubject(s.subject),
    text: `\n\n${words.wrote(name, s.sentAt)}\n${quoted}\n`,
    ...threading,
  };
}
