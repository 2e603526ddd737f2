// The composition root: opens the device's database (the local mailbox, which also keeps
// the list of accounts), then the shown account's database when one is signed in, builds
// the services over it — with the sync service for an account — mounts <bz-app> and
// registers the service worker. The only module that knows every layer.
import './app/bz-app.js';
import type { BzApp } from './app/bz-app.js';
import { registerServiceWorker } from './app/sw-registration.js';
import { whenIdle } from './ui/shared/idle.js';
import { accountDbName, loadCurrentAccount } from './state/account-service.js';
import { createWorkerParser } from './state/parser-client.js';
import { createServices, startupMaintenance } from './state/services.js';
import type { AccountInfo } from './state/types.js';
import { LOCAL_DB_NAME, openDb, type BuzonDb } from './store/db.js';
import { repackLegacyBodies } from './store/repos/bodies.js';
import { JmapClient } from './sync/jmap-client.js';
import { firstPassOver } from './sync/first-pass.js';
import { createQuotaService } from './sync/quota.js';
import { createPop3Service } from './sync/pop3.js';
import { createExternalImapService } from './sync/external-imap.js';
import { createShareService } from './sync/share.js';
import type { RunningSyncService } from './sync/service.js';
import { createLazySyncService } from './sync/lazy-sync-service.js';
import { fetchSmtpSizeLimit } from './sync/identities.js';
import type { IdentityService } from './state/identity-types.js';
import { createLazySearchService } from './state/lazy-search-service.js';
import { createLazyComposeService } from './state/lazy-compose-service.js';
import { createPgpServiceLoader } from './state/lazy-pgp-service.js';

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

const onVersionChange = () =>
  showFatal(
    'Buzón was updated in another tab. Reload to continue. · Buzón se actualizó en otra pestaña. Recarga para continuar.',
  );

async function openDatabases(): Promise<{
  deviceDb: BuzonDb;
  db: BuzonDb;
  account: AccountInfo | null;
  client: JmapClient | null;
}> {
  const deviceDb = await openDb(LOCAL_DB_NAME, { onVersionChange });
  const account = await loadCurrentAccount(deviceDb);
  if (!account) return { deviceDb, db: deviceDb, account, client: null };
  const client = accountClient(account);
  const db = await openDb(accountDbName(account.id), { onVersionChange, synced: true });
  return { deviceDb, db, account, client };
}

/**
 * The proxy client of the shown account. Its Session (which sync, quota and the account
 * menu all wait for, and which the proxy answers from a new IMAP connection) is asked for
 * at once, while the account's database opens and the app builds.
 */
function accountClient(account: AccountInfo): JmapClient {
  const client = new JmapClient(account.sharedBy !== undefined ? { accountId: account.id } : {});
  // A failure here is seen again, and retried, by whoever asks next.
  client.session().catch(() => undefined);
  return client;
}

