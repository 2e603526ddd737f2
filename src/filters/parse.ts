// Strict readers of stored or untrusted filter data (IndexedDB, a settings sync, an import).
// A filter with any bad condition or action is dropped whole, never "repaired" by dropping
// the bad part: a filter that lost a condition would act on more mail than the user chose
// (think "from X → delete" without its "from X").
import type { Priority } from '../mail/types.js';
import {
  DEFAULT_AWAY_DAYS,
  MAX_ACTIONS,
  MAX_ADDRESS,
  MAX_AWAY_ADDRESSES,
  MAX_AWAY_DAYS,
  MAX_AWAY_SUBJECT,
  MAX_AWAY_TEXT,
  MAX_COMMENT,
  MAX_CONDITIONS,
  MAX_DESCRIPTION,
  MAX_FILTERS,
  MAX_FOLDER_PATH,
  MAX_HEADER_NAME,
  MAX_ID,
  MAX_KEYWORD,
  MAX_SIZE_BYTES,
  MAX_VALUE,
} from './model.js';
import type {
  Action,
  AwaySettings,
  Condition,
  Filter,
  FolderRef,
  ForwardSettings,
  TextOperator,
} from './model.js';

type Rec = Record<string, unknown>;

function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** C0 controls, DEL and the Unicode line/paragraph separators. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;
/** The same but tabs and line breaks allowed: for multi-line texts. */
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A one-line string of 1…max characters with no control characters, or null. */
function line(value: unknown, max: number): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) return null;
  return CONTROL.test(value) ? null : value;
}

/** A multi-line text of 0…max characters (tabs and line breaks allowed), or null. */
function text(value: unknown, max: number): string | null {
  if (typeof value !== 'string' || value.length > max) return null;
  return CONTROL_BUT_TEXT.test(value) ? null : value;
}

/** RFC 5322 §3.6.8 field name: printable ASCII except the colon. */
const HEADER_NAME = /^[\x21-\x39\x3b-\x7e]+$/;
/**
 * An IMAP keyword (RFC 9051 atom): no space, controls, `(){%*"\]` or non-ASCII; system
 * flags (`\Seen`…) are not tags. Also what keeps `addflag` from adding several flags at once.
 */
const KEYWORD = /^[\x21\x23-\x24\x26-\x27\x2b-\x5b\x5e-\x7a\x7c\x7e]+$/;
/**
 * A plain addr-spec without display name or angle brackets: what redirect and :addresses
 * take. Deliberately narrower than RFC 5322 (no quoted local parts, no comments).
 */
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidAddress(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= MAX_ADDRESS &&
    ADDRESS.test(value) &&
    !CONTROL.test(value)
  );
}

export function isValidKeyword(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_KEYWORD && KEYWORD.test(value);
}

/** A real calendar day written `YYYY-MM-DD`. */
export function isValidDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const TEXT_OPS: readonly TextOperator[] = ['contains', 'is', 'matches'];

function parseCondition(raw: unknown): Condition | null {
  if (!isRecord(raw) || typeof raw.negate !== 'boolean') return null;
  const negate = raw.negate;
  switch (raw.field) {
    case 'from':
    case 'to':
    case 'cc':
    case 'subject':
    case 'body': {
      const op = TEXT_OPS.find((o) => o === raw.op);
      const value = line(raw.value, MAX_VALUE);
      if (!op || value === null || (raw.field === 'body' && op === 'is')) return null;
      return { field: raw.field, op, negate, value };
    }
    case 'header': {
      const op = TEXT_OPS.find((o) => o === raw.op);
      const value = line(raw.value, MAX_VALUE);
      const header = line(raw.header, MAX_HEADER_NAME);
      if (!op || value === null || header === null || !HEADER_NAME.test(header)) return null;
      return { field: 'header', header, op, negate, value };
    }
    case 'size': {
      const bytes = raw.bytes;
      if (raw.op !== 'greater' && raw.op !== 'less') return null;
      if (
        typeof bytes !== 'number' ||
        !Number.isInteger(bytes) ||
        bytes < 0 ||
        bytes > MAX_SIZE_BYTES
      )
        return null;
      return { field: 'size', op: raw.op, negate, bytes };
    }
    case 'attachment':
      return { field: 'attachment', negate };
    default:
      return null;
  }
}

function parseFolder(raw: unknown): FolderRef | null {
  if (!isRecord(raw)) return null;
  const path = line(raw.path, MAX_FOLDER_PATH);
  if (path === null) return null;
  if (raw.id === undefined) return { path };
  const id = line(raw.id, MAX_ID);
  return id === null ? null : { path, id };
}

function isPriority(value: unknown): value is Priority {
  return value === 1 || value === 2 || value === 3 || value === 4 || value === 5;
}

