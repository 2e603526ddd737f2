// Text helpers for untrusted bytes and strings: lenient decoding, control-character
// cleaning, and a DOM-free HTML-to-text for previews (this runs inside a worker).

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });
// windows-1252 is what the WHATWG Encoding standard maps "latin1" to; it never fails.
const latin1 = new TextDecoder('windows-1252');

/**
 * Decodes bytes whose charset is unknown: UTF-8 when the bytes are valid UTF-8,
 * otherwise windows-1252, which is what unlabeled 8-bit mail of the era almost always is.
 * Never throws and never turns bytes into U+FFFD, so a raw source view stays readable.
 */
export function decodeLenient(bytes: Uint8Array): string {
  try {
    return utf8Fatal.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}

export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    utf8Fatal.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** C0 controls (except TAB, LF, CR), DEL and NUL: invisible, and NUL truncates strings in some UIs. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
// eslint-disable-next-line no-control-regex
const ALL_CONTROL_CHARS = /[\u0000-\u001F\u007F]/g;
/** A control, CR, LF and TAB included: what `cleanHeaderText` removes or turns into a space. */
// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u001F\u007F]/;

/** Bidi controls that reorder text: the embedding/override/isolate family and marks. */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
const BIDI_CONTROLS_G = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/**
 * Cleans a one-line header value for display: CR/LF/TAB become spaces (a decoded
 * encoded-word may carry them), other controls and NUL are removed, runs of spaces
 * collapse. Bidi characters are kept; the UI isolates them (`dir=auto`, `<bdi>`).
 */
export function cleanHeaderText(value: string): string {
  // Most values have nothing to clean but their ends: one scan instead of four passes.
  if (!ANY_CONTROL.test(value) && !value.includes('  ')) return value.trim();
  return value
    .replace(/[\r\n\t]+/g, ' ')
    .replace(ALL_CONTROL_CHARS, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Removes controls from body text but keeps line structure. */
export function cleanBodyText(value: string): string {
  return value.replace(CONTROL_CHARS, '');
}

export function hasBidiControls(value: string): boolean {
  return BIDI_CONTROLS.test(value);
}

export function stripBidiControls(value: string): string {
  return value.replace(BIDI_CONTROLS_G, '');
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  copy: '©',
  reg: '®',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  laquo: '«',
  raquo: '»',
  euro: '€',
};

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (m, body: string) => {
    if (body[0] === '#') {
      const code =
        body[1] === 'x' || body[1] === 'X'
          ? parseInt(body.slice(2), 16)
          : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? m;
  });
}

/**
 * HTML to plain text without a DOM, for previews and search only (never for display):
 * drops head/style/script blocks, comments and tags, decodes common entities.
 */
export function htmlToPlainText(html: string): string {
  const stripped = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(head|style|script|title)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<\/?(br|p|div|tr|td|th|li|ul|ol|table|blockquote|h[1-6])\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(stripped);
}

function flatten(text: string): string {
  return cleanHeaderText(text.replace(/\s+/g, ' '));
}

/**
 * Collapses whitespace and cuts to about `max` characters on a word boundary. Only the
 * text's start is flattened: a window that grows until it gives more than `max`
 * characters or holds the whole text. Each step of the flattening maps a prefix of the
 * text to a prefix of the result, so the answer is the one the whole text gives (tested);
 * a long body no longer goes through five replaces for 200 characters.
 */
export function makePreview(text: string, max: number): string {
  let window = max * 4;
  let flat = flatten(text.slice(0, window));
  while (window < text.length && flat.length <= max) {
    window *= 4;
    flat = flatten(text.slice(0, window));
  }
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.7 ? cut.slice(0, space) : cut) + '…';
}
