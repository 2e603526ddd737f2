// A loopback TCP relay in front of a real server, whose link the test can cut and restore:
// "that account's server is down" without stopping the server other accounts share.
// Cut, it drops every relayed connection and refuses new ones (each is closed at once),
// as a server that went away does; restored, it relays again on the same port.
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface CuttableLink {
  host: string;
  /** Where clients connect instead of the server's own port. */
  port: number;
  /** Drops every relayed connection; new ones are closed as they come. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startCuttableLink(target: {
  host: string;
  port: number;
}): Promise<CuttableLink> {
  let up = true;
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (!up) {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the relay has no port');
  const dropAll = () => {
    for (const s of open) s.destroy();
    open.clear();
  };
  return {
    host: '127.0.0.1',
    port: address.port,
    cut() {
      up = false;
      dropAll();
    },
    restore() {
      up = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        dropAll();
        server.close(() => resolve());
      }),
  };
}
