// Fixture bytes in the browser project: read through Vitest's file command as latin-1
// (one character per byte), so the parser sees exactly the bytes on disk.
import { commands } from 'vitest/browser';
import { latin1ToBytes } from './corpus.js';

export async function emlInBrowser(name: string): Promise<Uint8Array> {
  return latin1ToBytes(await commands.readFile(`test/fixtures/eml/${name}`, 'latin1'));
}
