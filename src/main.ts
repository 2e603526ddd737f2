// The composition root: opens the local mailbox, builds the services over it, mounts
// <bz-app> and registers the service worker. The only module that knows every layer.
import './app/bz-app.js';
import type { BzApp } from './app/bz-app.js';
import { registerServiceWorker } from './app/sw-registration.js';
import { createWorkerParser } from './state/parser-client.js';
import { createServices, startupMaintenance } from './state/services.js';
import { LOCAL_DB_NAME, openDb } from './store/db.js';

/** Shown without the app when the mailbox cannot be opened: text only, in both languages. */
function showFatal(message: string): void {
  const box = document.createElement('div');
  box.setAttribute('role', 'alert');
  box.className = 'fatal';
  const p = document.createElement('p');
  p.textContent = message;
  const reload = document.createElement('button');
  reload.textContent = 'Reload · Recargar';
  reload.addEventListener('click', () => window.location.reload());
  box.append(p, reload);
  document.body.replaceChildren(box);
}

async function main(): Promise<void> {
  let db;
  try {
    db = await openDb(LOCAL_DB_NAME, {
      onVersionChange: () =>
        showFatal(
          'Buzón was updated in another tab. Reload to continue. · Buzón se actualizó en otra pestaña. Recarga para continuar.',
        ),
    });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    showFatal(`The mailbox could not be opened (${why}). · No se pudo abrir el buzón (${why}).`);
    return;
  }
  const parser = createWorkerParser();
  const services = createServices(db, {
    parser,
    // Loaded on the first message shown or printed: the renderer brings DOMPurify
    // (~14 KB gzip), which the start-up bundle should not pay for (budget: 100 KB gzip).
    render: () => import('./mail/render.js'),
  });
  // DELETE-3 before the first paint, so Trash shows what it will keep.
  await startupMaintenance(db).catch((err: unknown) =>
    services.notices.notify(
      'error',
      `Trash clean-up failed: ${err instanceof Error ? err.message : String(err)}`,
    ),
  );
  void services.storage.requestPersistence().catch(() => false);

  const app = document.createElement('bz-app') as BzApp;
  app.services = services;
  document.body.replaceChildren(app);
  registerServiceWorker((handle) => (app.updateHandle = handle));
}

void main();
