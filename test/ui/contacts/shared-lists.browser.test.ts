// CONTACTS-5 in real Chromium over the real services on a fresh IndexedDB: "Share…" on the
// user's own list (people added with "Can use" / "Can edit", the first share's warning),
// lists others share marked "Shared by" and read-only without the edit right, and the
// address-book picker offering them. The server is the in-memory one of the unit tests
// (the network boundary); the end-to-end test runs the real proxy.
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../../src/app/bz-app.js';
import { blankContact } from '../../../src/contacts/model.js';
import { createInlineParser } from '../../../src/mail/parse.js';
import { renderMail, renderPrintDocument } from '../../../src/mail/render.js';
import type { ContactService } from '../../../src/state/contact-types.js';
import { createServices } from '../../../src/state/services.js';
import { openDb } from '../../../src/store/db.js';
import type { BuzonDb } from '../../../src/store/db.js';
import { pickAddresses } from '../../../src/ui/contacts/bz-address-picker.js';
import { ListServer } from '../../contacts/list-server.js';
import { deep, deepAll, labelledButton, must, openDialog, until } from '../harness.js';

const ME = 'ana@example.org';
const MARIA = 'maria@example.org';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

/** The app over real services whose address book reaches `server` as the user ME. */
async function start(server: ListServer): Promise<{ app: HTMLElement; contacts: ContactService }> {
  const db: BuzonDb = await openDb(`bz-ui-${crypto.randomUUID()}`);
  const services = createServices(db, {
    parser: createInlineParser(),
    render: {
      renderMail: (p, o) => renderMail(p, o),
      renderPrintDocument: (p) => renderPrintDocument(p),
    },
    sharedLists: async () => ({
      sharedLists: server.as(ME),
      sharedListsOffered: async () => true,
    }),
  });
  await services.settings.updateSettings({ locale: 'en' });
  const app = document.createElement('bz-app');
  app.services = services;
  const ready = new Promise((r) => window.addEventListener('bz-ready', r, { once: true }));
  document.body.append(app);
  await ready;
  cleanup = async () => {
    app.remove();
    await new Promise((r) => setTimeout(r, 50));
    db.close();
  };
  return { app, contacts: await must(services.contacts, 'contact service')() };
}

const root = (host: string, within: ParentNode = document) =>
  must(deep(host, within).shadowRoot, `${host} shadow root`);
const view = () => root('bz-contacts-view');
const lists = () => root('bz-contact-lists', view());
const testids = <E extends HTMLElement = HTMLElement>(within: ParentNode, id: string) =>
  deepAll<E>(`[data-testid="${id}"]`, within);
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function openLists(): Promise<void> {
  (await labelledButton('bz-toolbar', 'Contacts')).click();
  await openDialog('bz-contacts-view');
  const tab = await until(() =>
    deepAll<HTMLButtonElement>('[role="tab"]', view()).find(
      (t) => t.textContent?.trim() === 'Lists',
    ),
  );
  tab.click();
}

async function select(name: string): Promise<ShadowRoot> {
  const item = await until(() => testids(lists(), 'list-item').find((b) => text(b) === name));
  item.click();
  await until(() => text(lists().querySelector('#list-h')) === name);
  return lists();
}

