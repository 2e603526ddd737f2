// CONTACTS-2 in real Chromium over the real services on a fresh IndexedDB: the address-book
// picker placed in a shadow root inside the app (as the composer places it), searched without
// accents, ticked across the e-mail / phone-number switch, lists resolved to their members,
// Cancel and Escape giving nothing, and hostile names shown as text.
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { blankContact } from '../../../src/contacts/model.js';
import type { ImportedContact } from '../../../src/contacts/model.js';
import type { ContactService } from '../../../src/state/contact-types.js';
import { pickAddresses } from '../../../src/ui/contacts/bz-address-picker.js';
import type {
  PickedRecipients,
  RecipientField,
} from '../../../src/ui/contacts/bz-address-picker.js';
import { deep, deepAll, mountApp, must, until } from '../harness.js';
import { FakeCompose } from '../compose/support/fake-compose.js';
import type { Mounted } from '../harness.js';

let mounted: Mounted | undefined;
afterEach(async () => {
  await mounted?.close();
  mounted = undefined;
});

const HOSTILE = '<img src=x onerror="window.__pwned=1">';

const card = (fields: Partial<ImportedContact>): ImportedContact => ({
  ...blankContact(),
  ...fields,
});

/** The app with an address book: José (two addresses, a mobile, a fax), María, a hostile name. */
async function start(): Promise<{ contacts: ContactService; ids: Record<string, string> }> {
  mounted = await mountApp();
  const contacts = await must(mounted.services.contacts, 'contact service')();
  const jose = await contacts.putContact(
    card({
      firstName: 'José',
      lastName: 'Ñúñez',
      emails: [
        { address: 'jose@example.es', label: 'home' },
        { address: 'j.nunez@acme.example', label: 'work' },
      ],
      phones: [
        { number: '+32 475 12 34 56', kind: 'mobile' },
        { number: '322123456', kind: 'fax' },
        { number: '+34 91 000 00 01', kind: 'work' },
      ],
    }),
  );
  const maria = await contacts.putContact(
    card({
      firstName: 'María',
      lastName: 'Pérez',
      emails: [{ address: 'maria@example.es', label: 'home' }],
      // National: no gateway can guess the country, so it cannot be an SMS recipient.
      phones: [{ number: '0475 11 22 33', kind: 'mobile' }],
    }),
  );
  await contacts.putContact(
    card({ firstName: HOSTILE, emails: [{ address: 'evil@example.org', label: 'home' }] }),
  );
  // The user's own card is no recipient to pick.
  await contacts.setMyCard({
    ...card({ firstName: 'Yo', emails: [{ address: 'yo@example.es', label: 'home' }] }),
    updatedAt: 0,
  });
  return { contacts, ids: { jose, maria } };
}

/** Opens the picker as the composer does; its answer arrives when the user is done. */
async function open(field: RecipientField = 'to') {
  const host = must(must(mounted).app.shadowRoot, 'app shadow root');
  const answer: Promise<PickedRecipients | null> = pickAddresses(host, field);
  const root = await until(() => deepAll('bz-address-picker')[0]?.shadowRoot);
  await until(() => root.querySelector('dialog')?.open);
  await until(() => root.querySelector('[data-testid="pick-row"]'));
  return { root, answer };
}

const rows = (root: ParentNode) => deepAll('[data-testid="pick-row"]', root);
const shown = (root: ParentNode) =>
  rows(root).map((r) => r.querySelector('[data-testid="pick-shown"]')?.textContent);

function row(root: ParentNode, text: string): HTMLInputElement {
  const found = rows(root).find((r) => r.textContent?.includes(text));
  return must(found?.querySelector<HTMLInputElement>('input[type="checkbox"]'), `row ${text}`);
}

