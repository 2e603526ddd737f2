// A small POP3 client (RFC 1939, STLS from RFC 2595) over node:net/tls: USER/PASS,
// STAT, LIST, UIDL, RETR, DELE, QUIT. Written here rather than taken from npm because it
// needs hard limits everywhere (line and message sizes, a deadline on every step, no
// cleartext fallback when STLS was asked for) and is small. Every command has a deadline;
// a stalled or flooding server fails the command and the connection is dropped.
import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { TlsMode } from '../config/types.js';
import { assertNoCrLf } from '../security/crlf.js';
import { NoUpstreamTlsError, upstreamTlsOptions } from '../security/tls-policy.js';
import { LineReader, Pop3ProtocolError, Pop3TimeoutError } from './line-reader.js';

export { Pop3ProtocolError, Pop3TimeoutError };

export interface Pop3Endpoint {
  /** What is dialled: a preset's host, or the checked IP of a typed host. */
  host: string;
  port: number;
  tls: TlsMode;
  /** The typed name, for TLS, when `host` is the checked IP. */
  servername?: string;
  /** A preset's private CA (PEM) from the providers file; never a user's. */
  ca?: string;
}

/** A server that has not connected within 10 s is down for a user waiting at "Check now". */
export const POP3_CONNECT_TIMEOUT_MS = 10_000;
/** One command and its reply; PASS may be slowed by the server on purpose, so not less. */
export const POP3_COMMAND_TIMEOUT_MS = 20_000;
/** RFC 2449 §4: a status line is at most 512 octets with its CRLF. */
const MAX_STATUS_LINE = 512;
/** RFC 5322 §2.1.1 caps message lines at 998 octets; some servers exceed it, so allow more. */
const MAX_MESSAGE_LINE = 64 * 1024;
/** A UIDL/LIST line is "n id" with an id of at most 70 octets (RFC 1939 §7). */
const MAX_LISTING_LINE = 100;
/** A listing of this many messages (~100 bytes each) is already absurd for one mailbox. */
const MAX_LISTING_BYTES = 20 * 1024 * 1024;
/** RFC 1939 §7: a unique-id is 1 to 70 characters from 0x21 to 0x7E. */
const UIDL_SHAPE = /^[\x21-\x7e]{1,70}$/;

/** The server answered -ERR. */
export class Pop3CommandError extends Error {
  override name = 'Pop3CommandError';
}

/** The server refused USER/PASS. */
export class Pop3AuthError extends Error {
  override name = 'Pop3AuthError';
}

/** Could not connect, or TLS failed. */
export class Pop3UnavailableError extends Error {
  override name = 'Pop3UnavailableError';
}

export interface Pop3Listing {
  /** Message number in this session. */
  n: number;
  uid: string;
}

function openSocket(endpoint: Pop3Endpoint): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket: Socket =
      endpoint.tls === 'implicit'
        ? tlsConnect({ host: endpoint.host, port: endpoint.port, ...upstreamTlsOptions(endpoint) })
        : netConnect({ host: endpoint.host, port: endpoint.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Pop3UnavailableError('the POP3 server did not answer in time'));
    }, POP3_CONNECT_TIMEOUT_MS);
    socket.once(endpoint.tls === 'implicit' ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      resolve(socket);
    });
    const onError = (err: Error & { code?: string }) => {
      clearTimeout(timer);
      reject(
        new Pop3UnavailableError(
          `could not connect to the POP3 server (${err.code ?? err.message})`,
          { cause: err },
        ),
      );
    };
    socket.once('error', onError);
  });
}

function upgrade(plain: Socket, endpoint: Pop3Endpoint): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ socket: plain, ...upstreamTlsOptions(endpoint) });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Pop3UnavailableError('the TLS handshake with the POP3 server timed out'));
    }, POP3_CONNECT_TIMEOUT_MS);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      resolve(socket);
    });
    const onError = (err: Error) => {
      clearTimeout(timer);
      reject(
        new Pop3UnavailableError(`TLS with the POP3 server failed (${err.message})`, {
          cause: err,
        }),
      );
    };
    socket.once('error', onError);
  });
}

export class Pop3Client {
  #socket: Socket;
  readonly #reader: LineReader;

  private constructor(socket: Socket) {
    this.#socket = socket;
    this.#reader = new LineReader(socket);
  }

