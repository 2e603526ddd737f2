// MIME encoders for the bench generator: line wrapping, quoted-printable (RFC 2045),
// base64, RFC 2047 encoded-words and RFC 5322 dates. Plain functions, no randomness.
export const CRLF = '\r\n';
/** RFC 5322 recommends lines of at most 78 characters; 76 leaves room for QP's "=". */
export const LINE = 76;

export function wrap(text) {
  const lines = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const w of para.split(' ')) {
      if (line && line.length + w.length + 1 > LINE) {
        lines.push(line);
        line = w;
      } else line = line ? line + ' ' + w : w;
    }
    lines.push(line);
  }
  return lines.join(CRLF);
}

/** RFC 2045 § 6.7 quoted-printable, soft line breaks at 76. */
export function encodeQP(text) {
  const bytes = Buffer.from(text.replace(/\r?\n/g, '\n'), 'utf8');
  const out = [];
  let line = '';
  const push = (tok) => {
    if (line.length + tok.length > LINE - 1) {
      out.push(line + '=');
      line = '';
    }
    line += tok;
  };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x0a) {
      out.push(line);
      line = '';
    } else if (
      (b >= 33 && b <= 126 && b !== 61) ||
      (b === 32 && bytes[i + 1] !== 0x0a && i + 1 < bytes.length)
    ) {
      push(String.fromCharCode(b));
    } else push('=' + b.toString(16).toUpperCase().padStart(2, '0'));
  }
  out.push(line);
  return out.join(CRLF);
}

export function encodeB64(buf) {
  return buf.toString('base64').replace(/.{76}/g, `$&${CRLF}`);
}

/** RFC 2047 encoded-word when the header text is not ASCII. */
export function encodeWord(s) {
  return /^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
}

export function rfc2822Date(ms, offsetMin) {
  const d = new Date(ms + offsetMin * 60_000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ];
  const p2 = (n) => String(n).padStart(2, '0');
  const sign = offsetMin < 0 ? '-' : '+';
  const off = Math.abs(offsetMin);
  return (
    `${days[d.getUTCDay()]}, ${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${sign}${p2(Math.floor(off / 60))}${p2(off % 60)}`
  );
}

export function escapeHtml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
