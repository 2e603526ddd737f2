// PWA-4: the interface language is the saved setting, else the browser's, else English.
import { describe, expect, it } from 'vitest';
import { resolveLocale } from '../../src/app/localization.js';

describe('interface language (PWA-4)', () => {
  it('PWA-4 a saved language wins over the browser', () => {
    expect(resolveLocale('es', ['en-US'])).toBe('es');
    expect(resolveLocale('en', ['es-ES'])).toBe('en');
  });
  it('PWA-4 "automatic" follows the first supported browser language', () => {
    expect(resolveLocale('auto', ['es-MX', 'en'])).toBe('es');
    expect(resolveLocale('auto', ['fr-FR', 'es'])).toBe('es');
    expect(resolveLocale('auto', ['de', 'fr'])).toBe('en');
  });
});
