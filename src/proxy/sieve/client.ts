// A small ManageSieve client (RFC 5804) over node:net/tls: the greeting's capabilities,
// STARTTLS (required when asked for: no cleartext fallback) or implicit TLS, AUTHENTICATE
// PLAIN with an initial response, and the script commands. npm has no well-kept package
// for this, and the proxy needs hard limits anyway: a deadline on every step, bounded
// lines and literals (wire.ts), bytes before the TLS handshake refused. Passwords and
// scripts never reach an error message or a log.
import type { Socket } from 'node:net';
import type { Endpoint } from '../config/types.js';
import { assertNoCrLf } from '../security/crlf.js';
import { NoUpstreamTlsError } from '../security/tls-policy.js';
import {
  commandError,
  SieveByeError,
  SieveProtocolError,
  SieveUnavailableError,
} from './errors.js';
import {
  openSocket,
  SIEVE_COMMAND_TIMEOUT_MS,
  SIEVE_CONNECT_TIMEOUT_MS,
  upgradeSocket,
} from './socket.js';
import type { SieveConnectOptions } from './socket.js';
import { parseCapabilities } from './capabilities.js';
import type { SieveCapabilities } from './capabilities.js';
import { SieveReader } from './reader.js';
import { checkScriptName, encodeLiteral, encodeString, readResponse } from './wire.js';
import type { Response, Token } from './wire.js';

export type { SieveCapabilities };

export { SIEVE_COMMAND_TIMEOUT_MS, SIEVE_CONNECT_TIMEOUT_MS };
export type { SieveConnectOptions };

export interface SieveScriptInfo {
  name: string;
  active: boolean;
}

/** What a successful CHECKSCRIPT or PUTSCRIPT may add: the server's warnings (`WARNINGS`). */
export interface SieveWarnings {
  warnings: string | null;
}

export class SieveClient {
  #socket: Socket;
  #capabilities: SieveCapabilities;
  readonly #reader: SieveReader;
  readonly #commandTimeoutMs: number;

  private constructor(socket: Socket, commandTimeoutMs: number) {
    this.#socket = socket;
    this.#reader = new SieveReader(socket);
    this.#commandTimeoutMs = commandTimeoutMs;
    this.#capabilities = parseCapabilities([]);
  }

  /** Connects, reads the capabilities and, for `starttls`, REQUIRES the upgrade. */
  static async connect(
    endpoint: Endpoint,
    options: SieveConnectOptions = {},
  ): Promise<SieveClient> {
    const connectMs = options.connectTimeoutMs ?? SIEVE_CONNECT_TIMEOUT_MS;
    const socket = await openSocket(endpoint, options, connectMs);
    const client = new SieveClient(socket, options.commandTimeoutMs ?? SIEVE_COMMAND_TIMEOUT_MS);
    try {
      client.#capabilities = parseCapabilities((await client.#run('greeting', [])).lines);
      if (endpoint.tls === 'starttls') await client.#startTls(endpoint, options, connectMs);
      return client;
    } catch (err) {
      client.close();
      throw err;
    }
  }

  /** The capabilities as last announced (after STARTTLS, the ones sent over TLS). */
  get capabilities(): SieveCapabilities {
    return this.#capabilities;
  }

  /** AUTHENTICATE "PLAIN" with an initial response (RFC 4616; RFC 5804 §2.1). */
  async authenticate(user: string, pass: string): Promise<void> {
    assertNoCrLf(user, 'Sieve username');
    assertNoCrLf(pass, 'Sieve password');
    if (!this.#capabilities.sasl.includes('PLAIN'))
      throw new SieveUnavailableError('the ManageSieve server does not offer SASL PLAIN');
    const initial = Buffer.from(`\0${user}\0${pass}`, 'utf8').toString('base64');
    let challenged = false;
    await this.#run(
      'AUTHENTICATE',
      [Buffer.from('AUTHENTICATE "PLAIN" '), encodeString(initial)],
      (tokens) => {
        // PLAIN has no second step: cancel any challenge (RFC 5804 §2.1, a "*" reply).
        if (!challenged && tokens[0]?.kind === 'string') {
          challenged = true;
          this.#socket.write('"*"\r\n');
        }
      },
    );
    // The server accepted after we cancelled its challenge: not a PLAIN exchange we know.
    if (challenged)
      throw new SieveProtocolError('the ManageSieve server asked for a second SASL step');
  }

  /** LISTSCRIPTS: every script and whether it is the active one. */
  async listScripts(): Promise<SieveScriptInfo[]> {
    const response = await this.#run('LISTSCRIPTS', [Buffer.from('LISTSCRIPTS')]);
    return response.lines.map((tokens) => {
      const [name, flag] = tokens;
      if (name?.kind !== 'string')
        throw new SieveProtocolError('the ManageSieve server sent a bad LISTSCRIPTS line');
      return {
        name: name.value,
        active: flag?.kind === 'atom' && flag.value.toUpperCase() === 'ACTIVE',
      };
    });
  }

