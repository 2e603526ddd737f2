// PGP-4: hostile input. analyzePgp never throws; each limit of src/mail/limits.ts stops
// the walk with a reason, and what was found before it is kept.
import { describe, expect, it } from 'vitest';
import {
  MAX_HEADER_BYTES,
  MAX_MESSAGE_BYTES,
  MAX_MIME_DEPTH,
  MAX_PARTS,
} from '../../../src/mail/limits.js';
import { analyzeDecrypted, analyzePgp } from '../../../src/pgp/mime/index.js';
import { MAX_INLINE_BLOCKS } from '../../../src/pgp/mime/limits.js';
import { HEADERS, bytes, encryptedEntity, signedMessage } from './messages.js';

const ARMOR = '-----BEGIN PGP MESSAGE-----\r\n\r\nhQEMA0xyz\r\n-----END PGP MESSAGE-----\r\n';
const SIG = '-----BEGIN PGP SIGNATURE-----\r\n\r\niHUEARYIAB0\r\n-----END PGP SIGNATURE-----\r\n';

function nested(depth: number, leaf: string): string {
  let entity = leaf;
  for (let i = depth; i > 0; i--)
    entity = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${entity}\r\n--b${i}--\r\n`;
  return HEADERS + entity;
}

describe('PGP-4 hostile messages give reasons, not exceptions', () => {
  it('PGP-4 nesting deeper than MAX_MIME_DEPTH stops with a reason', () => {
    const a = analyzePgp(bytes(nested(MAX_MIME_DEPTH + 8, encryptedEntity(ARMOR))));
    expect(a.problems.join()).toMatch(/nests deeper/);
    expect(a.protections).toEqual([]);
  });

  it('PGP-4 an encrypted part at a depth within the limit is found, and only-child nesting keeps it whole', () => {
    const a = analyzePgp(bytes(nested(MAX_MIME_DEPTH - 2, encryptedEntity(ARMOR))));
    expect(a.problems).toEqual([]);
    expect(a.protections).toMatchObject([{ kind: 'pgp-mime-encrypted', coverage: 'whole' }]);
  });

  it('PGP-4 more than MAX_PARTS parts stops with a reason, keeping what came first', () => {
    const many = Array.from(
      { length: MAX_PARTS + 5 },
      () => '--m\r\nContent-Type: text/plain\r\n\r\nx\r\n',
    ).join('');
    const raw = `${HEADERS}Content-Type: multipart/mixed; boundary="m"\r\n\r\n--m\r\n${encryptedEntity(ARMOR)}\r\n${many}--m--\r\n`;
    const a = analyzePgp(bytes(raw));
    expect(a.problems.join()).toMatch(/more than 1000 parts/);
    expect(a.protections).toMatchObject([
      { kind: 'pgp-mime-encrypted', partId: '1', coverage: 'part' },
    ]);
  });

  it('PGP-4 a header block over MAX_HEADER_BYTES is not parsed', () => {
    const huge = `X-Junk: ${'a'.repeat(MAX_HEADER_BYTES)}\r\n`;
    const a = analyzePgp(bytes(HEADERS + huge + encryptedEntity(ARMOR)));
    expect(a.problems.join()).toMatch(/header data/);
    expect(a.protections).toEqual([]);
  });

  it('PGP-4 headers summed over many parts are bounded too', () => {
    const part = `--m\r\nContent-Type: text/plain\r\nX-Junk: ${'a'.repeat(100_000)}\r\n\r\nx\r\n`;
    const raw = `${HEADERS}Content-Type: multipart/mixed; boundary="m"\r\n\r\n${part.repeat(20)}--m--\r\n`;
    expect(analyzePgp(bytes(raw)).problems.join()).toMatch(/header data/);
  });

  it('PGP-4 a message over MAX_MESSAGE_BYTES is not examined', () => {
    const raw = new Uint8Array(MAX_MESSAGE_BYTES + 1).fill(0x61);
    expect(analyzePgp(raw).problems.join()).toMatch(/too large/);
  });

  it('PGP-4 a multipart without a boundary, or whose boundary never occurs, gives reasons', () => {
    const noBoundary = analyzePgp(bytes(`${HEADERS}Content-Type: multipart/mixed\r\n\r\n${ARMOR}`));
    expect(noBoundary.problems.join()).toMatch(/without a boundary/);
    const absent = signedMessage('Content-Type: text/plain\r\n\r\nhola\r\n', SIG).replace(
      /--sig-1/g,
      '--other',
    );
    const a = analyzePgp(bytes(absent));
    expect(a.protections).toMatchObject([
      { kind: 'malformed', reason: expect.stringMatching(/has 0/) },
    ]);
  });

  it(`PGP-4 more than MAX_INLINE_BLOCKS inline blocks are not all turned into jobs`, () => {
    const body = ARMOR.repeat(MAX_INLINE_BLOCKS + 10);
    const a = analyzePgp(bytes(`${HEADERS}Content-Type: text/plain\r\n\r\n${body}`));
    const inline = a.protections.find((p) => p.kind === 'inline');
    expect(inline?.kind === 'inline' && inline.blocks.length).toBe(MAX_INLINE_BLOCKS);
    expect(a.protections.some((p) => p.kind === 'malformed' && /first 32/.test(p.reason))).toBe(
      true,
    );
  });

  it('PGP-4 empty input, binary noise and every truncation of a real message never throw', () => {
    const noise = Uint8Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24);
    for (const input of [
      new Uint8Array(0),
      noise,
      bytes('\r\n\r\n'),
      bytes('Content-Type: multipart/signed\r\n\r\n'),
    ]) {
      expect(() => analyzePgp(input)).not.toThrow();
      expect(() => analyzeDecrypted(input)).not.toThrow();
    }
    const real = bytes(
      signedMessage(
        `Content-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\n${encryptedEntity(ARMOR)}\r\n--x--\r\n`,
        SIG,
      ),
    );
    for (let cut = 0; cut <= real.length; cut += 7) {
      const a = analyzePgp(real.subarray(0, cut));
      expect(Array.isArray(a.protections)).toBe(true);
    }
  });

  it('PGP-4 an unknown charset in an inline text part falls back instead of throwing', () => {
    const a = analyzePgp(
      bytes(`${HEADERS}Content-Type: text/plain; charset=x-klingon\r\n\r\n${ARMOR}`),
    );
    expect(a.protections).toMatchObject([{ kind: 'inline', coverage: 'whole' }]);
  });

  it('PGP-4 forwarded messages nested deeper than MAX_RFC822_DEPTH are not walked, without error', () => {
    let msg = `${HEADERS}${encryptedEntity(ARMOR)}`;
    for (let i = 0; i < 12; i++) msg = `${HEADERS}Content-Type: message/rfc822\r\n\r\n${msg}`;
    const a = analyzePgp(bytes(msg));
    expect(a.problems).toEqual([]);
    expect(a.protections).toEqual([]);
  });
});
