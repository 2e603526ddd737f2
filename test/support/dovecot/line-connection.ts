// A line-oriented TCP client for the text protocols the harness and tests speak by hand
// (LMTP, POP3, an IMAP greeting). Reads are awaited one line at a time with a timeout, so a
// silent server fails a test instead of hanging it.
import net from 'node:net';

/** A server that answers nothing for this long is taken as stuck, not slow (loopback). */
export const LINE_TIMEOUT_MS = 10_000;

/** Longest line accepted before the connection is dropped: guards against a runaway peer. */
const MAX_LINE_BYTES = 64 * 1024;

export class LineConnectionError extends Error {
  override name = 'LineConnectionError';
}

export class LineConnection {
  readonly #socket: net.Socket;
  readonly #lines: string[] = [];
  #pending: Buffer = Buffer.alloc(0);
  #waiter: { resolve: (line: string) => void; reject: (err: Error) => void } | undefined;
  #failure: Error | undefined;

  private constructor(socket: net.Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (err) => this.#fail(new LineConnectionError(`socket error: ${err.message}`)));
    socket.on('close', () => this.#fail(new LineConnectionError('connection closed by peer')));
  }

  /** Opens a connection; rejects if it cannot connect within the timeout. */
  static open(host: string, port: number, timeoutMs = LINE_TIMEOUT_MS): Promise<LineConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new LineConnectionError(`connect to ${host}:${port} timed out`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new LineConnection(socket));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(new LineConnectionError(`connect to ${host}:${port} failed: ${err.message}`));
      });
    });
  }

  /** The next line without its CRLF (or bare LF). */
  readLine(timeoutMs = LINE_TIMEOUT_MS): Promise<string> {
    const ready = this.#lines.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiter = undefined;
        reject(new LineConnectionError(`no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiter = {
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
    });
  }

  /** Writes raw bytes as given (the caller adds CRLF). */
  write(data: string | Uint8Array): void {
    this.#socket.write(data);
  }

  /** Writes one command line followed by CRLF. */
  writeLine(line: string): void {
    if (/[\r\n]/.test(line)) throw new LineConnectionError('a command line must not contain CR or LF');
    this.#socket.write(`${line}\r\n`);
  }

  close(): void {
    this.#socket.destroy();
  }

  #onData(chunk: Buffer): void {
    this.#pending = Buffer.concat([this.#pending, chunk]);
    let newline = this.#pending.indexOf(0x0a);
    while (newline !== -1) {
      const end = newline > 0 && this.#pending[newline - 1] === 0x0d ? newline - 1 : newline;
      this.#push(this.#pending.subarray(0, end).toString('utf8'));
      this.#pending = this.#pending.subarray(newline + 1);
      newline = this.#pending.indexOf(0x0a);
    }
    if (this.#pending.length > MAX_LINE_BYTES) {
      this.#fail(new LineConnectionError(`line longer than ${MAX_LINE_BYTES} bytes`));
      this.#socket.destroy();
    }
  }

  #push(line: string): void {
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter.resolve(line);
    } else {
      this.#lines.push(line);
    }
  }

  #fail(err: Error): void {
    this.#failure ??= err;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.reject(this.#failure);
  }
}
