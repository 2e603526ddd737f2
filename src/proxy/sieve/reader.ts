// Reads a ManageSieve server's bytes from a socket with hard limits: a line longer than
// allowed, a literal larger than allowed, or silence past the deadline fails the read (and
// the client drops the connection). Nothing here waits without a timer, so a server that
// stalls or floods can never hang a request or fill the proxy's memory. (POP3's LineReader
// has no exact-length reads, which ManageSieve literals need, hence this sibling.)
import type { Socket } from 'node:net';
import { SieveProtocolError, SieveTimeoutError } from './errors.js';

const CRLF = Buffer.from('\r\n');

export class SieveReader {
  #buffer: Buffer = Buffer.alloc(0);
  #waiter: (() => void) | null = null;
  #ended: Error | null = null;
  #socket: Socket;
  readonly #onData = (chunk: Buffer) => {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    this.#waiter?.();
  };
  readonly #onEnd = () =>
    this.#fail(new SieveProtocolError('the ManageSieve server closed the connection'));
  readonly #onError = (err: Error) => this.#fail(err);

  constructor(socket: Socket) {
    this.#socket = socket;
    this.#attach();
  }

  /** Bytes read and not yet consumed (used to detect STARTTLS command injection). */
  get pending(): number {
    return this.#buffer.length;
  }

  /** Moves to another socket (after STARTTLS); refuses bytes the old one sent past the reply. */
  switchTo(socket: Socket): void {
    this.#detach();
    if (this.#buffer.length > 0)
      throw new SieveProtocolError('the ManageSieve server sent data before the TLS handshake');
    this.#socket = socket;
    this.#attach();
  }

  detach(): void {
    this.#detach();
  }

  /** One line without its CRLF; fails past `maxBytes` or `deadline` (epoch ms). */
  async readLine(maxBytes: number, deadline: number): Promise<Buffer> {
    for (;;) {
      const end = this.#buffer.indexOf(CRLF);
      if (end >= 0) {
        if (end > maxBytes) throw tooLong();
        const line = this.#buffer.subarray(0, end);
        this.#buffer = this.#buffer.subarray(end + 2);
        return line;
      }
      if (this.#buffer.length > maxBytes + 1) throw tooLong();
      await this.#more(deadline);
    }
  }

  /** Exactly `length` bytes (a literal's content); the caller has checked `length`. */
  async readExact(length: number, deadline: number): Promise<Buffer> {
    while (this.#buffer.length < length) await this.#more(deadline);
    // A copy, so the rest of a large read buffer is not kept alive by the literal.
    const out = Buffer.from(this.#buffer.subarray(0, length));
    this.#buffer = this.#buffer.subarray(length);
    return out;
  }

  #more(deadline: number): Promise<void> {
    if (this.#ended) return Promise.reject(this.#ended);
    const wait = deadline - Date.now();
    if (wait <= 0) return Promise.reject(timedOut());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiter = null;
        reject(timedOut());
      }, wait);
      this.#waiter = () => {
        clearTimeout(timer);
        this.#waiter = null;
        if (this.#ended) reject(this.#ended);
        else resolve();
      };
    });
  }

  #fail(err: Error): void {
    this.#ended ??= err;
    this.#waiter?.();
  }

  #attach(): void {
    this.#socket.on('data', this.#onData);
    this.#socket.on('end', this.#onEnd);
    this.#socket.on('close', this.#onEnd);
    this.#socket.on('error', this.#onError);
  }

  #detach(): void {
    this.#socket.off('data', this.#onData);
    this.#socket.off('end', this.#onEnd);
    this.#socket.off('close', this.#onEnd);
    this.#socket.off('error', this.#onError);
  }
}

function tooLong(): SieveProtocolError {
  return new SieveProtocolError('the ManageSieve server sent a line that is too long');
}

function timedOut(): SieveTimeoutError {
  return new SieveTimeoutError('the ManageSieve server did not answer in time');
}
