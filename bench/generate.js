// A seeded generator of realistic mail for the benchmarks: threads (Re:, In-Reply-To,
// References), text/plain and multipart/alternative bodies, quoted-printable and base64,
// some attachments, English and Spanish words, varied senders, dates and sizes.
// Same seed → byte-identical corpus, so runs compare like with like.
//
//   node bench/generate.js [count] [seed]   writes bench/corpus/<name>.zip (+ .bin/.json)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { EN_WORDS, ES_WORDS, FIRST_NAMES, LAST_NAMES, DOMAINS } from './words.js';
import {
  CRLF,
  encodeB64,
  encodeQP,
  encodeWord,
  escapeHtml,
  rfc2822Date,
  wrap,
} from './mime-encode.js';

/** Bump when the output changes, so cached corpora are rebuilt. */
export const GENERATOR_VERSION = 2;
export const CORPUS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'corpus');
/** Messages per zip: one zip of 100k would be one ~400 MB ArrayBuffer in the page. */
export const MESSAGES_PER_ZIP = 10_000;
/** The corpus starts here and moves forward a few minutes to hours per message. */
const START_DATE = Date.UTC(2019, 0, 7, 8, 0, 0);

/** mulberry32: small, fast, good enough for test data; deterministic across platforms. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (r, list) => list[Math.floor(r() * list.length)];
const between = (r, lo, hi) => lo + Math.floor(r() * (hi - lo + 1));

function sentence(r, words) {
  const n = between(r, 5, 18);
  const out = [];
  for (let i = 0; i < n; i++) out.push(pick(r, words));
  const s = out.join(' ');
  return s[0].toUpperCase() + s.slice(1) + pick(r, ['.', '.', '.', '?', '!']);
}

function paragraph(r, words) {
  const n = between(r, 1, 6);
  const out = [];
  for (let i = 0; i < n; i++) out.push(sentence(r, words));
  return out.join(' ');
}

function person(r) {
  const first = pick(r, FIRST_NAMES);
  const last = pick(r, LAST_NAMES);
  const local = `${first}.${last}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return { name: `${first} ${last}`, address: `${local}@${pick(r, DOMAINS)}` };
}

const fmtAddr = (p) => `${encodeWord(p.name)} <${p.address}>`;

function textPart(text, r) {
  // Spanish text is 8-bit: QP mostly, sometimes base64, as real clients do.
  const ascii = /^[\x20-\x7e\r\n]*$/.test(text);
  if (ascii && r() < 0.7) return { cte: '7bit', body: wrap(text) };
  return r() < 0.75
    ? { cte: 'quoted-printable', body: encodeQP(text) }
    : { cte: 'base64', body: encodeB64(Buffer.from(text, 'utf8')) };
}

const ATTACHMENTS = [
  ['application/pdf', 'pdf'],
  ['image/png', 'png'],
  ['image/jpeg', 'jpg'],
  ['text/csv', 'csv'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
];

/**
 * A corpus generator: call next() for each message, in order. Keeps a window of recent
 * messages to reply to, so threads form.
 */
