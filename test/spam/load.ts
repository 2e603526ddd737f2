// Test helpers: a fixture .eml file as the classifier and verdict code see it.
import { readFileSync } from 'node:fs';
import PostalMime from 'postal-mime';
import { spamInputFromEmail } from '../../src/spam/from-parsed.js';
import type { SpamInput } from '../../src/spam/types.js';

export async function loadFixture(name: string): Promise<SpamInput> {
  const raw = readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
  return spamInputFromEmail(await PostalMime.parse(new Uint8Array(raw)));
}
