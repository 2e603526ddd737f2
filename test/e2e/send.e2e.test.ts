// Sending in Chromium (issue 4): the built app against Dovecot and an SMTP server that
// delivers to Dovecot. The user writes a message offline, sends it, reloads while still
// offline (it waits in the Outbox), comes back online — and the recipient gets it once.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderByPath, folderByRole, openFolder, openMessage, row } from './support/app.js';
import { toolbarButton } from './support/actions.js';
import { screenshot, waitForReady } from './support/browser.js';
import { messagesIn, sourcesIn } from '../support/imap-look.js';
import {
  ALICE,
  BOB,
  signedInPage,
  startMailServer,
  SYNC_WAIT_MS,
  type MailServer,
} from './support/mail-server.js';

const SETUP_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 90_000;
const SUBJECT = 'Presupuesto de junio — revisión';

let mail: MailServer;
let context: BrowserContext;
let page: Page;

/** Subjects in Bob's INBOX, as his own IMAP client decodes them. */
async function bobsSubjects(): Promise<string[]> {
  return (await messagesIn(mail.dovecot, BOB, 'INBOX')).map((m) => m.subject);
}

beforeAll(async () => {
  mail = await startMailServer(ALICE, { sending: true });
  ({ context, page } = await signedInPage(mail, 'A', ALICE));
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await mail?.stop();
});