  /** GETSCRIPT: the script's text (a server literal of at most MAX_LITERAL_BYTES). */
  async getScript(name: string): Promise<string> {
    checkScriptName(name);
    const response = await this.#run('GETSCRIPT', [Buffer.from('GETSCRIPT '), encodeString(name)]);
    const token = response.lines[0]?.[0];
    if (token?.kind !== 'string')
      throw new SieveProtocolError('the ManageSieve server sent no script');
    return token.value;
  }

  /** PUTSCRIPT: stores (or replaces) the script; a NO without a code is a SieveScriptError. */
  async putScript(name: string, script: string): Promise<SieveWarnings> {
    checkScriptName(name);
    const body = encodeLiteral(Buffer.from(script, 'utf8'));
    return warningsOf(
      await this.#run('PUTSCRIPT', [
        Buffer.from('PUTSCRIPT '),
        encodeString(name),
        Buffer.from(' '),
        body,
      ]),
    );
  }

  /** CHECKSCRIPT (RFC 5804 §2.12, servers with VERSION): compiles without storing. */
  async checkScript(script: string): Promise<SieveWarnings> {
    const body = encodeLiteral(Buffer.from(script, 'utf8'));
    return warningsOf(await this.#run('CHECKSCRIPT', [Buffer.from('CHECKSCRIPT '), body]));
  }

  /** SETACTIVE: makes the script active; `''` deactivates whichever is active. */
  async setActive(name: string): Promise<void> {
    if (name !== '') checkScriptName(name);
    await this.#run('SETACTIVE', [Buffer.from('SETACTIVE '), encodeString(name)]);
  }

  /** DELETESCRIPT: refused with SieveActiveError for the active script. */
  async deleteScript(name: string): Promise<void> {
    checkScriptName(name);
    await this.#run('DELETESCRIPT', [Buffer.from('DELETESCRIPT '), encodeString(name)]);
  }

  /** HAVESPACE: whether a script of `bytes` may be stored as `name` (SieveQuotaError if not). */
  async haveSpace(name: string, bytes: number): Promise<void> {
    checkScriptName(name);
    if (!Number.isSafeInteger(bytes) || bytes < 0)
      throw new RangeError('bytes must be a whole number');
    await this.#run('HAVESPACE', [
      Buffer.from('HAVESPACE '),
      encodeString(name),
      Buffer.from(` ${bytes}`),
    ]);
  }

  /** LOGOUT, best effort, then closes. */
  async logout(): Promise<void> {
    try {
      await this.#run('LOGOUT', [Buffer.from('LOGOUT')]);
    } catch {
      // The server may close first (RFC 5804 erratum 7825 asks for OK, not all send it).
    } finally {
      this.close();
    }
  }

  close(): void {
    this.#reader.detach();
    this.#socket.destroy();
  }

  async #startTls(
    endpoint: Endpoint,
    options: SieveConnectOptions,
    connectMs: number,
  ): Promise<void> {
    if (!this.#capabilities.starttls)
      throw new SieveUnavailableError(
        'the ManageSieve server does not offer a secure connection (STARTTLS)',
        { cause: new NoUpstreamTlsError('STARTTLS not offered') },
      );
    await this.#run('STARTTLS', [Buffer.from('STARTTLS')]);
    // Anything the server sent past its OK would be read as if it came over TLS (RFC 2595 §4).
    if (this.#reader.pending > 0)
      throw new SieveProtocolError('the ManageSieve server sent data before the TLS handshake');
    this.#reader.detach();
    const secure = await upgradeSocket(this.#socket, endpoint, options, connectMs);
    this.#reader.switchTo(secure);
    this.#socket = secure;
    // RFC 5804 §2.2: after STARTTLS the server announces its capabilities again.
    this.#capabilities = parseCapabilities((await this.#run('STARTTLS', [])).lines);
  }

  /** Writes one command (none for the greeting) and reads its response; NO and BYE throw. */
  async #run(
    command: string,
    parts: Buffer[],
    onLine?: (tokens: Token[]) => void,
  ): Promise<Response> {
    if (parts.length > 0) this.#socket.write(Buffer.concat([...parts, Buffer.from('\r\n')]));
    let response: Response;
    try {
      response = await readResponse(this.#reader, Date.now() + this.#commandTimeoutMs, onLine);
    } catch (err) {
      // A timeout or garbage leaves the stream out of step: the connection is done.
      this.close();
      throw err;
    }
    if (response.status === 'OK') return response;
    if (response.status === 'BYE') {
      this.close();
      throw new SieveByeError(command, response.code, response.text);
    }
    throw commandError(command, response.code, response.text);
  }
}

function warningsOf(response: Response): SieveWarnings {
  return { warnings: response.code?.name === 'WARNINGS' ? response.text || null : null };
}
