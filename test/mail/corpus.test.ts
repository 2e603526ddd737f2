import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMessage } from '../../src/mail/parse.js';
import { isUnparseable } from '../../src/mail/types.js';
import { CORPUS_DIR, CORPUS_GROUPS, CORPUS_SIZE } from './corpus.js';

describe('SpamAssassin corpus (real mail)', () => {
  it(
    'IMPORT-1 every one of the 6,046 messages parses without an exception',
    { timeout: 300_000 },
    async () => {
      const files = CORPUS_GROUPS.flatMap((g) =>
        readdirSync(join(CORPUS_DIR, g))
          .filter((f) => f.endsWith('.txt'))
          .map((f) => join(CORPUS_DIR, g, f)),
      );
      expect(files).toHaveLength(CORPUS_SIZE);
      const unparseable: string[] = [];
      let parts = 0;
      let attachments = 0;
      for (const file of files) {
        const p = await parseMessage(new Uint8Array(readFileSync(file)));
        if (isUnparseable(p)) {
          expect(p.error.length).toBeGreaterThan(10);
          expect(p.rawText.length).toBeGreaterThan(0);
          unparseable.push(`${file}: ${p.error}`);
          continue;
        }
        expect(typeof p.summary.subject).toBe('string');
        expect(p.summary.subject).not.toMatch(/[\0\r\n]/);
        parts += p.parts.length;
        attachments += p.attachments.length;
      }
      console.info(
        `corpus: ${files.length} messages, ${unparseable.length} unparseable, ${parts} display parts, ${attachments} attachments`,
        unparseable,
      );
      // Every message in the corpus is real mail; none should be refused.
      expect(unparseable).toEqual([]);
    },
  );
});
