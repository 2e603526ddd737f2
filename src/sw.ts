/// <reference lib="webworker" />
// The service worker (PWA-1): precaches the built app shell so it reloads offline, falls
// back to index.html for navigations, and swaps versions only when the page says so.
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Offline reloads of any in-app URL get the app shell; the app routes itself.
// SEND-15: a link to a file the proxy keeps (/l/<token>) is a download, not the app.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/l\//] }),
);

// The proxy's API (/jmap, /auth) never goes through this worker: with static routing the
// browser sends it straight to the network, so no API call waits for the worker to wake,
// a push stream is the page's own connection, and offline means offline. Browsers
// without static routing still pass these through (no route below matches them).
interface StaticRoute {
  condition: { urlPattern: { pathname: string } };
  source: 'network';
}
const API_PATHS = ['/jmap', '/jmap/*', '/auth/*'];
self.addEventListener('install', (event: ExtendableEvent) => {
  const install = event as ExtendableEvent & { addRoutes?: (r: StaticRoute[]) => Promise<void> };
  if (!install.addRoutes) return;
  const routes = API_PATHS.map((pathname): StaticRoute => ({
    condition: { urlPattern: { pathname } },
    source: 'network',
  }));
  event.waitUntil(install.addRoutes(routes).catch(() => undefined));
});

// No skipWaiting() on install: the page shows "new version ready — reload" and sends
// this message only when the user accepts, so a running tab is never swapped silently.
self.addEventListener('message', (event: ExtendableMessageEvent) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
