// The page efail-network.test.ts opens: the whole app over the real services (parser,
// renderer, IndexedDB), the reader's OpenPGP double with real ciphertext, and the EFAIL
// message pointing at the test's loopback listener (?leak=http://127.0.0.1:PORT).
import '../../../../../src/app/bz-app.js';
import { createInlineParser } from '../../../../../src/mail/parse.js';
import { renderMail, renderPrintDocument } from '../../../../../src/mail/render.js';
import { createServices } from '../../../../../src/state/services.js';
import { openDb } from '../../../../../src/store/db.js';
import { efailInner } from './efail.js';
import { FakePgp } from './fake-pgp.js';
import { efailMessage, encryptTo, makeKey } from './pgp-mail.js';

declare global {
  interface Window {
    efailReady?: boolean;
    efailError?: string;
  }
}

async function main(): Promise<void> {
  const leak = new URLSearchParams(location.search).get('leak') ?? 'http://127.0.0.1:9';
  const key = await makeKey();
  const armored = await encryptTo(key, efailInner());
  const db = await openDb(`bz-efail-${crypto.randomUUID()}`);
  const services = createServices(db, {
    parser: createInlineParser(),
    render: {
      renderMail: (p, o) => renderMail(p, o),
      renderPrintDocument: (p) => renderPrintDocument(p),
    },
  });
  services.pgp = new FakePgp({ key, unlocked: true }).loader;
  await services.settings.updateSettings({ locale: 'en' });
  const app = document.createElement('bz-app');
  app.services = services;
  const ready = new Promise((r) => window.addEventListener('bz-ready', r, { once: true }));
  document.body.append(app);
  await ready;
  await services.importer.importFiles([efailMessage('Efail', armored, leak)]);
  window.efailReady = true;
}

main().catch((err: unknown) => {
  window.efailError = String(err);
});
