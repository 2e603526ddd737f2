// PGP-2: the builder split into message headers and body entity, so the entity can be
// signed. Without options the split reassembles to buildMessage's bytes exactly; with
// `signable` the entity passes any transport unchanged (RFC 3156 §3).
import PostalMime from 'postal-mime';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { assembleMessage, buildMessage, buildMessageParts } from '../../../src/mail/mime/build.js';
import { MimeBuildError } from '../../../src/mail/mime/errors.js';
import { signingInput } from '../../../src/pgp/mime/index.js';
import { FIXTURES, FORWARDED_EML, base } from '../../mail/mime/fixtures.js';
import { text } from './messages.js';

/** Boundaries are random; a counter makes two builds of one message comparable byte for byte. */
let counter = 0;
beforeEach(() => {
  vi.spyOn(crypto, 'getRandomValues').mockImplementation(
    <T extends ArrayBufferView | null>(array: T): T => {
      if (!array) return array;
      const view = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (let i = 0; i < view.length; i++) view[i] = (counter * 31 + i * 7) & 0xff;
      counter++;
      return array;
    },
  );
});
afterEach(() => vi.restoreAllMocks());

const MESSAGES = {
  ...FIXTURES,
  receipt: base({
    mdn: { finalRecipient: 'ana@example.com', originalMessageId: 'orig-1@example.org' },
  }),
  fromLine: base({ text: 'Hola Ana,\nFrom now on we sign.\n' }),
};

describe('PGP-2 buildMessageParts and assembleMessage', () => {
  for (const [name, message] of Object.entries(MESSAGES)) {
    it(`PGP-2 reassembles "${name}" to buildMessage's bytes exactly`, () => {
      counter = 0;
      const whole = buildMessage(message);
      counter = 0;
      const parts = buildMessageParts(message);
      expect(text(assembleMessage(parts.headers, parts.entity))).toBe(text(whole));
      expect(assembleMessage(parts.headers, parts.entity)).toEqual(whole);
    });
  }

  it('PGP-2 the entity starts with its own Content-Type and the headers hold none', () => {
    const parts = buildMessageParts(FIXTURES.rich);
    expect(text(parts.entity)).toMatch(/^Content-Type: multipart\/alternative;/);
    expect(parts.headers.some((h) => /^content-/i.test(h))).toBe(false);
    expect(parts.headers).toContain('MIME-Version: 1.0');
  });
});

describe('PGP-2 entities fit to be signed', () => {
  it('PGP-2 every fixture built signable passes signingInput', () => {
    for (const message of Object.values(MESSAGES)) {
      const { entity } = buildMessageParts(message, { signable: true });
      expect(signingInput(entity)).toEqual(entity);
    }
  });

  it('PGP-2 a 7bit "From " line is refused as is, and quoted-printable when signable', async () => {
    const plain = buildMessageParts(MESSAGES.fromLine).entity;
    expect(() => signingInput(plain)).toThrow(MimeBuildError);
    expect(() => signingInput(plain)).toThrow(/From /);
    const signable = buildMessageParts(MESSAGES.fromLine, { signable: true });
    expect(text(signable.entity)).toContain('Content-Transfer-Encoding: quoted-printable');
    expect(text(signable.entity)).toContain('\r\n=46rom now on we sign.');
    const read = await PostalMime.parse(assembleMessage(signable.headers, signable.entity));
    expect(read.text?.replace(/\r\n/g, '\n')).toBe('Hola Ana,\nFrom now on we sign.\n');
  });

  it('PGP-2 an 8bit forwarded message goes as a base64 .eml attachment when signable', async () => {
    const plain = buildMessageParts(FIXTURES.forwardEml).entity;
    expect(() => signingInput(plain)).toThrow(/8-bit/);
    const signable = buildMessageParts(FIXTURES.forwardEml, { signable: true });
    expect(text(signable.entity)).toMatch(
      /Content-Type: application\/octet-stream; name="Original.eml"/,
    );
    expect(text(signable.entity)).not.toContain('Content-Transfer-Encoding: 8bit');
    const read = await PostalMime.parse(assembleMessage(signable.headers, signable.entity));
    const eml = read.attachments.find((a) => a.filename === 'Original.eml');
    expect(new Uint8Array(eml?.content as ArrayBuffer)).toEqual(FORWARDED_EML);
  });

  it('PGP-2 signable leaves a message that needs no change byte-identical', () => {
    counter = 0;
    const plain = buildMessageParts(FIXTURES.inline).entity;
    counter = 0;
    expect(buildMessageParts(FIXTURES.inline, { signable: true }).entity).toEqual(plain);
  });

  it('PGP-2 signingInput refuses bare line feeds, trailing white space and long lines', () => {
    const enc = new TextEncoder();
    expect(() => signingInput(enc.encode('Content-Type: text/plain\n\nhola\n'))).toThrow(
      /bare line feed/,
    );
    expect(() => signingInput(enc.encode('Content-Type: text/plain\r\n\r\nhola \r\n'))).toThrow(
      /white space/,
    );
    expect(() =>
      signingInput(enc.encode(`Content-Type: text/plain\r\n\r\n${'x'.repeat(999)}`)),
    ).toThrow(/998/);
  });
});
