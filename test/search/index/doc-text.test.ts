// SEARCH-1: the index reads a message's body text from its bytes with a lighter parse
// (parse.ts parseBodyParts) than the reader's; it must be the very text the reader's parse
// gives, or snippets and phrase checks would disagree with what was indexed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/mail/parse.js';
import { bodyToIndex, MAX_BODY_CHARS } from '../../../src/search/index/doc-text.js';
import { indexTextInline } from '../../../src/search/index/inline-reader.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/eml');

describe('SEARCH-1 the indexed body text', () => {
  const names = readdirSync(FIXTURES).filter((n) => n.endsWith('.eml'));

  it.each(names)('is what the full parse gives for %s', async (name) => {
    const raw = new Uint8Array(readFileSync(join(FIXTURES, name)));
    expect(await indexTextInline(raw)).toBe(bodyToIndex(await parseMessage(raw)));
  });

  it('is cut at the limit, as the full parse cuts it', async () => {
    const body = 'Palabras del cuerpo. '.repeat(600);
    const raw = new TextEncoder().encode(
      `From: ana@correo.es\r\nSubject: largo\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}`,
    );
    const text = await indexTextInline(raw);
    expect(text).toBe(bodyToIndex(await parseMessage(raw)));
    expect(text).toBe(body.slice(0, MAX_BODY_CHARS));
  });
});