describe('issue 4 sending in Chromium', () => {
  it(
    'SEND-13 a message sent offline waits in the Outbox across a reload and reaches Bob once online',
    async () => {
      // The reload below is served by the service worker: wait until it has the app.
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
      await context.setOffline(true);
      await page.getByTestId('compose-button').click();
      await page.getByTestId('composer').waitFor();
      await page.getByTestId('compose-to').fill(`Bob Peña <${BOB.user}>`);
      await page.getByTestId('compose-subject').fill(SUBJECT);
      await page.getByTestId('compose-body').fill('Hola Bob,\n\nte mando el presupuesto.\n\nAlice');
      await screenshot(page, 'send-composer');
      await page.getByTestId('compose-send').click();
      await page.getByTestId('outbox-button').waitFor();
      await screenshot(page, 'send-offline-outbox');
      await page.reload();
      await waitForReady(page);
      // Still there after the reload, still offline.
      await page.getByTestId('outbox-button').waitFor();
      expect(await bobsSubjects()).not.toContain(SUBJECT);
      await context.setOffline(false);
      await expect.poll(bobsSubjects, { timeout: SYNC_WAIT_MS }).toContain(SUBJECT);
      await page.getByTestId('outbox-button').waitFor({ state: 'hidden', timeout: SYNC_WAIT_MS });
      const delivered = (await bobsSubjects()).filter((s) => s === SUBJECT);
      expect(delivered).toHaveLength(1);
      expect(mail.sink?.submissions.filter((s) => s.rcptTo.includes(BOB.user))).toHaveLength(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SEND-13 the answer to Send lost after the server sent it: the Outbox finds it in Sent, and Bob gets it once',
    async () => {
      const subject = 'Factura 2026-117 — pagada';
      let dropped = 0;
      // The request reaches the proxy (which submits over SMTP); its answer never reaches the page.
      await context.route('**/jmap', async (route) => {
        const body = route.request().postData() ?? '';
        if (dropped === 0 && body.includes('EmailSubmission/set') && body.includes('"send"')) {
          dropped++;
          await route.fetch();
          await route.abort('connectionreset');
          return;
        }
        await route.continue();
      });
      try {
        await page.getByTestId('compose-button').click();
        await page.getByTestId('composer').waitFor();
        await page.getByTestId('compose-to').fill(BOB.user);
        await page.getByTestId('compose-subject').fill(subject);
        await page.getByTestId('compose-body').fill('Pagada el lunes.');
        await page.getByTestId('compose-send').click();
        await expect.poll(() => dropped, { timeout: SYNC_WAIT_MS }).toBe(1);
        await expect.poll(bobsSubjects, { timeout: SYNC_WAIT_MS }).toContain(subject);
        await page.getByTestId('sync-now').click();
        await page.getByTestId('outbox-button').waitFor({ state: 'hidden', timeout: SYNC_WAIT_MS });
        expect((await bobsSubjects()).filter((s) => s === subject)).toHaveLength(1);
        const submitted = (mail.sink?.submissions ?? []).filter((s) =>
          s.raw.toString('utf8').includes('Pagada el lunes.'),
        );
        expect(submitted).toHaveLength(1);
      } finally {
        await context.unroute('**/jmap');
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'ATTACH-1 a file picked in the composer reaches Bob with its name and bytes',
    async () => {
      const subject = 'Planos de la cocina';
      const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 13) % 256));
      await page.getByTestId('compose-button').click();
      await page.getByTestId('composer').waitFor();
      await page.getByTestId('compose-to').fill(BOB.user);
      await page.getByTestId('compose-subject').fill(subject);
      await page.getByTestId('compose-body').fill('Te mando los planos.');
      await page
        .getByTestId('compose-file-input')
        .setInputFiles({ name: 'plano año 2026.pdf', mimeType: 'application/pdf', buffer: bytes });
      await page.getByTestId('compose-attachment').waitFor();
      await screenshot(page, 'send-attachment');
      await page.getByTestId('compose-send').click();
      await expect.poll(bobsSubjects, { timeout: SYNC_WAIT_MS }).toContain(subject);
      const { default: PostalMime } = await import('postal-mime');
      const copies = await sourcesIn(mail.dovecot, BOB, 'INBOX');
      const parsed = await Promise.all(copies.map((raw) => PostalMime.parse(raw)));
      const got = parsed.find((m) => m.subject === subject);
      expect(got?.attachments.map((a) => a.filename)).toEqual(['plano año 2026.pdf']);
      expect(Buffer.from(got?.attachments[0]?.content as ArrayBuffer).equals(bytes)).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SEND-3 a message written in rich text reaches Bob with its formatting and a faithful plain part',
    async () => {
      const subject = 'Menú de la semana';
      await page.getByTestId('compose-button').click();
      await page.getByTestId('composer').waitFor();
      await page.getByTestId('compose-to').fill(BOB.user);
      await page.getByTestId('compose-subject').fill(subject);
      await page.getByTestId('compose-rich-toggle').click();
      const editor = page.locator('bz-rich-editor .ProseMirror');
      await editor.waitFor();
      await editor.click();
      await page.keyboard.type('Lunes: ');
      await page.keyboard.press('Control+b');
      await page.keyboard.type('paella');
      await page.keyboard.press('Control+b');
      await page.keyboard.press('Enter');
      await page.keyboard.type('- martes: gazpacho');
      await screenshot(page, 'send-rich');
      await page.getByTestId('compose-send').click();
      await expect.poll(bobsSubjects, { timeout: SYNC_WAIT_MS }).toContain(subject);
      const { default: PostalMime } = await import('postal-mime');
      const copies = await sourcesIn(mail.dovecot, BOB, 'INBOX');
      const parsed = await Promise.all(copies.map((raw) => PostalMime.parse(raw)));
      const got = parsed.find((m) => m.subject === subject);
      expect(got?.html).toMatch(/Lunes: <strong>paella<\/strong>/);
      expect(got?.html).toMatch(/<li>.*gazpacho/s);
      expect(got?.text).toContain('Lunes: paella');
      expect(got?.text).toContain('- martes: gazpacho');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'TEMPLATE-2 TEMPLATE-3 Save as template in the composer; Use this template in Templates starts a message from it',
    async () => {
      await page.getByTestId('compose-button').click();
      await page.getByTestId('composer').waitFor();
      await page.getByTestId('compose-subject').fill('Horario de verano');
      await page
        .getByTestId('compose-body')
        .fill('Hola {{nombre}},\n\nen agosto abrimos de 8 a 15.');
      await page.getByTestId('compose-save-template').click();
      await expect
        .poll(() => page.getByTestId('compose-saved').textContent())
        .toBe('Saved in Templates');
      await page.getByTestId('compose-discard').click();
      await page.getByTestId('question-confirm').click();
      await openFolder(folderByRole(page, 'templates'));
      // The template's own row: right after the folder switch the list may still show the
      // previous folder's rows (seen under load in CI), whose first row is no template.
      const first = page
        .locator('[data-testid="message-list-item"]')
        .filter({ hasText: 'Horario de verano' })
        .first();
      await first.waitFor({ timeout: SYNC_WAIT_MS });
      await first.click();
      await page.getByTestId('reader-use-template').click();
      await page.getByTestId('composer').waitFor();
      await expect(page.getByTestId('compose-subject').inputValue()).resolves.toBe(
        'Horario de verano',
      );
      await expect(page.getByTestId('compose-body').inputValue()).resolves.toContain(
        'Hola {{nombre}},',
      );
      await screenshot(page, 'send-from-template');
      await page.getByTestId('compose-discard').click();
      await page.getByTestId('question-confirm').click();
      // Throwing the message away leaves the template.
      await expect.poll(() => page.locator('[data-testid="message-list-item"]').count()).toBe(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SEND-5 Reply in the reader: Bob’s question answered, threaded, and Bob gets it',
    async () => {
      await mail.dovecot.deliver(
        ALICE.user,
        [
          `From: Bob Peña <${BOB.user}>`,
          `To: ${ALICE.user}`,
          'Subject: ¿Comemos el jueves?',
          'Message-ID: <question-1@buzon.test>',
          'Date: Mon, 02 Mar 2026 09:00:00 +0100',
          'Content-Type: text/plain; charset=utf-8',
          '',
          '¿Te va bien a las dos?',
          '',
        ].join('\r\n'),
      );
      await openFolder(folderByRole(page, 'inbox'));
      await row(page, 'question-1@buzon.test').waitFor({ timeout: SYNC_WAIT_MS });
      await openMessage(page, 'question-1@buzon.test');
      await page.getByTestId('reader-reply').click();
      await page.getByTestId('composer').waitFor();
      await expect(page.getByTestId('compose-to').inputValue()).resolves.toContain(BOB.user);
      await expect(page.getByTestId('compose-subject').inputValue()).resolves.toBe(
        'Re: ¿Comemos el jueves?',
      );
      const body = page.getByTestId('compose-body');
      await expect(body.inputValue()).resolves.toContain('> ¿Te va bien a las dos?');
      await body.press('Control+Home');
      await body.pressSequentially('Perfecto, a las dos.');
      await screenshot(page, 'send-reply');
      await page.getByTestId('compose-send').click();
      await expect
        .poll(bobsSubjects, { timeout: SYNC_WAIT_MS })
        .toContain('Re: ¿Comemos el jueves?');
      // The original shows as answered in the list.
      await row(page, 'question-1@buzon.test')
        .locator('[data-testid="mark-answered"]')
        .waitFor({ timeout: SYNC_WAIT_MS });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SEND-2 a draft saved in the composer is in Drafts, reopens for editing, and goes when sent',
    async () => {
      await page.getByTestId('compose-button').click();
      await page.getByTestId('composer').waitFor();
      await page.getByTestId('compose-to').fill(BOB.user);
      await page.getByTestId('compose-subject').fill('Borrador de la agenda');
      await page.getByTestId('compose-body').fill('Punto 1: presupuesto.');
      await page.getByTestId('compose-save').click();
      await page.getByTestId('composer').waitFor({ state: 'hidden' });
      await openFolder(folderByRole(page, 'drafts'));
      const draftRow = page
        .locator('[data-testid="message-list-item"]')
        .filter({ hasText: 'Borrador de la agenda' });
      await draftRow.waitFor();
      await draftRow.click();
      await page.getByTestId('reader-edit-draft').click();
      await page.getByTestId('composer').waitFor();
      await expect(page.getByTestId('compose-body').inputValue()).resolves.toBe(
        'Punto 1: presupuesto.',
      );
      await page.getByTestId('compose-body').press('End');
      await page.getByTestId('compose-body').pressSequentially('\nPunto 2: fechas.');
      await page.getByTestId('compose-send').click();
      await expect.poll(bobsSubjects, { timeout: SYNC_WAIT_MS }).toContain('Borrador de la agenda');
      await draftRow.waitFor({ state: 'detached', timeout: SYNC_WAIT_MS });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SEND-11 a message asking for a read receipt asks once; Yes sends it to the sender',
    async () => {
      await mail.dovecot.deliver(
        ALICE.user,
        [
          `From: Bob Peña <${BOB.user}>`,
          `To: ${ALICE.user}`,
          'Subject: ¿Lo recibiste?',
          'Message-ID: <receipt-1@buzon.test>',
          `Disposition-Notification-To: ${BOB.user}`,
          'Date: Mon, 02 Mar 2026 10:00:00 +0100',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Avísame cuando lo veas.',
          '',
        ].join('\r\n'),
      );
      await openFolder(folderByRole(page, 'inbox'));
      await row(page, 'receipt-1@buzon.test').waitFor({ timeout: SYNC_WAIT_MS });
      await openMessage(page, 'receipt-1@buzon.test');
      await page.getByTestId('receipt-banner').waitFor();
      await screenshot(page, 'send-receipt-ask');
      await page.getByTestId('receipt-send').click();
      await page.getByTestId('receipt-banner').waitFor({ state: 'detached' });
      await expect.poll(bobsSubjects, { timeout: SYNC_WAIT_MS }).toContain('Read: ¿Lo recibiste?');
      // Opened again, it does not ask again.
      await openFolder(folderByRole(page, 'sent'));
      await openFolder(folderByRole(page, 'inbox'));
      await openMessage(page, 'receipt-1@buzon.test');
      await expect(page.getByTestId('receipt-banner').count()).resolves.toBe(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "EXTERNAL-3 a reply to mail written to Bob's account, added in Settings, goes out from Bob's address and is kept in his Sent",
    async () => {
      const carol = { user: 'carol@buzon.test', pass: 'carol-secret' };
      await toolbarButton(page, 'Settings').click();
      const settings = page.getByRole('dialog').filter({ hasText: 'Settings' });
      await settings.getByTestId('imap-add').click();
      await settings.getByTestId('imap-address').fill(BOB.user);
      await settings.getByTestId('imap-username').fill(BOB.user);
      await settings.getByTestId('imap-password').fill(BOB.pass);
      await settings.getByTestId('imap-save').click();
      await settings.getByTestId('imap-account').waitFor({ timeout: SYNC_WAIT_MS });
      await page.keyboard.press('Escape');
      await mail.dovecot.deliver(
        BOB.user,
        [
          `From: Carol Ruiz <${carol.user}>`,
          `To: Bob <${BOB.user}>`,
          'Subject: Entradas para el concierto',
          'Message-ID: <other-account-1@buzon.test>',
          'Date: Tue, 03 Mar 2026 18:00:00 +0100',
          'Content-Type: text/plain; charset=utf-8',
          '',
          '¿Te guardo dos entradas?',
          '',
        ].join('\r\n'),
      );
      const bobsInbox = folderByPath(page, `${BOB.user}/INBOX`);
      await bobsInbox.waitFor({ timeout: SYNC_WAIT_MS });
      await openFolder(bobsInbox);
      await page.getByTestId('sync-now').click();
      await row(page, 'other-account-1@buzon.test').waitFor({ timeout: SYNC_WAIT_MS });
      await openMessage(page, 'other-account-1@buzon.test');
      await page.getByTestId('reader-reply').click();
      await page.getByTestId('composer').waitFor();
      const from = page.getByTestId('compose-from');
      await expect
        .poll(async () => from.locator('option:checked').textContent(), { timeout: SYNC_WAIT_MS })
        .toContain(BOB.user);
      const body = page.getByTestId('compose-body');
      await body.press('Control+Home');
      await body.pressSequentially('Sí, dos, gracias.');
      await screenshot(page, 'send-as-other-account');
      await page.getByTestId('compose-send').click();
      const carolsSubjects = async () =>
        (await messagesIn(mail.dovecot, carol, 'INBOX')).map((m) => m.subject);
      await expect
        .poll(carolsSubjects, { timeout: SYNC_WAIT_MS })
        .toContain('Re: Entradas para el concierto');
      const submitted = (mail.sink?.submissions ?? []).filter((s) =>
        s.raw.toString('utf8').includes('Subject: Re: Entradas para el concierto'),
      );
      expect(submitted.map((s) => [s.user, s.mailFrom])).toEqual([[BOB.user, BOB.user]]);
      await expect
        .poll(async () => (await messagesIn(mail.dovecot, BOB, 'Sent')).map((m) => m.subject), {
          timeout: SYNC_WAIT_MS,
        })
        .toEqual(['Re: Entradas para el concierto']);
      // In Alice's app the copy shows in the Sent folder inside Bob's account.
      await openFolder(folderByPath(page, `${BOB.user}/Sent`));
      await page
        .locator('[data-testid="message-list-item"]')
        .filter({ hasText: 'Re: Entradas para el concierto' })
        .waitFor({ timeout: SYNC_WAIT_MS });
      await screenshot(page, 'send-as-other-account-sent');
    },
    TEST_TIMEOUT_MS,
  );
});
