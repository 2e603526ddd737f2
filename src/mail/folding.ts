// Text folding for sorting and searching: case- and accent-insensitive (VIEW-3, ARCHIVE-2).

/** Lower case without diacritics: "Árbol" → "arbol". */
export function foldText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

// Reply and forward prefixes in the languages Buzón speaks and ones commonly received
// (Re, Fwd, Fw, RV Spanish, AW/WG German, SV Nordic, TR French), with "[2]" counters.
const SUBJECT_PREFIX = /^\s*((re|fwd?|rv|aw|wg|sv|tr|antw)(\[\d+\])?\s*:\s*)+/i;

// Why 100: a sort key only needs enough characters to order; shorter keys keep the
// compound index small at 100,000 messages.
const SORT_KEY_CHARS = 100;

/** The subject as the list sorts it: no Re:/Fwd: prefixes, folded. */
export function subjectSortKey(subject: string): string {
  return foldText(subject.replace(SUBJECT_PREFIX, '')).trim().slice(0, SORT_KEY_CHARS);
}

/** Any text as a sort key (sender names), folded and trimmed. */
export function textSortKey(s: string): string {
  return foldText(s)
    .replace(/^["'\s]+/, '')
    .trim()
    .slice(0, SORT_KEY_CHARS);
}
