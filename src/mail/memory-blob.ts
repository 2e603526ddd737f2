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

export class MemoryBlob {
  readonly type: string;
  readonly #bytes: Uint8Array;

  constructor(parts: readonly Part[] = [], options: { type?: string } = {}) {
    this.type = (options.type ?? '').toLowerCase();
    const chunks = parts.map((p) => MemoryBlob.#bytesOf(p));
    if (chunks.length === 1) {
      this.#bytes = (chunks[0] as Uint8Array).slice();
      return;
    }
    let total = 0;
    for (const c of chunks) total += c.byteLength;
    this.#bytes = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      this.#bytes.set(c, at);
      at += c.byteLength;
    }
  }

  static #bytesOf(p: Part): Uint8Array {
    if (typeof p === 'string') return p === '\n' ? NEWLINE : encoder.encode(p);
    if (p instanceof MemoryBlob) return p.#bytes;
    if (p instanceof ArrayBuffer) return new Uint8Array(p);
    return new Uint8Array(p.buffer, p.byteOffset, p.byteLength);
  }

  get size(): number {
    return this.#bytes.byteLength;
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.#bytes.slice().buffer);
  }

  bytes(): Promise<Uint8Array> {
    return Promise.resolve(this.#bytes.slice());
  }

  text(): Promise<string> {
    return Promise.resolve(new TextDecoder().decode(this.#bytes));
  }

  slice(start = 0, end = this.size, type = ''): MemoryBlob {
    return new MemoryBlob([this.#bytes.subarray(start, end)], { type });
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
