// Reads the .eml fixtures as the raw bytes they are (never through a text decoder).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function eml(name: string): Uint8Array {
  const path = fileURLToPath(new URL(`../fixtures/eml/${name}`, import.meta.url));
  return new Uint8Array(readFileSync(path));
}
