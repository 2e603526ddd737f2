// PGP-4, PGP-5: inline PGP (armored blocks in a text/plain body) made by real GnuPG:
// found with exact character ranges in the decoded text, what lies outside them reported,
// and the block bytes verify or decrypt in gpg.
import { describe, expect, it } from 'vitest';
import { analyzePgp } from '../../../src/pgp/mime/index.js';
import type { InlinePgp, PgpProtection } from '../../../src/pgp/mime/index.js';
import { gnupgForFile } from '../support/gnupg.js';
import { HEADERS, bytes, encryptSign } from './messages.js';

const GUS = 'gus@example.org';
const gpg = gnupgForFile(`Gus <${GUS}>`);

function inline(list: PgpProtection[]): InlinePgp {
  expect(list.map((p) => p.kind)).toEqual(['inline']);
  return list[0] as InlinePgp;
}

function clearsign(data: string | Uint8Array): string {
  return gpg.ok(['--clearsign'], data).stdout.toString('utf8');
}

function plainMessage(
  body: string,
  headers = 'Content-Type: text/plain; charset=utf-8\r\n',
): Uint8Array {
  return bytes(`${HEADERS}${headers}\r\n${body.replace(/\r?\n/g, '\r\n')}`);
}

describe('PGP-4 inline PGP in the text body', () => {
  it('PGP-5 a gpg --clearsign body is one whole-message block that gpg --verify accepts', () => {
    const signed = clearsign('Hola Gus,\n- con guion\nFrom here on\n¿Qué tal?\n');
    const p = inline(analyzePgp(plainMessage(signed)).protections);
    expect(p).toMatchObject({ partId: '1', coverage: 'whole' });
    expect(p.blocks).toHaveLength(1);
    const [b] = p.blocks;
    expect(b.type).toBe('clearsigned');
    expect(b.armored.startsWith('-----BEGIN PGP SIGNED MESSAGE-----')).toBe(true);
    expect(b.armored.endsWith('-----END PGP SIGNATURE-----')).toBe(true);
    expect(p.text.slice(b.range.start, b.range.end)).toBe(b.armored);
    expect(gpg.run(['--verify', gpg.file(b.bytes)]).code).toBe(0);
  });

  it('PGP-4 text around a block is reported outside it, and the block covers only part', () => {
    const signed = clearsign('Firmado.\n');
    const body = `Texto sin firmar arriba.\n\n${signed}\nPie añadido por la lista.\n`;
    const p = inline(analyzePgp(plainMessage(body)).protections);
    expect(p.coverage).toBe('part');
    expect(p.blocks[0].coverage).toBe('part');
    const outside = p.outside.map((r) => p.text.slice(r.start, r.end));
    expect(outside.join('')).toContain('Texto sin firmar arriba.');
    expect(outside.join('')).toContain('Pie añadido por la lista.');
    expect(outside.join('')).not.toContain('Firmado.');
    expect(gpg.run(['--verify', gpg.file(p.blocks[0].bytes)]).code).toBe(0);
  });

  it('PGP-5 an inline encrypted block (quoted-printable in the wire) decrypts in gpg', () => {
    const armored = encryptSign(gpg, 'Mensaje secreto con eñe.\n', GUS);
    const qp = armored.replace(/=/g, '=3D');
    const raw = plainMessage(
      `Hola:\n${qp}`,
      'Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: quoted-printable\r\n',
    );
    const p = inline(analyzePgp(raw).protections);
    expect(p.blocks.map((b) => b.type)).toEqual(['encrypted']);
    expect(p.coverage).toBe('part');
    const r = gpg.ok(['--decrypt'], p.blocks[0].armored);
    expect(r.stdout.toString('utf8')).toBe('Mensaje secreto con eñe.\n');
  });

  it('PGP-4 two blocks in one text part are found with their ranges, each covering part', () => {
    const a = clearsign('uno\n');
    const b = encryptSign(gpg, 'dos\n', GUS);
    const p = inline(analyzePgp(plainMessage(`${a}\n${b}`)).protections);
    expect(p.blocks.map((x) => x.type)).toEqual(['clearsigned', 'encrypted']);
    expect(p.blocks.every((x) => x.coverage === 'part')).toBe(true);
    for (const x of p.blocks) expect(p.text.slice(x.range.start, x.range.end)).toBe(x.armored);
  });

  it('PGP-4 a latin-1 clearsigned text verifies over the block bytes, not a UTF-8 re-encoding', () => {
    const body = Uint8Array.from('Año de la reunión\n', (c) => c.charCodeAt(0));
    const signed = gpg.ok(['--clearsign'], body).stdout;
    const raw = new Uint8Array([
      ...bytes(
        `${HEADERS}Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
      ),
      ...signed,
    ]);
    const p = inline(analyzePgp(raw).protections);
    expect(p.text).toContain('Año de la reunión');
    expect(gpg.run(['--verify', gpg.file(p.blocks[0].bytes)]).code).toBe(0);
  });

  it('PGP-4 a quoted block in a reply is not taken for the message’s own', () => {
    const quoted = clearsign('viejo\n').replace(/^/gm, '> ');
    expect(analyzePgp(plainMessage(`Respuesta.\n\n${quoted}`)).protections).toEqual([]);
  });

  it('PGP-4 a block that never ends is reported, not used', () => {
    const p = analyzePgp(plainMessage('-----BEGIN PGP MESSAGE-----\n\nhQEMA…\n'));
    expect(p.protections).toHaveLength(1);
    expect(p.protections[0]).toMatchObject({ kind: 'malformed', claimed: 'inline', partId: '1' });
  });

  it('PGP-4 the text/plain part of multipart/alternative covers only part; an attached .asc is not a body', () => {
    const signed = clearsign('alternativa\n').replace(/\r?\n/g, '\r\n');
    const raw =
      HEADERS +
      'Content-Type: multipart/mixed; boundary="m"\r\n\r\n--m\r\nContent-Type: multipart/alternative; boundary="a"\r\n\r\n' +
      `--a\r\nContent-Type: text/plain\r\n\r\n${signed}\r\n--a\r\nContent-Type: text/html\r\n\r\n<p>alternativa</p>\r\n--a--\r\n` +
      `--m\r\nContent-Type: text/plain; name="key.asc"\r\nContent-Disposition: attachment; filename="key.asc"\r\n\r\n${signed}\r\n--m--\r\n`;
    const p = inline(analyzePgp(bytes(raw)).protections);
    expect(p).toMatchObject({ partId: '1.1', coverage: 'part' });
  });
});
