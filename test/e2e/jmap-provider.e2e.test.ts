// A JMAP provider in Chromium (issue 3, ADR 0017): the built app and proxy with Cyrus IMAP
// 3.6 configured by jmapSessionUrl in a providers file. The user signs in through the UI,
// reads the mailbox offline-first as with any provider, a change made in the app reaches
// the server, and a delivery appears without a reload (the proxy polls this Cyrus).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCyrus, type CyrusInstance } from '../support/cyrus/index.js';
import { folderByRole, openFolder, openMessage, row } from './support/app.js';
import { launchChromium, newAppContext, openApp, screenshot } from './support/browser.js';
import { ALICE, signIn, SYNC_WAIT_MS } from './support/mail-server.js';
import { startAppServer, type RunningServer } from './support/server.js';

const SETUP_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 60_000;

let cyrus: CyrusInstance;
let server: RunningServer;
let browser: Browser;
let page: Page;
let dir: string;

function message(n: number): string {
  return [
    'From: Carla <carla@example.test>',
    `To: ${ALICE.user}`,
    `Subject: Desde Cyrus ${n}`,
    `Message-ID: <cyrus-${n}@buzon.test>`,
    `Date: Mon, 02 Mar 2026 09:0${n}:00 +0100`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Cuerpo ${n}.`,
    '',
  ].join('\r\n');
}

/** The keywords Cyrus holds for a message, asked directly (the proxy not involved). */
async function keywordsOnCyrus(messageId: string): Promise<Record<string, boolean> | null> {
  const auth = `Basic ${Buffer.from(`${ALICE.user}:${ALICE.pass}`).toString('base64')}`;
  const res = await fetch(new URL('/jmap/', cyrus.sessionUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: auth },
    body: JSON.stringify({
      using: ['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:mail'],
      methodCalls: [
        [
          'Email/query',
          { accountId: ALICE.user, filter: { header: ['Message-ID', messageId] } },
          'q',
        ],
        [
          'Email/get',
          {
            accountId: ALICE.user,
            '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
            properties: ['keywords'],
          },
          'g',
        ],
      ],
    }),
  });
  const json = (await res.json()) as {
    methodResponses: [string, { list?: { keywords: Record<string, boolean> }[] }][];
  };
  return json.methodResponses[1]?.[1].list?.[0]?.keywords ?? null;
}

beforeAll(async () => {
  cyrus = await startCyrus();
  for (let n = 1; n <= 3; n++) await cyrus.deliver(ALICE.user, message(n));
  dir = mkdtempSync(join(tmpdir(), 'buzon-jmap-provider-'));
  const providers = join(dir, 'providers.json');
  writeFileSync(
    providers,
    JSON.stringify({
      providers: [
        {
          id: 'cyrus',
          name: 'Cyrus JMAP',
          imap: { host: cyrus.host, port: cyrus.imapPort, tls: 'none' },
          jmapSessionUrl: cyrus.wellKnownUrl,
        },
      ],
    }),
  );
  server = await startAppServer({ env: { BUZON_PROVIDERS: providers } });
  browser = await launchChromium();
  const context = await newAppContext(browser);
  page = await openApp(context, server.url);
  page.on('pageerror', (err) => console.error('page error:', err.message));
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await cyrus?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('issue 3 a JMAP provider in Chromium', () => {
  it(
    'signing in to the JMAP provider shows its mailbox',
    async () => {
      await signIn(page, ALICE).catch(async (err: unknown) => {
        // What the form said is the useful part of a failure here.
        const said = await page.getByTestId('sign-in-error').textContent().catch(() => '');
        throw new Error(`sign-in did not complete: "${said}"`, { cause: err });
      });
      await openFolder(folderByRole(page, 'inbox'));
      for (let n = 1; n <= 3; n++) await row(page, `cyrus-${n}@buzon.test`).waitFor();
      await screenshot(page, 'jmap-provider-inbox');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'reading a message marks it read on the server',
    async () => {
      await openMessage(page, 'cyrus-2@buzon.test');
      await expect
        .poll(() => keywordsOnCyrus('<cyrus-2@buzon.test>'), { timeout: SYNC_WAIT_MS })
        .toMatchObject({ $seen: true });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a delivery appears without a reload',
    async () => {
      await cyrus.deliver(ALICE.user, message(4));
      await row(page, 'cyrus-4@buzon.test').waitFor({ timeout: SYNC_WAIT_MS });
    },
    TEST_TIMEOUT_MS,
  );
});
