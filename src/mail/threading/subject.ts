// Subjects for the threading fallback: the base subject (RFC 5256 § 2.1 in spirit) and
// whether a subject is a reply/forward form. Comparison is on a folded form (case and
// accents removed), because "RE: Reunión" and "Re: reunion" answer the same message.

/**
 * Reply and forward prefixes seen in the wild: English (Re, Fwd, Fw), German (AW, WG),
 * Spanish (RV "reenviado", Enc "encaminhado" in Portuguese), Italian (R), Nordic (SV, VS).
 * Counters such as `Re[2]:`, `Re(2):` and `Re^2:` and a full-width colon are accepted.
 */
const REPLY_PREFIX = /^(?:re|fwd|fw|aw|wg|rv|enc|r|sv|vs)\s*(?:\[\d+\]|\(\d+\)|\^\d+)?\s*[:：]\s*/i;

/** Longest list tag we strip, so a subject that merely starts with a long bracket survives. */
const MAX_LIST_TAG_CHARS = 40;

/** A `[list-name]` tag a mailing list puts before (or after) the prefix. */
const LIST_TAG = new RegExp(`^\\[[^\\]]{0,${MAX_LIST_TAG_CHARS}}\\]\\s*`);

/** A trailing "(fwd)" some clients append instead of a prefix (RFC 5256 § 2.1 step 2). */
const FWD_TRAILER = /\s*\(fwd\)\s*$/i;

/**
 * Base subjects shorter than this are too weak to join two conversations on: "ok", "hi",
 * "?" or an emoji say nothing about which message was answered.
 */
export const MIN_BASE_SUBJECT_CHARS = 3;

/**
 * Folded base subjects that many unrelated people use for unrelated mail. A subject on
 * this list never merges threads; headers still do.
 */
const GENERIC_SUBJECTS: ReadonlySet<string> = new Set([
  'hello',
  'hola',
  'hi',
  'hey',
  'question',
  'pregunta',
  'consulta',
  '(no subject)',
  'no subject',
  '(sin asunto)',
  'sin asunto',
  'untitled',
  'test',
  'prueba',
  'thanks',
  'gracias',
  'fyi',
]);

/** Case-, accent- and spacing-insensitive form used for every comparison. */
export function foldSubject(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

export interface BaseSubject {
  /** Folded subject without list tags, reply/forward prefixes or "(fwd)". */
  base: string;
  /** True when at least one reply/forward marker was removed. */
  replyForm: boolean;
}

/** Strips list tags and reply/forward markers, in any interleaving, from the front and back. */
export function baseSubject(subject: string): BaseSubject {
  let s = foldSubject(subject);
  let replyForm = false;
  if (FWD_TRAILER.test(s)) {
    s = s.replace(FWD_TRAILER, '');
    replyForm = true;
  }
  for (;;) {
    const prefix = REPLY_PREFIX.exec(s);
    if (prefix) {
      s = s.slice(prefix[0].length);
      replyForm = true;
      continue;
    }
    const tag = LIST_TAG.exec(s);
    // A subject that is nothing but a tag keeps it: "[announce]" alone is its own subject.
    if (tag && tag[0].length < s.length) {
      s = s.slice(tag[0].length);
      continue;
    }
    return { base: s.trim(), replyForm };
  }
}

/** Whether a base subject is specific enough to merge two conversations on. */
export function isDistinctiveSubject(base: string): boolean {
  return [...base].length >= MIN_BASE_SUBJECT_CHARS && !GENERIC_SUBJECTS.has(base);
}
