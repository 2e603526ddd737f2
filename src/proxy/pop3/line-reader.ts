// Reads a POP3 server's replies from a socket with hard limits: a line longer than
// allowed, a multi-line reply larger than allowed, or silence past the deadline fails
// the read (and the caller drops the connection). Nothing here waits without a timer,
// so a server that stalls or floods can never hang a fetch or fill the proxy's memory.
import type { Socket } from 'node:net';

export class Pop3ProtocolError extends Error {
  override name = 'Pop3ProtocolError';
}

export class Pop3TimeoutError extends Error {
  override name = 'Pop3TimeoutError';
}

const CRLF = Buffer.from('\r\n');

export class LineReader {
  #buffer: Buffer = Buffer.alloc(0);
  #waiter: (() => void) | null = null;
  #ended: Error | null = null;
  #socket: Socket;
  readonly #onData = (chunk: Buffer) => {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    this.#wake();
  };
  readonly #onEnd = () =>
    this.#fail(new Pop3ProtocolError('the POP3 server closed the connection'));
  readonly #onError = (err: Error) => this.#fail(err);

  constructor(socket: Socket) {
    this.#socket = socket;
    this.#attach();
  }

  /** Moves to another socket (after STLS); refuses bytes the old one sent past the reply. */
  switchTo(socket: Socket): void {
    this.#detach();
    if (this.#buffer.length > 0)
      throw new Pop3ProtocolError('the POP3 server sent data before the TLS handshake');
    this.#socket = socket;
    this.#attach();
  }

  /** Bytes read and not yet consumed (used to detect STARTTLS command injection). */
  get pending(): number {
    return this.#buffer.length;
  }

  detach(): void {
    this.#detach();
  }

  /** One line without its CRLF; fails past `maxBytes` or `deadline` (epoch ms). */
  async readLine(maxBytes: number, deadline: number): Promise<Buffer> {
    for (;;) {
      const end = this.#buffer.indexOf(CRLF);
      if (end >= 0) {
        if (end > maxBytes)
          throw new Pop3ProtocolError('the POP3 server sent a line that is too long');
        const line = this.#buffer.subarray(0, end);
        this.#buffer = this.#buffer.subarray(end + 2);
        return line;
      }
      if (this.#buffer.length > maxBytes + 1)
        throw new Pop3ProtocolError('the POP3 server sent a line that is too long');
      await this.#more(deadline);
    }
  }

  /**
   * The body of a multi-line reply (RFC 1939 §3): lines up to the lone ".", dot-stuffing
   * removed, CRLF line ends kept. Fails past `maxBytes` of body or `deadline`.
   */
  async readMultiline(maxLineBytes: number, maxBytes: number, deadline: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let size = 0;
    for (;;) {
      const line = await this.readLine(Math.max(maxLineBytes, 0), deadline);
      if (line.length === 1 && line[0] === 0x2e) return Buffer.concat(parts, size);
      const body = line[0] === 0x2e ? line.subarray(1) : line;
      size += body.length + 2;
      if (size > maxBytes) throw new Pop3ProtocolError('the POP3 reply is larger than allowed');
      parts.push(body, CRLF);
    }
  }

  #more(deadline: number): Promise<void> {
    if (this.#ended) return Promise.reject(this.#ended);
    const wait = deadline - Date.now();
    if (wait <= 0)
      return Promise.reject(new Pop3TimeoutError('the POP3 server did not answer in time'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiter = null;
        reject(new Pop3TimeoutError('the POP3 server did not answer in time'));
      }, wait);
      this.#waiter = () => {
        clearTimeout(timer);
        this.#waiter = null;
        if (this.#ended) reject(this.#ended);
        else resolve();
      };
    });
  }

  #wake(): void {
    this.#waiter?.();
  }

  #fail(err: Error): void {
    this.#ended ??= err;
    this.#wake();
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
