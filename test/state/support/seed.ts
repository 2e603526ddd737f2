// Puts generated messages straight into a folder through the store (real parser, real
// hashes), for tests about lists, folders and Trash that are not about import.
import { createInlineParser } from '../../../src/mail/parse.js';
import { newEmailRecord } from '../../../src/state/email-rows.js';
import { sha256Hex } from '../../../src/state/hash.js';
import type { BuzonDb } from '../../../src/store/db.js';
import { newId } from '../../../src/store/ids.js';
import { putNewMessages } from '../../../src/store/repos/emails.js';
import { genMessage, rng } from './mail-gen.js';

const parser = createInlineParser();

export async function seedRaw(
  db: BuzonDb,
  mailboxId: string,
  raws: readonly Uint8Array[],
  now = Date.UTC(2025, 5, 1),
): Promise<string[]> {
  const items = await Promise.all(
    raws.map(async (raw) => ({
      email: newEmailRecord({
        id: newId(),
        mailboxId,
        raw,
        contentHash: await sha256Hex(raw),
        summary: await parser.summarize(raw),
        now,
        seen: false,
      }),
      raw,
    })),
  );
  await putNewMessages(db, items);
  return items.map((i) => i.email.id);
}

/** `count` generated messages in a folder; returns their ids in generation order. */
export async function seed(
  db: BuzonDb,
  mailboxId: string,
  count: number,
  seedNo = 1,
  offset = 0,
): Promise<string[]> {
  const r = rng(seedNo);
  const raws = Array.from({ length: count }, (_, i) =>
    genMessage(r, { index: offset + i, attachment: i % 7 === 0 }),
  );
  return seedRaw(db, mailboxId, raws);
}
