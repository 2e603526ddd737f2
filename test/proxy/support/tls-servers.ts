// Loopback mail servers that speak just enough IMAP, SMTP, POP3 or ManageSieve to sign a
// client in, over implicit TLS or STARTTLS, with certificates made by openssl for the test:
// a throwaway CA and a server certificate it signed (localhost, 127.0.0.1), plus a
// self-signed one. Each server records every line it read and whether TLS protected it,
// so a test can prove no credentials ever arrived.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext, TLSSocket } from 'node:tls';
import type { SecureContext } from 'node:tls';

export interface TestPki {
  /** The throwaway CA (PEM): what an operator's `caFile` would hold. */
  caCert: string;
  /** The server's key and certificate signed by that CA, for localhost and 127.0.0.1. */
  key: string;
  cert: string;
  /** A self-signed certificate for the same names (no CA vouches for it). */
  selfKey: string;
  selfCert: string;
  /** The CA on disk, for `caFile` / BUZON_*_CA_FILE; removed by `cleanup`. */
  caFile: string;
  cleanup(): void;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
const SERVER_NAMES = 'subjectAltName=DNS:localhost,IP:127.0.0.1';

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: 'ignore' });
}

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'buzon-tls-policy-'));
  const at = (name: string) => join(dir, name);
  openssl([
    ...['req', '-x509', ...EC_KEY, '-days', '1', '-subj', '/CN=Buzon Test CA'],
    ...['-addext', 'basicConstraints=critical,CA:TRUE'],
    ...['-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    ...['-keyout', at('ca.key'), '-out', at('ca.pem')],
  ]);
  openssl(
    ['req', '-new', ...EC_KEY, '-subj', '/CN=localhost', '-keyout', at('server.key')].concat([
      '-out',
      at('server.csr'),
    ]),
  );
  writeFileSync(
    at('server.ext'),
    `${SERVER_NAMES}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`,
  );
  openssl([
    ...['x509', '-req', '-in', at('server.csr'), '-CA', at('ca.pem'), '-CAkey', at('ca.key')],
    ...['-CAcreateserial', '-days', '1', '-extfile', at('server.ext'), '-out', at('server.pem')],
  ]);
  openssl([
    ...['req', '-x509', ...EC_KEY, '-days', '1', '-subj', '/CN=localhost'],
    ...['-addext', SERVER_NAMES, '-keyout', at('self.key'), '-out', at('self.pem')],
  ]);
  const read = (name: string) => readFileSync(at(name), 'utf8');
  return {
    caCert: read('ca.pem'),
    key: read('server.key'),
    cert: read('server.pem'),
    selfKey: read('self.key'),
    selfCert: read('self.pem'),
    caFile: at('ca.pem'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export type MailProtocol = 'imap' | 'smtp' | 'pop3' | 'sieve';

export interface FakeServerOptions {
  protocol: MailProtocol;
  tls: 'implicit' | 'starttls';
  key: string;
  cert: string;
  /** Whether STARTTLS/STLS is announced and accepted (default true); false = stripped. */
  offerStartTls?: boolean;
  /** Speak only TLS 1.0/1.1, as an outdated server does. */
  oldTlsOnly?: boolean;
  /** Listen on this port (a server replaced in place: a new certificate); default any free. */
  port?: number;
}

export interface ReceivedLine {
  text: string;
  secure: boolean;
}

export interface FakeServer {
  port: number;
  /** Every line the server read, in order. */
  received: ReceivedLine[];
  stop(): Promise<void>;
}

/** What the server does with a line: answer it, upgrade to TLS after answering, or hang up. */
type Action = { reply: string; then?: 'starttls' | 'close' };

interface Dialogue {
  greeting(secure: boolean): string;
  /** Sent right after a STARTTLS handshake (ManageSieve repeats its capabilities). */
  afterUpgrade: string;
  answer(line: string, secure: boolean): Action;
}

const SIEVE_CAPS = (secure: boolean, offer: boolean) =>
  `"IMPLEMENTATION" "Fake"\r\n${!secure && offer ? '"STARTTLS"\r\n' : ''}"SASL" "PLAIN"\r\n"SIEVE" "fileinto"\r\n"VERSION" "1.0"\r\nOK\r\n`;

function dialogue(protocol: MailProtocol, offer: boolean): Dialogue {
  switch (protocol) {
    case 'imap': {
      const caps = (secure: boolean) => `IMAP4rev1${!secure && offer ? ' STARTTLS' : ''}`;
      return {
        greeting: (secure) => `* OK [CAPABILITY ${caps(secure)}] Fake IMAP ready\r\n`,
        afterUpgrade: '',
        answer: (line, secure) => {
          const [tag = '*', command = ''] = line.split(' ');
          switch (command.toUpperCase()) {
            case 'CAPABILITY':
              return { reply: `* CAPABILITY ${caps(secure)}\r\n${tag} OK done\r\n` };
            case 'STARTTLS':
              return offer
                ? { reply: `${tag} OK Begin TLS\r\n`, then: 'starttls' }
                : { reply: `${tag} BAD STARTTLS not offered\r\n` };
            case 'LOGOUT':
              return { reply: `* BYE bye\r\n${tag} OK done\r\n`, then: 'close' };
            case 'ID':
              return { reply: `* ID NIL\r\n${tag} OK done\r\n` };
            default:
              return { reply: `${tag} OK done\r\n` };
          }
        },
      };
    }
    case 'smtp': {
      let inData = false;
      return {
        greeting: () => '220 fake.test ESMTP\r\n',
        afterUpgrade: '',
        answer: (line, secure) => {
          if (inData) {
            if (line === '.') inData = false;
            return { reply: line === '.' ? '250 queued\r\n' : '' };
          }
          const command = line.split(' ')[0]?.toUpperCase() ?? '';
          if (command === 'EHLO') {
            const tls = !secure && offer ? '250-STARTTLS\r\n' : '';
            return { reply: `250-fake.test\r\n${tls}250-AUTH PLAIN\r\n250 SIZE 1000000\r\n` };
          }
          if (command === 'STARTTLS')
            return offer
              ? { reply: '220 Go ahead\r\n', then: 'starttls' }
              : { reply: '502 5.5.1 STARTTLS not offered\r\n' };
          if (command === 'AUTH') return { reply: '235 2.7.0 Accepted\r\n' };
          if (command === 'DATA') {
            inData = true;
            return { reply: '354 Go on\r\n' };
          }
          if (command === 'QUIT') return { reply: '221 Bye\r\n', then: 'close' };
          return { reply: '250 OK\r\n' };
        },
      };
    }
    case 'pop3':
      return {
        greeting: () => '+OK Fake POP3 ready\r\n',
        afterUpgrade: '',
        answer: (line, secure) => {
          const command = line.split(' ')[0]?.toUpperCase() ?? '';
          if (command === 'CAPA')
            return { reply: `+OK\r\nUSER\r\n${!secure && offer ? 'STLS\r\n' : ''}.\r\n` };
          if (command === 'STLS')
            return offer
              ? { reply: '+OK Begin TLS\r\n', then: 'starttls' }
              : { reply: '-ERR STLS not offered\r\n' };
          if (command === 'QUIT') return { reply: '+OK bye\r\n', then: 'close' };
          return { reply: '+OK\r\n' };
        },
      };
    case 'sieve':
      return {
        greeting: (secure) => SIEVE_CAPS(secure, offer),
        afterUpgrade: SIEVE_CAPS(true, offer),
        answer: (line) => {
          const command = line.split(' ')[0]?.toUpperCase() ?? '';
          if (command === 'STARTTLS')
            return offer
              ? { reply: 'OK "Begin TLS"\r\n', then: 'starttls' }
              : { reply: 'NO "STARTTLS not offered"\r\n' };
          if (command === 'LOGOUT') return { reply: 'OK "Bye"\r\n', then: 'close' };
          return { reply: 'OK\r\n' };
        },
      };
  }
}

/** TLS 1.0/1.1 need OpenSSL's security level 0 in OpenSSL 3 (RFC 8996 deprecated them). */
function secureContextOf(options: FakeServerOptions): SecureContext {
  return createSecureContext({
    key: options.key,
    cert: options.cert,
    ...(options.oldTlsOnly
      ? { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }
      : {}),
  });
}

export function startFakeServer(options: FakeServerOptions): Promise<FakeServer> {
  const received: ReceivedLine[] = [];
  const context = secureContextOf(options);
  const offer = options.offerStartTls ?? true;
  const sockets = new Set<Socket>();

  const serve = (socket: Socket, secure: boolean, talk: Dialogue) => {
    socket.on('error', () => undefined);
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const text = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        received.push({ text, secure });
        const action = talk.answer(text, secure);
        if (action.then === 'close') {
          socket.end(action.reply);
          return;
        }
        if (action.then === 'starttls') {
          socket.off('data', onData);
          socket.write(action.reply, () => upgrade(socket, talk));
          return;
        }
        if (action.reply) socket.write(action.reply);
      }
    };
    socket.on('data', onData);
  };

  const upgrade = (plain: Socket, talk: Dialogue) => {
    const tls = new TLSSocket(plain, { isServer: true, secureContext: context });
    sockets.add(tls);
    tls.once('secure', () => {
      if (talk.afterUpgrade) tls.write(talk.afterUpgrade);
    });
    serve(tls, true, talk);
  };

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    const talk = dialogue(options.protocol, offer);
    if (options.tls === 'implicit') {
      const tls = new TLSSocket(socket, { isServer: true, secureContext: context });
      sockets.add(tls);
      tls.once('secure', () => tls.write(talk.greeting(true)));
      serve(tls, true, talk);
    } else {
      socket.write(talk.greeting(false));
      serve(socket, false, talk);
    }
  });
  return new Promise((resolve) => {
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : 0,
        received,
        stop: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