async function main(): Promise<void> {
  let opened;
  try {
    opened = await openDatabases();
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    showFatal(`The mailbox could not be opened (${why}). · No se pudo abrir el buzón (${why}).`);
    return;
  }
  // A mailbox shared with the user is its own JMAP account in the same session (SHARED-2).
  const { deviceDb, db, account, client } = opened;
  const parser = createWorkerParser();
  // PGP-1…5: keys live in the device's database (they survive switching accounts and never
  // go to a server); the service, its worker and OpenPGP.js load on first use.
  const pgp = createPgpServiceLoader({
    db: deviceDb,
    // PGP-4 opt-in: decrypted copies stay beside the message, in the shown mailbox (ADR 0031).
    mailDb: db,
    parser,
    spawn: () =>
      new Worker(new URL('./workers/pgp-worker.ts', import.meta.url), { type: 'module' }),
    fetchWkd: async (address) => (await import('./sync/wkd-client.js')).createWkdFetcher()(address),
  });
  let sync: RunningSyncService | undefined;
  if (account && client) {
    // The engine loads in a chunk of its own, after start-up (lazy-sync-service.ts).
    sync = createLazySyncService(() =>
      import('./sync/service.js').then((m) =>
        m.createSyncService({
          db,
          account,
          parser,
          client,
          notify: (kind, message) => services.notices.notify(kind, message),
          windowDays: () =>
            services.accounts.current()?.offlineWindowDays ?? account.offlineWindowDays,
          ...(navigator.locks ? { locks: navigator.locks } : {}),
          eventSource: (url) => new EventSource(url, { withCredentials: true }),
          channel: new BroadcastChannel(`buzon-sync:${account.id}`),
          target: window,
          visibility: () => document.visibilityState,
          // SPAM-1, FILTER-3: incoming Inbox mail, processed by the syncing tab (ADR 0028); the
          // processor loads only when something is queued.
          ...(account.sharedBy === undefined
            ? {
                incoming: () =>
                  import('./state/incoming/wiring.js').then((m) =>
                    m.createIncomingDrain({
                      db,
                      now: Date.now,
                      parser,
                      body: (id) => services.reader.getRawMessage(id),
                      spam: () => (services.spam as NonNullable<typeof services.spam>)(),
                      serverFilters: true,
                      ...(services.comments ? { comments: services.comments } : {}),
                      compose: () => Promise.resolve(compose),
                      pgp,
                      notify: (kind, message) => services.notices.notify(kind, message),
                    }),
                  ),
              }
            : {}),
        }),
      ),
    );
  }
  // EXTERNAL-1: POP3 accounts fetch into the signed-in user's own mailbox (not a shared one).
  const pop3 = account && account.sharedBy === undefined ? createPop3Service() : undefined;
  // EXTERNAL-2: other IMAP accounts join the user's own mailbox too (top-level folders).
  const externalImap =
    account && account.sharedBy === undefined ? createExternalImapService() : undefined;
  // Issue 4: the user's own account sends; the local mailbox and a shared one cannot.
  const own = account && account.sharedBy === undefined ? account : null;
  // SEND-7: the sender identities, loaded on first use (start-up budget).
  let identityService: Promise<IdentityService> | null = null;
  const identities =
    client && own
      ? () =>
          (identityService ??= import('./sync/identity-service.js').then((m) =>
            m.createIdentityService({ db, client, username: own.username }),
          ))
      : undefined;
  const compose = createLazyComposeService({
    db,
    parser,
    account: own ? { username: own.username } : null,
    ...(client && own && identities
      ? {
          identities: async () => (await identities()).list(),
          freshIdentities: async () => {
            const service = await identities();
            await service.refresh();
            return service.list();
          },
          mandatorySignature: async () => (await identities()).mandatorySignature(),
          smtpSizeLimit: () => fetchSmtpSizeLimit(client),
          // SEND-15: loaded on use.
          links: async () => (await import('./sync/links.js')).createLinkUploader(client),
        }
      : {}),
    requestSync: () => void sync?.syncNow(),
    pgp,
  });
  // SEARCH-1…6: a worker builds the index of the shown mailbox once the page is idle.
  const search = createLazySearchService({
    db,
    // The folder benchmark measures the list alone: it opens the app with indexing paused.
    startPaused: new URLSearchParams(location.search).get('index') === 'paused',
    worker: () =>
      new Worker(new URL('./workers/search-worker.ts', import.meta.url), { type: 'module' }),
  });
  const services = createServices(db, {
    compose,
    search,
    pgp,
    ...(identities ? { identities } : {}),
    parser,
    // Loaded on the first message shown or printed: the renderer brings DOMPurify
    // (~14 KB gzip), which the start-up bundle should not pay for (budget: 100 KB gzip).
    render: () => import('./mail/render.js'),
    deviceDb,
    accountDeps: { current: account },
    // COMMENT-1: comment messages are From the signed-in user.
    ...(account?.username.includes('@') ? { owner: { name: '', address: account.username } } : {}),
    ...(pop3 ? { pop3 } : {}),
    ...(externalImap ? { externalImap } : {}),
    // The owner's quota; a shared mailbox shows none (its quota is the owner's).
    ...(client && account?.sharedBy === undefined
      ? { quota: createQuotaService(client, sync ? { notBefore: () => firstPassOver(sync) } : {}) }
      : {}),
    ...(client && account
      ? { share: createShareService({ client, deviceDb, current: account }) }
      : {}),
    ...(sync
      ? { sync, fetchBody: (id: string) => (sync as RunningSyncService).fetchBody(id) }
      : {}),
    // FILTER-3…5: the filters go to the server as Sieve through the proxy (own account only).
    ...(client && own
      ? {
          filterServer: () =>
            import('./sync/sieve-client.js').then((m) => ({
              api: m.createSieveApi(),
              serverPaths: () => m.serverFolderPaths(client),
            })),
        }
      : {}),
    // CONTACTS-5: contact lists kept on the server and shared (own account only), loaded
    // with the address book.
    ...(client && own
      ? {
          sharedLists: () =>
            import('./sync/shared-lists.js').then((m) => ({
              sharedLists: m.createSharedListSource(client),
              sharedListsOffered: () => m.sharedListsOffered(client),
            })),
        }
      : {}),
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
  sync?.start();
  pop3?.startAuto();
  // After the first rows: indexing parses mail, which must not delay the first paint.
  // ADR 0031: copies kept by a key that stopped keeping (while this mailbox was closed) go
  // before the index reads them; loaded on use, it costs the start-up bundle nothing.
  whenIdle(
    () =>
      void import('./store/repos/decrypted.js')
        .then((m) => m.dropUnwantedDecrypted(db, deviceDb))
        .catch(() => 0)
        .then(() => search.start()),
  );
  // Schema v14: bodies stored before it move into packs, a batch per transaction; the
  // mailbox reads them where they are meanwhile (store/repos/bodies.ts).
  whenIdle(() => {
    void repackLegacyBodies(db)
      .then(() => (deviceDb === db ? undefined : repackLegacyBodies(deviceDb)))
      .catch((err: unknown) =>
        services.notices.notify(
          'error',
          `Storing older messages in the new layout stopped: ${err instanceof Error ? err.message : String(err)}. They stay readable.`,
        ),
      );
  });
  registerServiceWorker((handle) => (app.updateHandle = handle));
}

void main();