export function createGenerator(seed) {
  const r = rng(seed);
  const people = Array.from({ length: 400 }, () => person(r));
  const me = { name: 'Bench User', address: 'bench.user@buzon.test' };
  const recent = [];
  let now = START_DATE;
  let n = 0;

  return function next() {
    n += 1;
    now += between(r, 60, 4 * 3600) * 1000;
    const spanish = r() < 0.4;
    const words = spanish ? ES_WORDS : EN_WORDS;
    const from = pick(r, people);
    const to = r() < 0.8 ? [me] : [me, pick(r, people)];
    const id = `${n}.${seed.toString(16)}.${createHash('sha1').update(`${seed}:${n}`).digest('hex').slice(0, 10)}@${from.address.split('@')[1]}`;
    const parent = recent.length > 0 && r() < 0.35 ? pick(r, recent) : null;
    const subject = parent
      ? `Re: ${parent.subject.replace(/^(Re: )+/, '')}`
      : sentence(r, words)
          .slice(0, between(r, 20, 70))
          .replace(/\s+\S*$|[.?!]$/, '');
    const references = parent ? [...parent.references, parent.id].slice(-10) : [];

    const paras = Array.from({ length: between(r, 1, r() < 0.1 ? 25 : 6) }, () =>
      paragraph(r, words),
    );
    let text = paras.join('\n\n') + `\n\n-- \n${from.name}`;
    if (parent) {
      const quoted = wrap(parent.firstPara)
        .split(CRLF)
        .map((l) => `> ${l}`)
        .join('\n');
      text += `\n\n${spanish ? 'El' : 'On'} ${rfc2822Date(parent.date, 0)}, ${parent.from.name}:\n${quoted}`;
    }

    const headers = [
      `Return-Path: <${from.address}>`,
      `Message-ID: <${id}>`,
      `Date: ${rfc2822Date(now, pick(r, [0, 60, 120, -300, -240, -420, 330]))}`,
      `From: ${fmtAddr(from)}`,
      `To: ${to.map(fmtAddr).join(', ')}`,
      `Subject: ${encodeWord(subject)}`,
      'MIME-Version: 1.0',
    ];
    if (parent)
      headers.push(
        `In-Reply-To: <${parent.id}>`,
        `References: ${references.map((x) => `<${x}>`).join(' ')}`,
      );
    if (r() < 0.03) headers.push('X-Priority: 1 (Highest)', 'Importance: high');

    const kind = r();
    let body;
    if (kind < 0.4) {
      const p = textPart(text, r);
      headers.push(
        'Content-Type: text/plain; charset=UTF-8',
        `Content-Transfer-Encoding: ${p.cte}`,
      );
      body = p.body;
    } else {
      const alt = `alt-${n}-${Math.floor(r() * 1e9)}`;
      const html = `<html><body>${paras.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}<p>--<br>${escapeHtml(from.name)}</p></body></html>`;
      const tp = textPart(text, r);
      const hp = textPart(html, r);
      const altPart = [
        `--${alt}`,
        'Content-Type: text/plain; charset=UTF-8',
        `Content-Transfer-Encoding: ${tp.cte}`,
        '',
        tp.body,
        `--${alt}`,
        'Content-Type: text/html; charset=UTF-8',
        `Content-Transfer-Encoding: ${hp.cte}`,
        '',
        hp.body,
        `--${alt}--`,
        '',
      ].join(CRLF);
      if (kind < 0.95) {
        headers.push(`Content-Type: multipart/alternative; boundary="${alt}"`);
        body = altPart;
      } else {
        const mix = `mix-${n}-${Math.floor(r() * 1e9)}`;
        const [type, ext] = pick(r, ATTACHMENTS);
        const size = between(r, 2_000, r() < 0.05 ? 150_000 : 30_000);
        const bytes = Buffer.alloc(size);
        for (let i = 0; i < size; i += 4)
          bytes.writeUInt32LE(Math.floor(r() * 4294967296) >>> 0, Math.min(i, size - 4));
        const fname = `${pick(r, words)}-${n}.${ext}`;
        headers.push(`Content-Type: multipart/mixed; boundary="${mix}"`);
        body = [
          `--${mix}`,
          `Content-Type: multipart/alternative; boundary="${alt}"`,
          '',
          altPart,
          `--${mix}`,
          `Content-Type: ${type}; name="${fname}"`,
          `Content-Disposition: attachment; filename="${fname}"`,
          'Content-Transfer-Encoding: base64',
          '',
          encodeB64(bytes),
          `--${mix}--`,
          '',
        ].join(CRLF);
      }
    }
    const raw = headers.join(CRLF) + CRLF + CRLF + body + CRLF;

    recent.push({ id, subject, references, from, date: now, firstPara: paras[0].slice(0, 200) });
    if (recent.length > 200) recent.shift();
    return { id, raw: Buffer.from(raw, 'utf8') };
  };
}

/**
 * Writes (or reuses) a corpus: zips of at most MESSAGES_PER_ZIP .eml under mail/<folder>/,
 * and, when `withBin`, the raw messages concatenated in one .bin with a .json of offsets
 * (what the limits page fetches). Returns paths and sizes.
 */
export async function ensureCorpus({
  count,
  seed = 2026,
  folder = 'Inbox',
  withBin = false,
  log = () => {},
}) {
  const name = `mail-${count}-s${seed}-${folder}-v${GENERATOR_VERSION}`;
  const metaPath = join(CORPUS_DIR, `${name}.meta.json`);
  if (existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
    if (!withBin || meta.bin) return meta;
  }
  mkdirSync(CORPUS_DIR, { recursive: true });
  log(`generating ${count} messages (seed ${seed}) into ${CORPUS_DIR} …`);
  const next = createGenerator(seed);
  const zips = [];
  const offsets = [];
  const chunks = [];
  let bytes = 0;
  let zip = null;
  let inZip = 0;
  const flush = async () => {
    if (!zip) return;
    const path = join(CORPUS_DIR, `${name}.part${String(zips.length + 1).padStart(2, '0')}.zip`);
    // Level 1: a realistic deflated zip without spending minutes in pure-JS deflate.
    const buf = await zip.generateAsync({
      type: 'nodebuffer',
      compression: 'DEFLATE',
      compressionOptions: { level: 1 },
    });
    writeFileSync(path + '.tmp', buf);
    renameSync(path + '.tmp', path);
    zips.push({ path, messages: inZip, bytes: buf.length });
    zip = null;
    inZip = 0;
  };
  for (let i = 1; i <= count; i++) {
    const m = next();
    zip ??= new JSZip();
    zip.file(`mail/${folder}/${String(i).padStart(6, '0')}.eml`, m.raw);
    inZip += 1;
    if (withBin) {
      offsets.push(bytes);
      chunks.push(m.raw);
    }
    bytes += m.raw.length;
    if (inZip === MESSAGES_PER_ZIP) await flush();
  }
  await flush();
  const meta = { name, count, seed, folder, rawBytes: bytes, zips };
  if (withBin) {
    meta.bin = join(CORPUS_DIR, `${name}.bin`);
    meta.index = join(CORPUS_DIR, `${name}.json`);
    writeFileSync(meta.bin, Buffer.concat(chunks));
    offsets.push(bytes);
    writeFileSync(meta.index, JSON.stringify({ count, offsets }));
  }
  writeFileSync(metaPath, JSON.stringify(meta, null, 2));
  log(`  ${count} messages, ${(bytes / 1e6).toFixed(1)} MB raw, ${zips.length} zip(s)`);
  return meta;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const count = Number(process.argv[2] ?? 1000);
  const seed = Number(process.argv[3] ?? 2026);
  const meta = await ensureCorpus({ count, seed, withBin: true, log: console.log });
  console.log(JSON.stringify(meta, null, 2));
}
