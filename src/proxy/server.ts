// The Buzón server: serves the built PWA and, later, the JMAP facade (issue 3) on the
// same origin. With no mail server configured it serves the app alone, which then runs
// on its local mailbox "On this device".
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStaticHandler } from './static-files.js';

const DEFAULT_PORT = 8080;
const here = dirname(fileURLToPath(import.meta.url));
const root = process.env.BUZON_STATIC_DIR ?? join(here, '..', 'dist');
const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? DEFAULT_PORT);

const serveStatic = createStaticHandler(root);

const server = createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  serveStatic(req, res).catch((err: unknown) => {
    console.error('static file error', err);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});

server.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EADDRINUSE') {
    console.error(`Port ${port} is in use. Start with another one: PORT=8081 npm start`);
  } else {
    console.error(err.message);
  }
  process.exit(1);
});

server.listen(port, host, () => {
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  console.log(`Buzón is running at http://${host === '0.0.0.0' ? 'localhost' : host}:${actualPort}/`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
