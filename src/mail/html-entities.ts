// Character references in HTML text, decoded without a DOM (Node tests, workers). Covers
// numeric references as the HTML standard reads them and the named references mail
// actually carries: the Latin-1 set (what hand-written and older generated HTML uses for
// accents) plus typographic punctuation. Unknown names are left as written, as browsers do.

/** HTML Living Standard § named character references, U+00A0…U+00FF in code point order. */
const LATIN1_NAMES =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg ' +
  'plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 ' +
  'iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml ' +
  'Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave ' +
  'Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil ' +
  'egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ' +
  'ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';

const NAMED = new Map<string, string>([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['hellip', '…'],
  ['mdash', '—'],
  ['ndash', '–'],
  ['lsquo', '‘'],
  ['rsquo', '’'],
  ['sbquo', '‚'],
  ['ldquo', '“'],
  ['rdquo', '”'],
  ['bdquo', '„'],
  ['bull', '•'],
  ['euro', '€'],
  ['trade', '™'],
  ['dagger', '†'],
  ['permil', '‰'],
  ['OElig', 'Œ'],
  ['oelig', 'œ'],
  ['thinsp', '\u2009'],
  ['ensp', '\u2002'],
  ['emsp', '\u2003'],
  ['zwnj', '\u200C'],
  ['zwj', '\u200D'],
  ['lrm', '\u200E'],
  ['rlm', '\u200F'],
  ...LATIN1_NAMES.split(' ').map((name, i): [string, string] => [
    name,
    String.fromCodePoint(0xa0 + i),
  ]),
]);

/**
 * HTML § numeric character reference end state: code points 0x80–0x9F are read as
 * windows-1252 (what such references meant in practice); the rest of the C1 range stays.
 */
const WINDOWS_1252 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8DŽ\x8F\x90‘’“”•–—˜™š›œ\x9DžŸ';

function fromCodePoint(code: number): string {
  // NUL, surrogates and out-of-range values are parse errors read as U+FFFD.
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD';
  if (code >= 0x80 && code <= 0x9f) return WINDOWS_1252[code - 0x80] ?? '\uFFFD';
  return String.fromCodePoint(code);
}

/** Decodes character references in text or an attribute value. */
export function decodeHtmlEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(
    /&(?:#[xX]([0-9a-fA-F]{1,8});?|#([0-9]{1,8});?|([a-zA-Z][a-zA-Z0-9]*);)/g,
    (m, hex?: string, dec?: string, name?: string) => {
      if (hex !== undefined) return fromCodePoint(parseInt(hex, 16));
      if (dec !== undefined) return fromCodePoint(parseInt(dec, 10));
      return NAMED.get(name ?? '') ?? m;
    },
  );
}
