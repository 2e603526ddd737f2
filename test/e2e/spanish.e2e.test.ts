// PWA-4: the interface in Spanish — from the browser's language, and by the language
// setting without a reload. Asserts what a Spanish-speaking user reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, newAppContext, openApp, screenshot } from './support/browser.js';
import { startAppServer, type RunningServer } from './support/server.js';
import { folderByRole } from './support/app.js';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startAppServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const SPANISH_FOLDERS = {
  inbox: 'Bandeja de entrada',
  sent: 'Enviados',
  trash: 'Papelera',
  drafts: 'Borradores',
} as const;

describe('the Spanish interface', () => {
  it('PWA-4 a browser in es-ES gets Spanish folder names and toolbar labels', async () => {
    const context = await newAppContext(browser, { locale: 'es-ES' });
    try {
      const page = await openApp(context, server.url);
      for (const [role, name] of Object.entries(SPANISH_FOLDERS)) {
        await expect
          .poll(() => folderByRole(page, role as keyof typeof SPANISH_FOLDERS).innerText(), {
            message: role,
          })
          .toContain(name);
      }
      expect(await page.getByRole('button', { name: 'Importar', exact: true }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Documentos', exact: true }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Import', exact: true }).count()).toBe(0);
      expect(await page.locator('html').getAttribute('lang')).toBe('es');
      await screenshot(page, '20-spanish');
    } finally {
      await context.close();
    }
  });

  it('PWA-4 switching the language setting to Español relabels the app without a reload', async () => {
    const context = await newAppContext(browser, { locale: 'en-US' });
    try {
      const page = await openApp(context, server.url);
      await expect.poll(() => folderByRole(page, 'inbox').innerText()).toContain('Inbox');
      await page.getByRole('combobox', { name: 'Language' }).selectOption('es');
      await expect
        .poll(() => folderByRole(page, 'inbox').innerText())
        .toContain('Bandeja de entrada');
      await expect.poll(() => folderByRole(page, 'trash').innerText()).toContain('Papelera');
      expect(await page.getByRole('button', { name: 'Importar', exact: true }).count()).toBe(1);
      // The choice is a setting: it survives a reload even though the browser says English.
      await page.reload();
      await expect.poll(() => folderByRole(page, 'sent').innerText()).toContain('Enviados');
    } finally {
      await context.close();
    }
  });
});
