// PWA-1: registers the service worker and, when a new version is waiting, asks the user
// instead of swapping it in silently. The page reloads once the new worker controls it.
// workbox-window (~2 KB gzip) loads after the first paint: registering can wait.
import type { Workbox } from 'workbox-window';

export interface UpdateHandle {
  /** Tells the waiting worker to take over; the page reloads when it does. */
  accept(): void;
}

export function registerServiceWorker(onUpdateReady: (handle: UpdateHandle) => void): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  void import('workbox-window')
    .then(({ Workbox }) => register(new Workbox('/sw.js', { scope: '/' }), onUpdateReady))
    .catch((err: unknown) => console.warn('Service worker registration failed', err));
}

function register(
  wb: Workbox,
  onUpdateReady: (handle: UpdateHandle) => void,
): void {
  wb.addEventListener('waiting', () => {
    onUpdateReady({
      accept: () => {
        wb.addEventListener('controlling', () => window.location.reload());
        wb.messageSkipWaiting();
      },
    });
  });
  wb.register().catch((err: unknown) => console.warn('Service worker registration failed', err));
}
