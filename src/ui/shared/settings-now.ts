import type { Settings, SettingsService } from '../../state/types.js';

/** The settings as they are now (one value of the live source); null without a service. */
export function currentSettings(service: SettingsService | undefined): Promise<Settings | null> {
  const source = service?.observeSettings();
  if (!source) return Promise.resolve(null);
  return new Promise((resolve) => {
    const sub = source.subscribe({
      next: (v) => {
        resolve(v);
        queueMicrotask(() => sub.unsubscribe());
      },
      error: () => resolve(null),
    });
  });
}
