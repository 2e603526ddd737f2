// PWA-4: English (the source) and Spanish, switchable at runtime with @lit/localize in
// runtime mode. Spanish templates are hand-written in src/locales/es.ts and loaded lazily.
import { configureLocalization } from '@lit/localize';
import type { LocaleSetting } from '../state/types.js';

export const SOURCE_LOCALE = 'en';
export const TARGET_LOCALES = ['es'] as const;
export type AppLocale = typeof SOURCE_LOCALE | (typeof TARGET_LOCALES)[number];

let runtime: ReturnType<typeof configureLocalization> | undefined;

/** Configured on first use: configureLocalization may run only once per page. */
function localization(): ReturnType<typeof configureLocalization> {
  runtime ??= configureLocalization({
    sourceLocale: SOURCE_LOCALE,
    targetLocales: TARGET_LOCALES,
    loadLocale: () => import('../locales/es.js'),
  });
  return runtime;
}

/** The language to show: the saved setting, else the browser's, else English. */
export function resolveLocale(
  setting: LocaleSetting,
  browserLanguages: readonly string[],
): AppLocale {
  if (setting !== 'auto') return setting;
  for (const lang of browserLanguages) {
    const base = lang.toLowerCase().split('-')[0];
    if (base === 'es') return 'es';
    if (base === 'en') return 'en';
  }
  return SOURCE_LOCALE;
}

/** Switches every @localized element to `locale` and keeps `<html lang>` in step. */
export async function applyLocale(locale: AppLocale): Promise<void> {
  const l10n = localization();
  if (l10n.getLocale() !== locale) await l10n.setLocale(locale);
  document.documentElement.lang = locale;
}
