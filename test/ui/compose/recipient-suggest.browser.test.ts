// CONTACTS-1 in real Chromium: the composer's To field offers addresses from the address
// book as the user types, over the real ContactService on a real IndexedDB (only the
// composer's own ComposeService is absent: nothing is sent here).
import { ContextProvider } from '@lit/context';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { Contact } from '../../../src/contacts/model.js';
import { createContactService } from '../../../src/state/contact-service.js';
import type { ContactService } from '../../../src/state/contact-types.js';
import { contactServiceContext } from '../../../src/state/context.js';
import { noteSent } from '../../../src/store/repos/contacts.js';
import { openDb, type BuzonDb } from '../../../src/store/db.js';
import type { BzComposer } from '../../../src/ui/compose/bz-composer.js';
import '../../../src/ui/compose/bz-composer.js';
import { must, until } from '../harness.js';

function card(firstName: string, lastName: string, emails: string[]) {
  const c: Omit<Contact, 'id' | 'updatedAt'> = {
    firstName,
    lastName,
    organization: '',
    title: '',
    emails: emails.map((address) => ({ address, label: 'work' as const })),
    phones: [],
    addresses: [],
    birthday: null,
    urls: [],
    notes: '',
    tags: [],
  };
  return c;
}

let host: HTMLElement | undefined;
let db: BuzonDb | undefined;
let service: ContactService | undefined;
afterEach(() => {
  host?.remove();
  service?.close();
  db?.close();
  host = db = service = undefined;
});

async function openComposer(): Promise<{ composer: BzComposer; to: HTMLInputElement }> {
  db = await openDb(`bz-suggest-${crypto.randomUUID()}`);
  const contacts = createContactService({ db });
  service = contacts;
  await contacts.putContact(card('José', 'García', ['jose.garcia@example.es']));
  await contacts.putContact(card('Ana', 'Pérez', ['ana@example.org', 'ana.perez@work.example']));
  // Someone the user writes to, with a name that needs quoting in the field.
  await noteSent(db, [{ name: 'Jos, Stam', address: 'stam@example.nl' }], Date.now() - 1000);
  host = document.createElement('div');
  new ContextProvider(host, {
    context: contactServiceContext,
    initialValue: () => Promise.resolve(contacts),
  });
  document.body.append(host);
  const composer = document.createElement('bz-composer');
  host.append(composer);
  await composer.updateComplete;
  await composer.open();
  const to = must(composer.shadowRoot?.querySelector<HTMLInputElement>('#to'));
  await until(() => composer.shadowRoot?.activeElement === to);
  return { composer, to };
}

const listbox = (composer: BzComposer) =>
  must(composer.shadowRoot?.querySelector<HTMLElement>('[role="listbox"]#to-suggestions'));
const options = (composer: BzComposer) =>
  [...listbox(composer).querySelectorAll<HTMLElement>('[role="option"]')].map((o) =>
    o.textContent?.trim(),
  );

describe('recipient autosuggest (CONTACTS-1)', () => {
  it('CONTACTS-1 typing "jos" in To offers José as "Name <address>"; ArrowDown and Enter insert him', async () => {
    const { composer, to } = await openComposer();
    expect(to.getAttribute('role')).toBe('combobox');
    expect(to.getAttribute('aria-expanded')).toBe('false');
    await userEvent.keyboard('jos');
    await until(() => !listbox(composer).hidden && options(composer).length === 2);
    // Written to recently, so first; then the contact matched by first name.
    expect(options(composer)).toEqual([
      'Jos, Stam <stam@example.nl>',
      'José García <jose.garcia@example.es>',
    ]);
    expect(to.getAttribute('aria-expanded')).toBe('true');
    expect(to.getAttribute('aria-controls')).toBe('to-suggestions');
    expect(listbox(composer).getAttribute('aria-label')).toBe('To');

    await userEvent.keyboard('{ArrowDown}');
    expect(to.getAttribute('aria-activedescendant')).toBe('to-suggestion-0');
    await userEvent.keyboard('{ArrowDown}');
    const active = must(composer.shadowRoot?.getElementById('to-suggestion-1'));
    expect(to.getAttribute('aria-activedescendant')).toBe('to-suggestion-1');
    expect(active.getAttribute('aria-selected')).toBe('true');
    await userEvent.keyboard('{Enter}');

    expect(to.value).toBe('José García <jose.garcia@example.es>, ');
    expect(listbox(composer).hidden).toBe(true);
    expect(to.getAttribute('aria-expanded')).toBe('false');
    expect(composer.shadowRoot?.activeElement).toBe(to);
    // The composer dialog is still open: Enter picked, it did nothing else.
    expect(must(composer.shadowRoot?.querySelector('dialog')).open).toBe(true);
  });

  it('CONTACTS-1 a name with a comma is inserted quoted, after what was already typed; a click picks', async () => {
    const { composer, to } = await openComposer();
    await userEvent.keyboard('bob@example.org, sta');
    await until(() => options(composer).length === 1);
    expect(options(composer)).toEqual(['Jos, Stam <stam@example.nl>']);
    await userEvent.click(must(composer.shadowRoot?.getElementById('to-suggestion-0')));
    expect(to.value).toBe('bob@example.org, "Jos, Stam" <stam@example.nl>, ');
    expect(composer.shadowRoot?.activeElement).toBe(to);
  });

  it('CONTACTS-1 each address of a contact is its own line; Tab picks the highlighted one', async () => {
    const { composer, to } = await openComposer();
    await userEvent.keyboard('PÉR');
    await until(() => options(composer).length === 2);
    // In the card's order; ArrowUp from the field wraps to the last line.
    expect(options(composer)).toEqual([
      'Ana Pérez <ana@example.org>',
      'Ana Pérez <ana.perez@work.example>',
    ]);
    await userEvent.keyboard('{ArrowUp}{Tab}');
    expect(to.value).toBe('Ana Pérez <ana.perez@work.example>, ');
  });

  it('CONTACTS-1 Escape closes the list and keeps the composer and what was typed', async () => {
    const { composer, to } = await openComposer();
    await userEvent.keyboard('jos');
    await until(() => !listbox(composer).hidden);
    await userEvent.keyboard('{Escape}');
    expect(listbox(composer).hidden).toBe(true);
    expect(to.getAttribute('aria-expanded')).toBe('false');
    expect(to.value).toBe('jos');
    const dialog = must(composer.shadowRoot?.querySelector('dialog'));
    expect(dialog.open).toBe(true);
    // No "discard?" question either: that Escape belonged to the list.
    expect(composer.shadowRoot?.querySelector('.question')).toBeNull();
    // Typing on reopens it; Enter with nothing highlighted inserts nothing and closes it.
    await userEvent.keyboard('e');
    await until(() => !listbox(composer).hidden);
    expect(options(composer)).toEqual(['José García <jose.garcia@example.es>']);
    await userEvent.keyboard('{Enter}');
    expect(to.value).toBe('jose');
    expect(listbox(composer).hidden).toBe(true);
  });
});
