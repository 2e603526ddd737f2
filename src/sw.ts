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
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));

// No skipWaiting() on install: the page shows "new version ready — reload" and sends
// this message only when the user accepts, so a running tab is never swapped silently.
self.addEventListener('message', (event: ExtendableMessageEvent) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
