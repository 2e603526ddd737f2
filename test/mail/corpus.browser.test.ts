import { afterAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { createWorkerParser } from '../../src/state/parser-client.js';
import { renderMail } from '../../src/mail/render.js';
import { isUnparseable } from '../../src/mail/types.js';
import { CORPUS_DIR, CORPUS_SIZE, latin1ToBytes } from './corpus.js';

/** Files read per round trip to the test server; bounds memory and keeps the pool busy. */
const BATCH = 64;
/** A remote image or CSS fetch surviving sanitizing (links are fine: they are not fetched). */
const REMOTE_RESOURCE =
  /\s(?:src|srcset|background)="\s*(?:https?:)?\/\/|url\(\s*["']?\s*(?:https?:)?\/\//i;

describe('SpamAssassin corpus in Chromium', () => {
  const parser = createWorkerParser();
  afterAll(() => parser.dispose());

  it(
    'IMPORT-1 VIEW-2 all 6,046 real messages parse in the worker and render without an error',
    { timeout: 300_000 },
    async () => {
      const files = JSON.parse(await commands.readFile(`${CORPUS_DIR}/file_list.json`)) as string[];
      expect(files).toHaveLength(CORPUS_SIZE);
      const unparseable: string[] = [];
      let frames = 0;
      let withBlockedRemote = 0;
      for (let i = 0; i < files.length; i += BATCH) {
        const batch = files.slice(i, i + BATCH);
        const raws = await Promise.all(
          batch.map((f) => commands.readFile(`${CORPUS_DIR}/${f}`, 'latin1')),
        );
        const parsed = await Promise.all(raws.map((r) => parser.parse(latin1ToBytes(r))));
        parsed.forEach((p, j) => {
          if (isUnparseable(p)) {
            unparseable.push(`${batch[j]}: ${p.error}`);
            return;
          }
          for (const allowRemote of [false, true]) {
            const r = renderMail(p, { allowRemote });
            if (!allowRemote) {
              frames += r.frames.length;
              if (r.blockedRemote > 0) withBlockedRemote++;
              for (const f of r.frames) {
                if (
                  !f.startsWith(
                    '<!doctype html><html><head><meta http-equiv="Content-Security-Policy"',
                  )
                ) {
                  throw new Error(`${batch[j]}: frame without CSP first`);
                }
                if (REMOTE_RESOURCE.test(f))
                  throw new Error(
                    `${batch[j]}: remote resource left in ${f.match(REMOTE_RESOURCE)?.[0]}`,
                  );
              }
            } else {
              expect(r.blockedRemote).toBe(0);
            }
          }
        });
      }
      console.info(
        `browser corpus: ${files.length} messages, ${unparseable.length} unparseable, ${frames} frames, ${withBlockedRemote} with remote content blocked`,
      );
      expect(unparseable).toEqual([]);
    },
  );
});
