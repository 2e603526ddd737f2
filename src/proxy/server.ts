// The Buzón server's entry (`node dist-proxy/proxy/server.js`): serves the built PWA and the
// API on one origin. With nothing configured it serves the app alone, which then runs on
// its local mailbox "On this device"; see docs/providers.md for pointing it at a server.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBuzonServer } from './app.js';
import { ConfigError, configFromEnv } from './config/load.js';
import type { BuzonConfig } from './config/types.js';

const DEFAULT_PORT = 8080;
const here = dirname(fileURLToPath(import.meta.url));
// Built to dist-proxy/proxy/server.js (the proxy compiles src/protocol too), so the
// repository's dist/ is two levels up.
const staticDir = process.env['BUZON_STATIC_DIR'] ?? join(here, '..', '..', 'dist');
const host = process.env['HOST'] ?? '127.0.0.1';
const port = Number(process.env['PORT'] ?? DEFAULT_PORT);

let config: BuzonConfig;
try {
  config = configFromEnv(process.env, staticDir);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`Configuration error: ${err.message}`);
  process.exit(1);
}

const app = createBuzonServer(config);

app.server.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EADDRINUSE') {
    console.error(`Port ${port} is in use. Start with another one: PORT=8081 npm start`);
  } else {
    console.error(err.message);
  }
  process.exit(1);
});

app.listen(port, host).then(
  (actualPort) => {
    console.log(
      `Buzón is running at http://${host === '0.0.0.0' ? 'localhost' : host}:${actualPort}/`,
    );
    const names = config.providers.map((p) => p.name).join(', ');
    console.log(
      names
        ? `Mail providers: ${names}`
        : 'No mail server configured: the app runs on its local mailbox.',
    );
  },
  () => undefined,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
