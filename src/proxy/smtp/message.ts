// What the proxy reads from a message it submits, without rewriting it: the header block's
// fields (unfolded), the addresses in From/To/Cc/Bcc for the envelope, and the same bytes
// minus the Bcc field (RFC 5322 §3.6.3: blind recipients must not see each other). The
// client builds the MIME; every other byte goes out as the client made it.
import addressparser from 'nodemailer/lib/addressparser';

export interface HeaderField {
  /** Lower-cased field name. */
  name: string;
  /** The value with folding line breaks removed. */
  value: string;
  /** Byte offsets of the whole field, continuation lines and final line break included. */
  start: number;
  end: number;
}

/** Where the header block ends: just after the empty line (or the whole message). */
function headerEnd(raw: Buffer): number {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf === -1 && lf === -1) return raw.length;
  if (lf === -1 || (crlf !== -1 && crlf < lf)) return crlf + 4;
  return lf + 2;
}

/** The header fields in order. Bytes are read as latin1, so offsets are byte offsets. */
export function headerFields(raw: Buffer): HeaderField[] {
  const end = headerEnd(raw);
  const text = raw.subarray(0, end).toString('latin1');
  const fields: HeaderField[] = [];
  let offset = 0;
  while (offset < text.length) {
    let next = text.indexOf('\n', offset);
    next = next === -1 ? text.length : next + 1;
    const line = text.slice(offset, next);
    const last = fields[fields.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last.value += line.replace(/\r?\n$/, '');
      last.end = next;
    } else {
      const colon = line.indexOf(':');
      if (colon > 0) {
        fields.push({
          name: line.slice(0, colon).trim().toLowerCase(),
          value: line.slice(colon + 1).replace(/\r?\n$/, ''),
          start: offset,
          end: next,
        });
      }
    }
    offset = next;
  }
  return fields;
}

/** Every mailbox address in the fields named `names`, groups flattened, in order, once each. */
export function addressesIn(fields: readonly HeaderField[], names: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const field of fields) {
    if (!names.includes(field.name)) continue;
    // Header bytes are UTF-8 when not ASCII (RFC 6532); decode the value for the parser.
    const value = Buffer.from(field.value, 'latin1').toString('utf8');
    for (const { address } of addressparser(value, { flatten: true })) {
      const key = address.toLowerCase();
      if (address === '' || seen.has(key)) continue;
      seen.add(key);
      out.push(address);
    }
  }
  return out;
}

/** The message with every Bcc field removed; the same buffer when there is none. */
export function withoutBcc(raw: Buffer, fields: readonly HeaderField[]): Buffer {
  const bcc = fields.filter((f) => f.name === 'bcc');
  if (bcc.length === 0) return raw;
  const parts: Buffer[] = [];
  let from = 0;
  for (const field of bcc) {
    parts.push(raw.subarray(from, field.start));
    from = field.end;
  }
  parts.push(raw.subarray(from));
  return Buffer.concat(parts);
}
