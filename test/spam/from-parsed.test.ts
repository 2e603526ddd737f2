// SPAM-1/SPAM-2: the app's own parse (mail/parse.ts, the parse worker's code) gives the
// classifier the same clues as postal-mime's Email that the corpus test and benchmark read.
import { readFileSync } from 'node:fs';
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/mail/parse.js';
import { isUnparseable } from '../../src/mail/types.js';
import { spamInputFromEmail, spamInputFromParsed } from '../../src/spam/from-parsed.js';
import { tokenize } from '../../src/spam/tokenize.js';

const FIXTURES = ['sa-spam.eml', 'sa-ham.eml', 'rspamd-spam.eml', 'forged-no.eml'];

describe('spam input from a parsed message', () => {
  it.each(FIXTURES)(
    'SPAM-1 %s gives the same tokens through the app parser as through postal-mime',
    async (name) => {
      const raw = new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
      const parsed = await parseMessage(raw);
      if (isUnparseable(parsed)) throw new Error(parsed.error);
      const fromParsed = spamInputFromParsed(parsed);
      const fromEmail = spamInputFromEmail(await PostalMime.parse(raw));
      expect(fromParsed.subject).toBe(fromEmail.subject);
      expect(fromParsed.fromAddress).toBe(fromEmail.fromAddress);
      expect(fromParsed.headers.map((h) => h.key)).toEqual(fromEmail.headers.map((h) => h.key));
      expect(new Set(tokenize(fromParsed))).toEqual(new Set(tokenize(fromEmail)));
    },
  );
});
