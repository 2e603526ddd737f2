// Free loopback ports, found by letting the kernel pick (bind to port 0) and closing again.
// Another process could take a port between the close and Dovecot's bind; the harness
// retries the start with fresh ports when that happens.
import net from 'node:net';

function onePort(host: string): Promise<{ server: net.Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read the bound port'));
        return;
      }
      resolve({ server, port: address.port });
    });
  });
}

/** `count` distinct free ports on `host`. All are held open together so none repeats. */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const held: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const { server, port } = await onePort(host);
      held.push(server);
      ports.push(port);
    }
    return ports;
  } finally {
    await Promise.all(held.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}
