// The advanced search form (SEARCH-3) as a model, and its two-way mapping to query
// text: the form builds a query the box then shows, and reopening the form parses the
// box back into fields. What the form cannot hold (OR, negations, `is:read`, a second
// date…) stays in `words`, so nothing typed is ever lost on a round trip.

import { isTextTerm, type Clause, type Literal, type PriorityLevel } from './ast.js';
import { lex } from './lex.js';
import { parseQuery, type ParseOptions } from './parse.js';
import { formatQuery } from './print.js';
import {
  dayAfter,
  dayBefore,
  formatCalendarDay,
  parseCalendarDate,
  parseSizeParts,
} from './values.js';

export interface AdvancedSize {
  op: 'larger' | 'smaller';
  amount: number;
  unit: 'K' | 'M' | 'G';
}

export interface AdvancedSearch {
  /** "Has the words": free query text, any syntax. */
  words: string;
  /** Senders: names or addresses, several separated by commas (any of them). */
  from: string;
  /** Recipients (To), as `from`. */
  to: string;
  /** Words in the subject (all of them; quote a phrase). */
  subject: string;
  /** Words in the body (all of them; quote a phrase). */
  body: string;
  /** First day, `YYYY-MM-DD` (a date input's value), inclusive; '' = no bound. */
  since: string;
  /** Last day, `YYYY-MM-DD`, inclusive (people read "until the 31st" as including it); '' = no bound. */
  until: string;
  /** Folder name; '' = the current scope. */
  folder: string;
  /** Tag name; '' = any. */
  tag: string;
  hasAttachment: boolean;
  unread: boolean;
  size: AdvancedSize | null;
  priority: PriorityLevel | null;
}

export const EMPTY_ADVANCED_SEARCH: Readonly<AdvancedSearch> = {
  words: '',
  from: '',
  to: '',
  subject: '',
  body: '',
  since: '',
  until: '',
  folder: '',
  tag: '',
  hasAttachment: false,
  unread: false,
  size: null,
  priority: null,
};

const QUOTES_RE = /["“”„«»]/g;

/** An operator value: quotes removed (they cannot be escaped), quoted when it has spaces. */
function value(text: string): string {
  const v = text.replace(QUOTES_RE, ' ').replace(/\s+/gu, ' ').trim();
  return /\s/u.test(v) ? `"${v}"` : v;
}

/** `ana, Bob Smith` → `from:ana OR from:"Bob Smith"`. */
function addressPart(op: 'from' | 'to', text: string): string {
  return text
    .split(',')
    .map((piece) => value(piece))
    .filter((v) => v !== '')
    .map((v) => `${op}:${v}`)
    .join(' OR ');
}

/** `fin de "año nuevo"` → `subject:fin subject:de subject:"año nuevo"` (each word required). */
function wordsPart(op: 'subject' | 'body', text: string): string {
  const parts: string[] = [];
  for (const lexeme of lex(text)) {
    if (lexeme.kind === 'or') continue;
    const inner =
      lexeme.kind === 'text' && lexeme.quoted ? `"${lexeme.text}"` : value(lexeme.source);
    if (inner === '' || inner === '""') continue;
    parts.push(`${lexeme.negated ? '-' : ''}${op}:${inner}`);
  }
  return parts.join(' ');
}

/** Builds the query text the form means. */
export function advancedToQuery(form: AdvancedSearch): string {
  const parts = [
    addressPart('from', form.from),
    addressPart('to', form.to),
    wordsPart('subject', form.subject),
  ];
  parts.push(form.words.trim(), wordsPart('body', form.body));
  if (parseCalendarDate(form.since)) parts.push(`after:${form.since.trim()}`);
  const next = dayAfter(form.until);
  if (next !== null) parts.push(`before:${next}`);
  if (form.folder.trim() !== '') parts.push(`in:${value(form.folder)}`);
  if (form.tag.trim() !== '') parts.push(`tag:${value(form.tag)}`);
  if (form.hasAttachment) parts.push('has:attachment');
  if (form.unread) parts.push('is:unread');
  if (form.size && Number.isFinite(form.size.amount) && form.size.amount > 0) {
    parts.push(`${form.size.op}:${String(form.size.amount)}${form.size.unit}`);
  }
  if (form.priority) parts.push(`priority:${form.priority}`);
  return parts.filter((p) => p !== '').join(' ');
}

function unquote(raw: string): string {
  return raw.replace(QUOTES_RE, '').trim();
}

/** Puts one clause into the form; false when the form has no place for it. */
function place(form: AdvancedSearch, clause: Clause): boolean {
  const lits: readonly Literal[] = clause.any;
  if (lits.some((l) => l.negated)) return false;
  for (const op of ['from', 'to'] as const) {
    const ofField = lits.every((l) => isTextTerm(l.term) && l.term.field === op);
    if (ofField && form[op] === '') {
      form[op] = lits.map((l) => unquote(l.term.raw)).join(', ');
      return true;
    }
  }
  const only = lits.length === 1 ? lits[0] : undefined;
  if (only === undefined) return false;
  const term = only.term;
  switch (term.kind) {
    case 'word':
    case 'prefix':
    case 'phrase':
      if (term.field !== 'subject' && term.field !== 'body') return false;
      form[term.field] = [form[term.field], term.raw].filter((s) => s !== '').join(' ');
      return true;
    case 'date': {
      const date = parseCalendarDate(unquote(term.raw));
      if (!date) return false;
      const day = formatCalendarDay(date.year, date.month, date.day);
      if (term.op === 'after' && form.since === '') form.since = day;
      else if (term.op === 'before' && form.until === '') form.until = dayBefore(day) ?? '';
      else return false;
      return true;
    }
    case 'folder':
    case 'tag': {
      const key = term.kind === 'folder' ? 'folder' : 'tag';
      if (form[key] !== '') return false;
      form[key] = term.name.replace(QUOTES_RE, '').trim();
      return true;
    }
    case 'flag':
      if (term.flag === 'flagged' || term.flag === 'read') return false;
      form[term.flag === 'attachment' ? 'hasAttachment' : 'unread'] = true;
      return true;
    case 'size': {
      const parts = parseSizeParts(unquote(term.raw));
      if (form.size || !parts) return false;
      const unit = parts.unit === '' ? 'K' : parts.unit;
      const amount = parts.unit === '' ? parts.amount / 1024 : parts.amount;
      form.size = { op: term.op, amount, unit };
      return true;
    }
    case 'priority':
      if (form.priority) return false;
      form.priority = term.level;
      return true;
    default:
      return false;
  }
}

/** Reads query text back into the form; what has no field goes to `words`. */
export function advancedFromQuery(text: string, options: ParseOptions = {}): AdvancedSearch {
  const form: AdvancedSearch = { ...EMPTY_ADVANCED_SEARCH };
  const rest = parseQuery(text, options).query.all.filter((clause) => !place(form, clause));
  form.words = formatQuery({ all: rest });
  return form;
}
