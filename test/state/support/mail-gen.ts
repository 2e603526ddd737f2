// A small seeded generator of real RFC 5322 messages for list and import tests: varied
// senders, accented subjects, dates, sizes, some with attachments.
const NAMES = [
  'Álvaro Núñez',
  'beatriz Ortega',
  'Carl Young',
  'Dana Émile',
  'eve@example.net',
  'Zoë Adams',
];
const WORDS = [
  'informe',
  'reunión',
  'budget',
  'lunes',
  'árbol',
  'quarterly',
  'Über',
  'factura',
  'zebra',
  'meeting',
];

/** Mulberry32: a tiny deterministic PRNG so failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)] as T;
}

function encodeWord(s: string): string {
  // RFC 2047 B-encoding keeps non-ASCII subjects and names legal in headers.
  return /^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
}

export interface GenOptions {
  index: number;
  date?: Date;
  subject?: string;
  from?: string;
  attachment?: boolean;
  body?: string;
}

export function genMessage(r: () => number, o: GenOptions): Uint8Array {
  const from = o.from ?? pick(r, NAMES);
  const fromHeader = from.includes('@')
    ? from
    : `${encodeWord(from)} <${from.split(' ')[0]?.toLowerCase()}@example.org>`;
  const subject =
    o.subject ?? `${pick(r, ['', 'Re: ', 'Fwd: '])}${pick(r, WORDS)} ${pick(r, WORDS)} ${o.index}`;
  const date = o.date ?? new Date(Date.UTC(2024, 0, 1) + Math.floor(r() * 300 * 86400_000));
  const body = o.body ?? `${pick(r, WORDS)} `.repeat(5 + Math.floor(r() * 200));
  const head = [
    `From: ${fromHeader}`,
    'To: You <you@example.org>',
    `Subject: ${encodeWord(subject)}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <gen-${o.index}@example.org>`,
    'MIME-Version: 1.0',
  ];
  let text: string;
  if (o.attachment) {
    const b = `b${o.index}`;
    text = [
      ...head,
      `Content-Type: multipart/mixed; boundary="${b}"`,
      '',
      `--${b}`,
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      body,
      `--${b}`,
      'Content-Type: application/octet-stream; name="data.bin"',
      'Content-Disposition: attachment; filename="data.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('x'.repeat(300 + o.index)).toString('base64'),
      `--${b}--`,
      '',
    ].join('\r\n');
  } else {
    text = [
      ...head,
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      body,
      '',
    ].join('\r\n');
  }
  return new Uint8Array(Buffer.from(text, 'utf8'));
}
