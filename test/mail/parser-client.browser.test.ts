import { afterAll, describe, expect, it } from 'vitest';
import { createWorkerParser } from '../../src/state/parser-client.js';
import { parseMessage } from '../../src/mail/parse.js';
import { isUnparseable } from '../../src/mail/types.js';
import { bodyToIndex } from '../../src/search/index/doc-text.js';
import { inlineBodyReader } from '../../src/search/index/inline-reader.js';
import { emlInBrowser } from './browser-fixtures.js';

describe('worker parser (browser)', () => {
  const parser = createWorkerParser({ workers: 2 });
  afterAll(() => parser.dispose());

  it('IMPORT-1 gives the same result in the worker as in-process, and the caller keeps its bytes', async () => {
    for (const name of [
      'alternative-related-cid.eml',
      'rfc822-inside.eml',
      'hostile-filenames.eml',
      'latin1-unlabeled.eml',
    ]) {
      const raw = await emlInBrowser(name);
      const size = raw.byteLength;
      const inWorker = await parser.parse(raw);
      expect(raw.byteLength, `${name} bytes still usable`).toBe(size);
      expect(inWorker).toEqual(await parseMessage(raw));
    }
  });

  it('answers many concurrent requests, each with its own result', async () => {
    const names = ['two-from.eml', 'flowed.eml', 'attachment-only.eml', 'nasty-headers.eml'];
    const raws = await Promise.all(names.map(emlInBrowser));
    const summaries = await Promise.all(raws.concat(raws, raws).map((r) => parser.summarize(r)));
    const subjects = summaries.map((s) => (isUnparseable(s) ? s.error : s.subject));
    expect(subjects.slice(0, 4)).toEqual([
      'Account notice',
      'Flowed',
      'Scan',
      'Hello Bcc: everyone@example.org there',
    ]);
    expect(subjects.slice(4, 8)).toEqual(subjects.slice(0, 4));
  });

  it('SEARCH-1 gives the search index the body text the full parse gives, and keeps it after a shut-down', async () => {
    for (const name of [
      'alternative-related-cid.eml',
      'flowed.eml',
      'garbage.eml',
      'latin1-unlabeled.eml',
    ]) {
      const raw = await emlInBrowser(name);
      expect(await parser.indexText(raw), name).toBe(bodyToIndex(await parseMessage(raw)));
    }
    const other = createWorkerParser({ workers: 1 });
    other.dispose();
    expect(await other.indexText(new TextEncoder().encode('From: a@b.c\n\nhi'))).toBe(
      'From: a@b.c\n\nhi',
    );
  });

  it('SEARCH-1 gives a build batch each body as the folded tokens the index would make of it', async () => {
    const names = ['alternative-related-cid.eml', 'flowed.eml', 'garbage.eml', 'two-from.eml'];
    const raws = await Promise.all(names.map(emlInBrowser));
    const [inWorker, inline] = await Promise.all([
      parser.indexTokens(raws),
      inlineBodyReader.tokens(raws),
    ]);
    expect(inWorker).toEqual(inline);
    expect(inWorker[1]?.length).toBeGreaterThan(3);
    const other = createWorkerParser({ workers: 1 });
    other.dispose();
    // Nothing came back: each is marked for the source-text fallback.
    expect(await other.indexTokens(raws)).toEqual([null, null, null, null]);
  });

  it('bootstrap: summarizes a download batch in one request per worker, in order, as one by one would', async () => {
    const names = [
      'two-from.eml',
      'flowed.eml',
      'garbage.eml',
      'attachment-only.eml',
      'nasty-headers.eml',
    ];
    const raws = await Promise.all(names.map(emlInBrowser));
    const sizes = raws.map((r) => r.byteLength);
    const batch = await parser.summarizeBatch(raws);
    // The caller's bytes stay usable (they are written to the store next).
    expect(raws.map((r) => r.byteLength)).toEqual(sizes);
    expect(batch).toEqual(await Promise.all(raws.map((r) => parser.summarize(r))));
    expect(batch?.[2] && isUnparseable(batch[2])).toBe(true);
    const other = createWorkerParser({ workers: 1 });
    other.dispose();
    // Nothing came back: the caller summarizes one by one instead.
    expect(await other.summarizeBatch(raws)).toBeNull();
  });

  it('maps bad mail and a shut-down pool to UnparseableMessage, never a rejection', async () => {
    const garbage = await parser.parse(await emlInBrowser('garbage.eml'));
    expect(isUnparseable(garbage) && garbage.error).toMatch(/does not look like an e-mail/);
    const other = createWorkerParser({ workers: 1 });
    other.dispose();
    const after = await other.parse(new TextEncoder().encode('From: a@b.c\n\nhi'));
    expect(isUnparseable(after) && after.error).toBe('The parser was shut down.');
    expect(isUnparseable(after) && after.rawText).toBe('From: a@b.c\n\nhi');
  });
});