function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('shared contact lists in the Contacts tool (CONTACTS-5)', () => {
  it('CONTACTS-5 Share… adds people who can use or edit the list; the first share warns and names who is left out; then "Shared with 2 people"', async () => {
    const server = new ListServer();
    const { contacts } = await start(server);
    const jose = await contacts.putContact({
      ...blankContact(),
      firstName: 'José',
      emails: [{ address: 'jose@example.es', label: 'home' }],
    });
    const nobody = await contacts.putContact({ ...blankContact(), firstName: '<b>Sin</b> Señas' });
    await contacts.createList('Vecinos', [
      { kind: 'contact', contactId: jose, via: 'email' },
      { kind: 'contact', contactId: nobody, via: 'email' },
    ]);
    await openLists();
    const l = await select('Vecinos');
    (await until(() => l.querySelector<HTMLButtonElement>('[data-testid="list-share"]'))).click();
    const dialog = root('bz-list-share-dialog', l);
    await until(() => dialog.querySelector('dialog')?.open);
    expect(text(dialog.querySelector('[data-testid="share-list-convert"]'))).toContain(
      'plain names and addresses',
    );
    // The left-out member is named, as text.
    const leftOut = must(dialog.querySelector('[data-testid="share-list-left-out"]'));
    expect(text(leftOut)).toContain('<b>Sin</b> Señas');
    expect(leftOut.querySelector('b')).toBeNull();

    const address = must(
      dialog.querySelector<HTMLInputElement>('[data-testid="share-list-address"]'),
    );
    const add = must(dialog.querySelector<HTMLButtonElement>('[data-testid="share-list-add"]'));
    await userEvent.fill(address, 'anyone');
    add.click();
    await until(() => text(dialog.querySelector('[role="alert"]')).includes('one person'));
    await userEvent.fill(address, MARIA);
    add.click();
    await until(() => testids(dialog, 'share-list-person').length === 1);
    await userEvent.fill(address, 'luis@example.org');
    choose(
      must(dialog.querySelector<HTMLSelectElement>('[data-testid="share-list-new-right"]')),
      'edit',
    );
    add.click();
    await userEvent.fill(address, 'pedro@example.org');
    add.click();
    await until(() => testids(dialog, 'share-list-person').length === 3);
    // Pedro is taken out again before saving; María is given the edit right, then not.
    must(testids(dialog, 'share-list-remove')[2]).click();
    const rights = testids<HTMLSelectElement>(dialog, 'share-list-right');
    choose(must(rights[0]), 'edit');
    choose(must(rights[0]), 'use');
    must(dialog.querySelector<HTMLButtonElement>('[data-testid="share-list-save"]')).click();
    await until(() => !dialog.querySelector('dialog')?.open);

    await until(
      () => text(l.querySelector('[data-testid="list-shared"]')) === 'Shared with 2 people',
    );
    const [stored] = [...server.lists.values()];
    expect(stored?.sharedWith).toEqual([
      { address: MARIA, mayEdit: false },
      { address: 'luis@example.org', mayEdit: true },
    ]);
    expect(stored?.members).toEqual([{ name: 'José', address: 'jose@example.es' }]);
  });

  it('CONTACTS-5 a list shared by someone else is marked and read-only without the edit right; with it, editable but not shareable nor deletable', async () => {
    const server = new ListServer();
    const equipo = server.add(
      MARIA,
      'Equipo',
      [{ name: 'Luis', address: 'luis@example.org' }],
      [{ address: ME, mayEdit: false }],
    );
    await start(server);
    await openLists();
    const badge = await until(() => testids(lists(), 'list-badge')[0]);
    expect(text(badge)).toBe(`Shared by ${MARIA} · You can use it`);
    const l = await select('Equipo');
    expect(testids(l, 'list-write')).toHaveLength(1);
    expect(testids(l, 'list-export')).toHaveLength(1);
    for (const id of ['list-rename', 'list-share', 'list-delete'])
      expect(testids(l, id), id).toHaveLength(0);
    expect(l.querySelector('[data-testid="list-member"] button')).toBeNull();
    expect(l.querySelector('bz-list-member-form')).toBeNull();

    // María gives the edit right; the tool reads it again when it opens.
    equipo.sharedWith = [{ address: ME, mayEdit: true }];
    must(view().querySelector<HTMLDialogElement>('dialog')).close();
    (await labelledButton('bz-toolbar', 'Contacts')).click();
    await until(() =>
      text(lists().querySelector('[data-testid="list-shared"]')).endsWith('You can edit it'),
    );
    expect(testids(lists(), 'list-rename')).toHaveLength(1);
    expect(lists().querySelector('bz-list-member-form')).not.toBeNull();
    expect(lists().querySelector('[data-testid="list-member"] button')).not.toBeNull();
    expect(testids(lists(), 'list-share')).toHaveLength(0);
    expect(testids(lists(), 'list-delete')).toHaveLength(0);

    // Offline, a rename says why nothing changed, and nothing did.
    server.offline = true;
    must(testids(lists(), 'list-rename')[0]).click();
    const prompt = root('bz-prompt-dialog', lists());
    const name = await until(
      () => prompt.querySelector('dialog')?.open && prompt.querySelector('input'),
    );
    await userEvent.fill(name, 'Equipo Sur');
    must(prompt.querySelector('form')).requestSubmit();
    const notice = await until(() =>
      deepAll('[data-testid="notice"]').find((n) => text(n).includes('only when you are online')),
    );
    expect(text(notice)).toContain('nothing was changed');
    expect(text(lists().querySelector('#list-h'))).toBe('Equipo');
    expect(equipo.name).toBe('Equipo');
  });

  it('CONTACTS-5 the address-book picker offers a shared list with its badge and adds its members', async () => {
    const server = new ListServer();
    server.add(
      MARIA,
      'Equipo',
      [{ name: 'Luis Ñandú', address: 'luis@example.org' }],
      [{ address: ME, mayEdit: false }],
    );
    const { app } = await start(server);
    const answer = pickAddresses(must(app.shadowRoot), 'to');
    const picker = await until(() => deepAll('bz-address-picker')[0]?.shadowRoot);
    const row = await until(() => testids(picker, 'pick-list-row')[0]);
    expect(text(row)).toContain(`Shared by ${MARIA} · You can use it`);
    must(row.querySelector<HTMLInputElement>('[data-testid="pick-list"]')).click();
    must(picker.querySelector<HTMLButtonElement>('[data-testid="pick-ok"]')).click();
    expect(await answer).toEqual({
      addresses: [{ name: 'Luis Ñandú', address: 'luis@example.org' }],
    });
  });
});
