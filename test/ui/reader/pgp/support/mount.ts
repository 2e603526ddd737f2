// <bz-app> over the real services (real parser, real renderer, fresh IndexedDB) with the
// given OpenPGP loader wired as the composition root wires it, plus small reader helpers.
import '../../../../../src/app/bz-app.js';
import { createInlineParser } from '../../../../../src/mail/parse.js';
import { renderMail, renderPrintDocument } from '../../../../../src/mail/render.js';
import type { PgpServiceLoader } from '../../../../../src/state/pgp-types.js';
import { createServices } from '../../../../../src/state/services.js';
import { openDb } from '../../../../../src/store/db.js';
import { deep, deepAll, importThroughInput, until } from '../../../harness.js';
import type { Mounted } from '../../../harness.js';

export async function mountWithPgp(pgp: PgpServiceLoader | undefined): Promise<Mounted> {
  const db = await openDb(`bz-pgp-reader-${crypto.randomUUID()}`);
  const services = createServices(db, {
    parser: createInlineParser(),
    render: {
      renderMail: (p, o) => renderMail(p, o),
      renderPrintDocument: (p) => renderPrintDocument(p),
    },
  });
  if (pgp) services.pgp = pgp;
  await services.settings.updateSettings({ locale: 'en' });
  const app = document.createElement('bz-app');
  app.services = services;
  const ready = new Promise((r) => window.addEventListener('bz-ready', r, { once: true }));
  document.body.append(app);
  await ready;
  return {
    app,
    services,
    db,
    close: async () => {
      app.remove();
      await new Promise((r) => setTimeout(r, 50));
      db.close();
    },
  };
}

/** Imports the message and opens it in the reader; resolves with the reader's article. */
export async function openMessage(file: File, subject: string): Promise<HTMLElement> {
  await importThroughInput([file]);
  const row = await until(() =>
    deepAll('[data-testid="message-list-item"]').find((r) => r.textContent?.includes(subject)),
  );
  row.click();
  return until(() => {
    const view = deepAll('[data-testid="message-view"]')[0];
    return view && deepAll('[data-testid="subject"]', view)[0]?.textContent?.includes(subject)
      ? view
      : undefined;
  });
}

/** The status element's lines as the user reads them (white space collapsed). */
export function statusLines(testid: string): string[] {
  return deepAll(`[data-testid="${testid}"]`).map((e) =>
    (e.textContent ?? '').replace(/\s+/g, ' ').trim(),
  );
}

export function pgpStatus(): Promise<HTMLElement> {
  return until(() => deepAll('[data-testid="pgp-status"]')[0]);
}

export { deep, deepAll, until };
