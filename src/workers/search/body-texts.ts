// The body text the index holds for each message (snippets and phrase checks), parsed again
// from its bytes: storing it would cost ~2 KB per message on disk (ADR 0024) for what only
// the rows shown need. A message indexed from its kept decrypted copy (ADR 0031) is read
// from that copy. Recent ones are remembered.
import type { BuzonDb } from '../../store/db.js';
import { readBodiesOf } from '../../store/repos/bodies.js';
import { decryptedTexts } from '../../store/repos/decrypted.js';
import type { BodyReader } from '../../search/index/doc-text.js';

/** Body texts kept between a search and its snippets (~4 KB each at most). */
const BODY_CACHE = 1_000;

export class BodyTexts {
  /** Most recent last. */
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly db: BuzonDb,
    private readonly textOf: BodyReader['text'],
    /** Whether the message was indexed from its kept copy. */
    private readonly fromCopy: (id: string) => boolean,
  ) {}

  /** A message indexed again: its old text must not be used. */
  forget(id: string): void {
    this.cache.delete(id);
  }

  async get(ids: readonly string[]): Promise<(string | undefined)[]> {
    const missing = ids.filter((id) => !this.cache.has(id));
    if (missing.length > 0) {
      // The kept copies are read only when one of these was indexed from one.
      const copies = missing.some(this.fromCopy);
      const [raws, kept] = await Promise.all([
        readBodiesOf(this.db, missing),
        copies ? decryptedTexts(this.db, missing) : [],
      ]);
      for (let i = 0; i < missing.length; i++) {
        const id = missing[i] as string;
        const keptText = this.fromCopy(id) ? kept[i] : undefined;
        const raw = raws[i];
        if (!raw && keptText === undefined) continue;
        if (this.cache.size >= BODY_CACHE)
          this.cache.delete(this.cache.keys().next().value as string);
        this.cache.set(id, keptText ?? (await this.textOf(raw as Uint8Array)));
      }
    }
    return ids.map((id) => this.cache.get(id));
  }
}