  /** Connects, reads the greeting and, for `starttls`, REQUIRES the upgrade. */
  static async connect(endpoint: Pop3Endpoint): Promise<Pop3Client> {
    const socket = await openSocket(endpoint);
    // Errors after a failure are reported through the reader; never crash the process.
    socket.on('error', () => undefined);
    const client = new Pop3Client(socket);
    try {
      await client.#status();
      if (endpoint.tls === 'starttls') {
        await client.#command('STLS');
        // RFC 2595 §4: anything the server sent past its reply is an injection attempt.
        if (client.#reader.pending > 0)
          throw new Pop3ProtocolError('the POP3 server sent data before the TLS handshake');
        client.#reader.detach();
        const secure = await upgrade(socket, endpoint);
        secure.on('error', () => undefined);
        client.#reader.switchTo(secure);
        client.#socket = secure;
      }
      return client;
    } catch (err) {
      client.close();
      if (err instanceof Pop3CommandError)
        throw new Pop3UnavailableError(
          'the POP3 server does not offer a secure connection (STLS)',
          { cause: new NoUpstreamTlsError('STLS refused') },
        );
      throw err;
    }
  }

  async login(user: string, pass: string): Promise<void> {
    assertNoCrLf(user, 'POP3 username');
    assertNoCrLf(pass, 'POP3 password');
    try {
      await this.#command(`USER ${user}`);
      await this.#command(`PASS ${pass}`);
    } catch (err) {
      if (err instanceof Pop3CommandError)
        throw new Pop3AuthError('the POP3 server did not accept the username and password');
      throw err;
    }
  }

  /** Message number → size in octets (LIST). */
  async list(): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    for (const [n, value] of await this.#listing('LIST')) {
      const size = Number(value);
      if (Number.isSafeInteger(size) && size >= 0) out.set(n, size);
    }
    return out;
  }

  /** Every message's unique id (UIDL), in message-number order (oldest first). */
  async uidl(): Promise<Pop3Listing[]> {
    const out: Pop3Listing[] = [];
    for (const [n, uid] of await this.#listing('UIDL')) {
      if (!UIDL_SHAPE.test(uid))
        throw new Pop3ProtocolError('the POP3 server sent an invalid UIDL');
      out.push({ n, uid });
    }
    return out.sort((a, b) => a.n - b.n);
  }

  /** The message's exact bytes (dot-unstuffed); fails past `maxBytes`. */
  async retr(n: number, maxBytes: number): Promise<Buffer> {
    await this.#command(`RETR ${n}`);
    return this.#reader.readMultiline(
      MAX_MESSAGE_LINE,
      maxBytes,
      Date.now() + POP3_COMMAND_TIMEOUT_MS * 3,
    );
  }

  async dele(n: number): Promise<void> {
    await this.#command(`DELE ${n}`);
  }

  /** QUIT: the server now removes what was DELEted (RFC 1939 §6). Best effort, then closes. */
  async quit(): Promise<void> {
    try {
      await this.#command('QUIT');
    } finally {
      this.close();
    }
  }

  close(): void {
    this.#reader.detach();
    this.#socket.destroy();
  }

  async #listing(command: 'LIST' | 'UIDL'): Promise<[number, string][]> {
    await this.#command(command);
    const body = await this.#reader.readMultiline(
      MAX_LISTING_LINE,
      MAX_LISTING_BYTES,
      Date.now() + POP3_COMMAND_TIMEOUT_MS,
    );
    const rows: [number, string][] = [];
    for (const line of body.toString('latin1').split('\r\n')) {
      if (line === '') continue;
      const [num, value] = line.split(' ');
      const n = Number(num);
      if (!Number.isSafeInteger(n) || n < 1 || value === undefined)
        throw new Pop3ProtocolError(`the POP3 server sent an invalid ${command} line`);
      rows.push([n, value]);
    }
    return rows;
  }

  async #command(line: string): Promise<string> {
    assertNoCrLf(line, 'POP3 command');
    this.#socket.write(`${line}\r\n`);
    return this.#status();
  }

  async #status(): Promise<string> {
    const line = (
      await this.#reader.readLine(MAX_STATUS_LINE, Date.now() + POP3_COMMAND_TIMEOUT_MS)
    ).toString('latin1');
    if (line.startsWith('+OK')) return line;
    if (line.startsWith('-ERR')) throw new Pop3CommandError(line.slice(4).trim() || 'refused');
    throw new Pop3ProtocolError('the POP3 server answered something that is not POP3');
  }
}
