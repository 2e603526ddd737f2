// A loopback HTTP listener that records every request it gets. The remote-content test
// (VIEW-2) points a message's images and CSS here and asserts nothing arrives until the
// user asks for remote content.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The smallest valid PNG (1×1 transparent), so an allowed image really loads. */
const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

export interface RecordedRequest {
  method: string;
  path: string;
  referer: string | undefined;
}

export interface RequestRecorder {
  /** e.g. 127.0.0.1:41234 — what fixtures put in their remote URLs. */
  host: string;
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

export async function startRecorder(): Promise<RequestRecorder> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ method: req.method ?? 'GET', path, referer: req.headers.referer });
    if (path.endsWith('.css')) {
      res.writeHead(200, { 'Content-Type': 'text/css' }).end('body { color: #333; }');
    } else if (path.endsWith('.png') || path.endsWith('.gif')) {
      res.writeHead(200, { 'Content-Type': 'image/png' }).end(PIXEL_PNG);
    } else {
      res.writeHead(204).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
