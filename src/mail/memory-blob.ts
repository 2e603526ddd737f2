// A Blob stand-in that keeps its bytes in memory. postal-mime builds a Blob for every
// decoded part and reads it straight back with arrayBuffer(); in Chromium a real Blob
// lives in the browser process, so each part crossed processes (798 msg/s vs 4,796/s
// measured). Installed on the parse worker's global scope only (see workers/parse-worker.ts);
// nothing there needs a real Blob.

type Part = ArrayBuffer | ArrayBufferView | string | MemoryBlob;

const encoder = new TextEncoder();
/**
 * postal-mime's pass-through decoder hands over each line followed by the string "\n":
 * encoding that string once instead of once per line took the blob's share of a summary
 * from ~3.6 % to ~1.9 % of the CPU time (Node, the 10k corpus). Only ever read.
 */
const NEWLINE = encoder.encode('\n');

/**
 * Unlike a real Blob, it keeps references to its parts instead of a copy of them: each
 * read (`arrayBuffer`, `bytes`, `text`, `slice`) joins them into fresh bytes. postal-mime,
 * its only user, never changes a part after it made a Blob of it, and reads each Blob
 * once: one copy per decoded part instead of two. A part changed after the Blob was made
 * would show in it.
 */
export class MemoryBlob {
  readonly type: string;
  readonly size: number;
  readonly #chunks: readonly Uint8Array[];

  constructor(parts: readonly Part[] = [], options: { type?: string } = {}) {
    this.type = (options.type ?? '').toLowerCase();
    this.#chunks = parts.flatMap((p) => MemoryBlob.#bytesOf(p));
    let size = 0;
    for (const c of this.#chunks) size += c.byteLength;
    this.size = size;
  }

  static #bytesOf(p: Part): readonly Uint8Array[] {
    if (typeof p === 'string') return [p === '\n' ? NEWLINE : encoder.encode(p)];
    if (p instanceof MemoryBlob) return p.#chunks;
    if (p instanceof ArrayBuffer) return [new Uint8Array(p)];
    return [new Uint8Array(p.buffer, p.byteOffset, p.byteLength)];
  }

  /** The parts joined into bytes of their own. */
  #join(): Uint8Array {
    if (this.#chunks.length === 1) return (this.#chunks[0] as Uint8Array).slice();
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.#chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    return out;
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.#join().buffer as ArrayBuffer);
  }

  bytes(): Promise<Uint8Array> {
    return Promise.resolve(this.#join());
  }

  text(): Promise<string> {
    return Promise.resolve(new TextDecoder().decode(this.#join()));
  }

  slice(start = 0, end = this.size, type = ''): MemoryBlob {
    return new MemoryBlob([this.#join().subarray(start, end)], { type });
  }
}

/** Replaces `Blob` on a worker's global scope; returns a function that restores it. */
export function installMemoryBlob(scope: { Blob: unknown }): () => void {
  const original = scope.Blob;
  scope.Blob = MemoryBlob;
  return () => {
    scope.Blob = original;
  };
}