function parseAction(raw: unknown): Action | null {
  if (!isRecord(raw)) return null;
  switch (raw.type) {
    case 'move':
    case 'copy': {
      const folder = parseFolder(raw.folder);
      return folder ? { type: raw.type, folder } : null;
    }
    case 'tag':
      return isValidKeyword(raw.keyword) && !raw.keyword.startsWith('\\')
        ? { type: 'tag', keyword: raw.keyword }
        : null;
    case 'comment': {
      const value = text(raw.text, MAX_COMMENT);
      return value ? { type: 'comment', text: value } : null;
    }
    case 'priority':
      return isPriority(raw.priority) ? { type: 'priority', priority: raw.priority } : null;
    case 'forward':
      return isValidAddress(raw.to) ? { type: 'forward', to: raw.to } : null;
    case 'reply': {
      const templateId = line(raw.templateId, MAX_ID);
      const templateMessageId = line(raw.templateMessageId, MAX_ID);
      if (!templateId) return null;
      return templateMessageId
        ? { type: 'reply', templateId, templateMessageId }
        : { type: 'reply', templateId };
    }
    case 'mark-read':
    case 'delete':
    case 'spam':
    case 'stop':
      return { type: raw.type };
    default:
      return null;
  }
}

/** Every entry parsed, or null when one is bad or the list is empty or too long. */
function all<T>(raw: unknown, max: number, one: (item: unknown) => T | null): T[] | null {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > max) return null;
  const out: T[] = [];
  for (const item of raw) {
    const parsed = one(item);
    if (parsed === null) return null;
    out.push(parsed);
  }
  return out;
}

export function parseFilter(raw: unknown): Filter | null {
  if (!isRecord(raw) || typeof raw.active !== 'boolean') return null;
  if (raw.join !== 'all' && raw.join !== 'any') return null;
  const id = line(raw.id, MAX_ID);
  if (id === null || typeof raw.description !== 'string') return null;
  // A label only: control characters become spaces rather than dropping the filter.
  const description = raw.description
    .slice(0, MAX_DESCRIPTION)
    .replace(new RegExp(CONTROL.source, 'g'), ' ');
  const conditions = all(raw.conditions, MAX_CONDITIONS, parseCondition);
  const actions = all(raw.actions, MAX_ACTIONS, parseAction);
  if (!conditions || !actions) return null;
  return { id, description, active: raw.active, join: raw.join, conditions, actions };
}

/** The valid filters in their stored order; bad ones, repeated ids and any beyond MAX_FILTERS dropped. */
export function parseFilters(raw: unknown): Filter[] {
  if (!Array.isArray(raw)) return [];
  const seen = new Set<string>();
  const out: Filter[] = [];
  for (const item of raw) {
    if (out.length === MAX_FILTERS) break;
    const filter = parseFilter(item);
    if (!filter || seen.has(filter.id)) continue;
    seen.add(filter.id);
    out.push(filter);
  }
  return out;
}

/** Away settings, or null when anything is wrong (the caller shows them as off). */
export function parseAwaySettings(raw: unknown): AwaySettings | null {
  if (!isRecord(raw) || typeof raw.enabled !== 'boolean') return null;
  const start = raw.start ?? null;
  const end = raw.end ?? null;
  if ((start !== null && !isValidDate(start)) || (end !== null && !isValidDate(end))) return null;
  if (start !== null && end !== null && start > end) return null;
  // The subject goes into a header of the reply: one line only.
  const subject = raw.subject === '' ? '' : line(raw.subject, MAX_AWAY_SUBJECT);
  const body = text(raw.text, MAX_AWAY_TEXT);
  if (subject === null || body === null) return null;
  const days = raw.days ?? DEFAULT_AWAY_DAYS;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_AWAY_DAYS)
    return null;
  const addresses = raw.addresses ?? [];
  if (
    !Array.isArray(addresses) ||
    addresses.length > MAX_AWAY_ADDRESSES ||
    !addresses.every(isValidAddress)
  ) {
    return null;
  }
  return { enabled: raw.enabled, start, end, subject, text: body, days, addresses: [...addresses] };
}

/** Forwarding settings, or null when anything is wrong. An enabled forward needs an address. */
export function parseForwardSettings(raw: unknown): ForwardSettings | null {
  if (!isRecord(raw) || typeof raw.enabled !== 'boolean' || typeof raw.keepCopy !== 'boolean')
    return null;
  const to = raw.to ?? '';
  if (typeof to !== 'string' || (to !== '' && !isValidAddress(to))) return null;
  if (raw.enabled && to === '') return null;
  return { enabled: raw.enabled, to, keepCopy: raw.keepCopy };
}