describe('the address-book picker (CONTACTS-2)', () => {
  it('CONTACTS-2 the address-book button beside Cc opens the picker; the chosen recipients join what was typed', async () => {
    await start();
    const app = must(mounted).app;
    app.composeService = new FakeCompose();
    deep('[data-testid="compose-button"]').click();
    const composer = await until(() => deepAll('bz-composer')[0]);
    await until(() => composer.shadowRoot?.querySelector('dialog')?.open);
    deep<HTMLButtonElement>(
      'button[aria-label="Add Cc recipients"]',
      must(composer.shadowRoot),
    ).click();
    const cc = await until(() =>
      composer.shadowRoot?.querySelector<HTMLInputElement>('[data-testid="compose-cc"]'),
    );
    await userEvent.fill(cc, 'bob@buzon.test');
    deep('[data-testid="compose-pick-cc"]', must(composer.shadowRoot)).click();
    const root = await until(() => deepAll('bz-address-picker')[0]?.shadowRoot);
    await until(() => root.querySelector('[data-testid="pick-row"]'));
    await userEvent.click(row(root, 'maria@example.es'));
    deep('[data-testid="pick-ok"]', root).click();
    await until(() => cc.value.includes('maria@example.es'));
    expect(cc.value).toBe('bob@buzon.test, María Pérez <maria@example.es>');
  });

  it('CONTACTS-2 "jos" finds José; two addresses and an SMS number ticked across the switch come back on OK', async () => {
    await start();
    const { root, answer } = await open('cc');
    expect(deep('h2', root).textContent).toContain('Choose recipients: Cc');
    // Every address of every contact, one row each; the user's own card is not there.
    expect(shown(root)).toEqual([
      'evil@example.org',
      'jose@example.es',
      'j.nunez@acme.example',
      'maria@example.es',
    ]);

    await userEvent.fill(deep('[data-testid="pick-search"]', root), 'jos');
    await until(() => rows(root).length === 2);
    expect(deepAll('[data-testid="pick-name"]', root).map((n) => n.textContent)).toEqual([
      'José Ñúñez',
      'José Ñúñez',
    ]);
    await userEvent.click(row(root, 'jose@example.es'));
    await userEvent.click(row(root, 'j.nunez@acme.example'));

    await userEvent.click(deep('[data-testid="pick-mode-phone"]', root));
    // Mobile as SMS and fax as fax; the work landline is no SMS or fax recipient.
    await until(() => shown(root).includes('322123456'));
    expect(rows(root).map((r) => r.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'José Ñúñez SMS · +32 475 12 34 56',
      'José Ñúñez Fax · 322123456',
    ]);
    await userEvent.click(row(root, '+32 475 12 34 56'));
    expect(deep('[data-testid="pick-count"]', root).textContent).toBe('Chosen: 3');

    // Ticks survive the switch back.
    await userEvent.click(deep('[data-testid="pick-mode-email"]', root));
    await until(() => row(root, 'jose@example.es').checked);

    deep('[data-testid="pick-ok"]', root).click();
    expect(await answer).toEqual({
      addresses: [
        { name: 'José Ñúñez', address: 'jose@example.es' },
        { name: 'José Ñúñez', address: 'j.nunez@acme.example' },
        { name: 'José Ñúñez', address: '32475123456@SMS' },
      ],
    });
    await until(() => deepAll('bz-address-picker').length === 0);
  });

  it('CONTACTS-2 the search ignores accents and case, and a mobile without country code cannot be ticked', async () => {
    await start();
    const { root, answer } = await open();
    await userEvent.fill(deep('[data-testid="pick-search"]', root), 'PEREZ');
    await until(() => shown(root).join() === 'maria@example.es');
    await userEvent.fill(deep('[data-testid="pick-search"]', root), 'ñuñ');
    await until(() => shown(root).length === 2 && shown(root)[0] === 'jose@example.es');
    await userEvent.fill(deep('[data-testid="pick-search"]', root), 'maria');
    await userEvent.click(deep('[data-testid="pick-mode-phone"]', root));
    await until(() => shown(root).join() === '0475 11 22 33');
    expect(row(root, '0475').disabled).toBe(true);
    expect(must(rows(root)[0]).textContent).toContain('country code');
    deep('[data-testid="pick-cancel"]', root).click();
    expect(await answer).toBeNull();
  });

  it('CONTACTS-2 Cancel and Escape resolve nothing, even with addresses ticked', async () => {
    await start();
    const first = await open('bcc');
    await userEvent.click(row(first.root, 'maria@example.es'));
    deep('[data-testid="pick-cancel"]', first.root).click();
    expect(await first.answer).toBeNull();

    const second = await open('to');
    await userEvent.click(row(second.root, 'maria@example.es'));
    await userEvent.keyboard('{Escape}');
    expect(await second.answer).toBeNull();
  });

  it('CONTACTS-2 a ticked list adds its reachable members once, mixing e-mail and fax', async () => {
    const { contacts, ids } = await start();
    await contacts.createList('Guardia de noche', [
      { kind: 'contact', contactId: must(ids['jose']), via: 'email' },
      { kind: 'contact', contactId: must(ids['maria']), via: 'sms' },
      { kind: 'address', address: '3222223333@FAX', name: 'Oficina Bruselas' },
    ]);
    const { root, answer } = await open();
    await until(() => root.querySelector('[data-testid="pick-list"]'));
    await userEvent.fill(deep('[data-testid="pick-search"]', root), 'guardia');
    expect(deepAll('[data-testid="pick-list-name"]', root).map((n) => n.textContent)).toEqual([
      'Guardia de noche',
    ]);
    await userEvent.click(deep('[data-testid="pick-list"]', root));
    await userEvent.fill(deep('[data-testid="pick-search"]', root), '');
    // Ticked on its own too: the list does not add it a second time.
    await userEvent.click(row(root, 'jose@example.es'));
    deep('[data-testid="pick-ok"]', root).click();
    // María's number is national, so the list cannot reach her by SMS: left out.
    expect(await answer).toEqual({
      addresses: [
        { name: 'José Ñúñez', address: 'jose@example.es' },
        { name: 'Oficina Bruselas', address: '3222223333@FAX' },
      ],
    });
  });

  it('CONTACTS-2 names and list names render as text, never as markup', async () => {
    const { contacts } = await start();
    await contacts.createList(HOSTILE, []);
    const { root, answer } = await open();
    await until(() => root.querySelector('[data-testid="pick-list"]'));
    const names = deepAll('[data-testid="pick-name"]', root).map((n) => n.textContent);
    expect(names).toContain(HOSTILE);
    expect(deep('[data-testid="pick-list-name"]', root).textContent).toBe(HOSTILE);
    expect(root.querySelectorAll('img')).toHaveLength(0);
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
    await userEvent.click(row(root, 'evil@example.org'));
    deep('[data-testid="pick-ok"]', root).click();
    expect(await answer).toEqual({ addresses: [{ name: HOSTILE, address: 'evil@example.org' }] });
  });
});
