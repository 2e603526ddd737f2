// CONTACTS-3, -4, -6 in real Chromium over the real services on a fresh IndexedDB: the
// Contacts tool opened from the toolbar, lists mixing e-mail, SMS and fax exported as CSV
// (read back with papaparse), "Write to this list" filling the composer, a vCard import
// with accents exported again (read back with the independent `vcf` parser), and "Save in
// contacts" / "Add to a contact" from a message's headers.
import Papa from 'papaparse';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import type { ContactService } from '../../../src/state/contact-types.js';
import {
  deep,
  deepAll,
  fixtureFile,
  importThroughInput,
  labelledButton,
  mountApp,
  must,
  openDialog,
  until,
} from '../harness.js';
import type { Mounted } from '../harness.js';

let mounted: Mounted | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await mounted?.close();
  mounted = undefined;
});

async function start(): Promise<ContactService> {
  mounted = await mountApp();
  return must(mounted.services.contacts, 'contact service')();
}

const root = (host: string, within: ParentNode = document) =>
  must(deep(host, within).shadowRoot, `${host} shadow root`);
const part = <E extends HTMLElement = HTMLElement>(within: ParentNode, id: string) =>
  deep<E>(`[data-testid="${id}"]`, within);
const view = () => root('bz-contacts-view');
const editor = (within: ParentNode = view()) => root('bz-contact-editor', within);
const lists = () => root('bz-contact-lists', view());
const names = () => deepAll('[data-testid="contact-name"]', view()).map((n) => n.textContent);

function choose(select: HTMLSelectElement, text: string): void {
  const option = [...select.options].find((o) => o.textContent?.includes(text));
  select.value = must(option, `option ${text}`).value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Files the app hands to the browser to save: the blob behind each download link. */
function captureDownloads(): { name: string; blob: Blob }[] {
  const saved: { name: string; blob: Blob }[] = [];
  const blobs = new Map<string, Blob>();
  const create = URL.createObjectURL.bind(URL);
  vi.spyOn(URL, 'createObjectURL').mockImplementation((obj) => {
    const url = create(obj);
    if (obj instanceof Blob) blobs.set(url, obj);
    return url;
  });
  // The link is followed by the test, not by the browser (no file lands on disk).
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    const blob = blobs.get(this.href);
    if (this.download && blob) saved.push({ name: this.download, blob });
  });
  return saved;
}

/** The app's light theme as index.html sets it (the test page has no index.html). */
async function useAppTheme(): Promise<void> {
  await page.viewport(1000, 760);
  const html = await commands.readFile('index.html');
  const theme = document.createElement('style');
  theme.textContent = `${must(/:root \{[^}]*\}/.exec(html), 'theme')[0]} body { margin: 0; font-family: system-ui, sans-serif; }`;
  document.head.append(theme);
  onTestFinished(() => theme.remove());
}

async function openContacts(): Promise<void> {
  (await labelledButton('bz-toolbar', 'Contacts')).click();
  await openDialog('bz-contacts-view');
}

async function editAndSave(fields: { first?: string; last?: string; email?: string }) {
  const e = editor();
  await until(() => e.querySelector('dialog')?.open);
  if (fields.first !== undefined) await userEvent.fill(part(e, 'contact-first'), fields.first);
  if (fields.last !== undefined) await userEvent.fill(part(e, 'contact-last'), fields.last);
  if (fields.email !== undefined) {
    if (!e.querySelector('[data-testid="contact-email"]')) part(e, 'contact-add-email').click();
    await userEvent.fill(
      await until(() => e.querySelector<HTMLInputElement>('[data-testid="contact-email"]')),
      fields.email,
    );
  }
  part(e, 'contact-save').click();
  await until(() => !e.querySelector('dialog')?.open);
}

describe('the Contacts tool', () => {
  it('CONTACTS-1 a contact added, edited and deleted (asked first) in the tool; search ignores accents', async () => {
    const contacts = await start();
    await openContacts();
    part(view(), 'contact-new').click();
    const e = editor();
    await until(() => e.querySelector('dialog')?.open);
    part(e, 'contact-add-phone').click();
    const phone = await until(() =>
      e.querySelector<HTMLInputElement>('[data-testid="contact-phone"]'),
    );
    await userEvent.fill(phone, '+34 600 11 22 33');
    choose(part<HTMLSelectElement>(e, 'contact-phone-kind'), 'Mobile');
    await userEvent.fill(part(e, 'contact-notes'), 'Vecino del quinto');
    await editAndSave({ first: 'José', last: 'Ñúñez', email: 'jose@example.es' });
    await until(() => names().includes('José Ñúñez'));
    expect(part(view(), 'contact-address').textContent).toBe('jose@example.es');
    // The autosuggest of the composer finds the new contact.
    expect((await contacts.suggest('nun'))[0]?.address).toBe('jose@example.es');

    await userEvent.fill(part(view(), 'contacts-search'), 'NUNEZ');
    expect(names()).toEqual(['José Ñúñez']);
    await userEvent.fill(part(view(), 'contacts-search'), 'zzz');
    await until(() => names().length === 0);
    await userEvent.fill(part(view(), 'contacts-search'), '');

    (await labelledButton('bz-contacts-view', 'Edit José Ñúñez')).click();
    await editAndSave({ first: 'Pepe' });
    await until(() => names().includes('Pepe Ñúñez'));
    const [saved] = await contacts.listContacts();
    expect(saved?.phones).toEqual([{ number: '+34 600 11 22 33', kind: 'mobile' }]);
    expect(saved?.notes).toBe('Vecino del quinto');

    (await labelledButton('bz-contacts-view', 'Delete Pepe Ñúñez')).click();
    const confirm = root('bz-confirm-dialog', view());
    await until(() => confirm.querySelector('dialog')?.open);
    part(confirm, 'confirm').click();
    await until(() => names().length === 0);
    expect(await contacts.listContacts()).toEqual([]);
  });

  it('CONTACTS-4 a list mixing e-mail, SMS and fax exports as CSV a peer reads, and "Write to this list" fills To', async () => {
    const contacts = await start();
    await contacts.putContact({
      firstName: 'Ana',
      lastName: 'Núñez',
      organization: '',
      title: '',
      birthday: null,
      urls: [],
      notes: '',
      tags: [],
      addresses: [],
      emails: [{ address: 'ana@example.org', label: 'home' }],
      phones: [
        { number: '+32 475 12 34 56', kind: 'mobile' },
        { number: '322123456', kind: 'fax' },
      ],
    });
    const saved = captureDownloads();
    await openContacts();
    (
      await until(() =>
        deepAll<HTMLButtonElement>('[role="tab"]', view()).find(
          (t) => t.textContent?.trim() === 'Lists',
        ),
      )
    ).click();
    (await until(() => deepAll('[data-testid="list-new"]', view())[0])).click();
    const prompt = root('bz-prompt-dialog', lists());
    const name = await until(
      () => prompt.querySelector('dialog')?.open && prompt.querySelector('input'),
    );
    await userEvent.fill(name, 'Guardia de José');
    must(prompt.querySelector('form')).requestSubmit();
    await until(() => lists().querySelector('[data-testid="list-detail"]'));

    const form = await until(() => deepAll('bz-list-member-form', lists())[0]?.shadowRoot);
    await until(() => form.querySelector('[data-testid="member-channel"] option'));
    const add = async (reach: string) => {
      choose(part<HTMLSelectElement>(form, 'member-channel'), reach);
      part(form, 'member-add-contact').click();
    };
    await add('E-mail · ana@example.org');
    await until(() => deepAll('[data-testid="list-member"]', lists()).length === 1);
    await add('SMS · +32 475 12 34 56');
    await until(() => deepAll('[data-testid="list-member"]', lists()).length === 2);
    // A typed number that cannot be an SMS number is refused with a reason.
    await userEvent.fill(part(form, 'member-address'), '0475@SMS');
    part(form, 'member-add-typed').click();
    await until(() => form.querySelector('[role="alert"]')?.textContent?.includes('@FAX'));
    await userEvent.fill(part(form, 'member-name'), 'Oficina Bruselas');
    await userEvent.fill(part(form, 'member-address'), '3222223333@fax');
    part(form, 'member-add-typed').click();
    await until(() => deepAll('[data-testid="list-member"]', lists()).length === 3);

    part(lists(), 'list-export').click();
    const file = await until(() => saved[0]);
    expect(file.name).toBe('Guardia de José.csv');
    const csv = Papa.parse<Record<string, string>>(await file.blob.text(), {
      header: true,
      skipEmptyLines: true,
    });
    expect(csv.errors).toEqual([]);
    expect(csv.data).toEqual([
      { Name: 'Ana Núñez', Address: 'ana@example.org', Phone: '', Kind: 'email' },
      { Name: 'Ana Núñez', Address: '32475123456@SMS', Phone: '+32 475 12 34 56', Kind: 'sms' },
      { Name: 'Oficina Bruselas', Address: '3222223333@FAX', Phone: '3222223333', Kind: 'fax' },
    ]);

    part(lists(), 'list-write').click();
    const to = await until(() => deepAll<HTMLInputElement>('[data-testid="compose-to"]')[0]);
    await until(() => to.value !== '');
    expect(to.value).toBe(
      'Ana Núñez <ana@example.org>, Ana Núñez <32475123456@SMS>, Oficina Bruselas <3222223333@FAX>',
    );
  });

  it('CONTACTS-6 a vCard file with accents is imported (report shown), found, and exported as vCard a peer reads', async () => {
    const contacts = await start();
    const saved = captureDownloads();
    await openContacts();
    const transfer = root('bz-contacts-transfer', view());
    const text = await commands.readFile('test/contacts/fixtures/contacts-3.0.vcf');
    await userEvent.upload(part(transfer, 'contacts-import-input'), [
      new File([text], 'Contactos de José.vcf', { type: 'text/vcard' }),
    ]);
    const report = await until(() =>
      transfer.querySelector('[data-testid="contacts-import-report"]'),
    );
    const imported = (await contacts.listContacts()).length;
    expect(imported).toBeGreaterThan(1);
    expect(report.textContent).toContain(`Added: ${imported}; merged into existing contacts: 0`);
    await until(() => names().length === imported);
    expect(names()).toEqual(['Farmacia Güemes', 'José Ñúñez García', 'María Pérez']);
    await userEvent.fill(part(view(), 'contacts-search'), 'GUEMES');
    expect(names()).toEqual(['Farmacia Güemes']);

    part(transfer, 'contacts-export-vcard').click();
    const file = await until(() => saved[0]);
    expect(file.name).toBe('contacts.vcf');
    // `vcf` (node-vcf) has no types: the specifier is widened so TS does not look for them.
    const peer = (await import('vcf' as string)) as {
      default: { parse(t: string): { get(k: string): unknown }[] };
    };
    const cards = peer.default.parse(await file.blob.text());
    const fn = cards.map((c) => String((c.get('fn') as { valueOf(): string }).valueOf()));
    expect(fn).toContain('José Ñúñez García');
    expect(fn).toContain('Farmacia Güemes');
    expect(cards).toHaveLength(imported);
  });

  it('CONTACTS-3 "Save in contacts" from a message sender, and "Add to a contact" from a recipient', async () => {
    await useAppTheme();
    const contacts = await start();
    const luis = await contacts.putContact({
      firstName: 'Luis',
      lastName: 'Gómez',
      organization: '',
      title: '',
      birthday: null,
      urls: [],
      notes: '',
      tags: [],
      addresses: [],
      emails: [],
      phones: [],
    });
    await importThroughInput([await fixtureFile('latin1-unlabeled.eml')]);
    (
      await until(() =>
        deepAll('[data-testid="message-list-item"]').find((r) => r.textContent?.includes('Café')),
      )
    ).click();
    const reader = root('bz-message-view');
    await until(
      () =>
        reader.querySelector('[data-testid="sender-address"]')?.textContent === 'jose@example.es',
    );
    const keep = () => deepAll<HTMLButtonElement>('[data-testid="keep-contact"]', reader);
    await page.screenshot({ path: '../../../test-output/contacts-keep.png' });
    expect(keep().map((b) => b.getAttribute('aria-label'))).toEqual([
      'Keep jose@example.es in contacts',
      'Keep you@example.org in contacts',
    ]);

    must(keep()[0]).click();
    const menu = await until(() => deepAll('bz-contact-from-mail')[0]?.shadowRoot);
    await until(() => menu.querySelector('dialog')?.open);
    part(menu, 'save-in-contacts').click();
    const e = editor(menu);
    await until(() => e.querySelector('dialog')?.open);
    expect(part<HTMLInputElement>(e, 'contact-first').value).toBe('José');
    expect(part<HTMLInputElement>(e, 'contact-email').value).toBe('jose@example.es');
    part(e, 'contact-save').click();
    await until(async () => (await contacts.findByAddress('jose@example.es')).length === 1);

    must(keep()[1]).click();
    await until(() => menu.querySelector('dialog')?.open);
    part(menu, 'add-to-contact').click();
    (await labelledButton('bz-contact-from-mail', 'Add to Luis Gómez')).click();
    await until(async () => (await contacts.getContact(luis))?.emails.length === 1);
    expect((await contacts.getContact(luis))?.emails[0]?.address).toBe('you@example.org');
  });

  it('CONTACTS-4 a screenshot of the Contacts tool (Lists tab, a list mixing e-mail, SMS and fax)', async () => {
    await useAppTheme();
    const contacts = await start();
    await contacts.importContacts(
      await commands.readFile('test/contacts/fixtures/contacts-3.0.vcf'),
      'vcard',
    );
    const [jose, maria] = await Promise.all([
      contacts.findByAddress('jose@example.es'),
      contacts.findByAddress('maria@example.es'),
    ]);
    await contacts.createList('Guardia', [
      { kind: 'contact', contactId: must(jose?.[0]).id, via: 'email' },
      { kind: 'contact', contactId: must(maria?.[0]).id, via: 'sms' },
      { kind: 'address', address: '322123456@FAX', name: 'Oficina' },
    ]);
    await openContacts();
    await until(() => names().length > 1);
    const path = await page.screenshot({ path: '../../../test-output/contacts-tool.png' });
    (
      await until(() =>
        deepAll<HTMLButtonElement>('[role="tab"]', view()).find(
          (t) => t.textContent?.trim() === 'Lists',
        ),
      )
    ).click();
    (await until(() => deepAll<HTMLButtonElement>('[data-testid="list-item"]', view())[0])).click();
    await until(() => deepAll('[data-testid="list-member"]', view()).length === 3);
    await page.screenshot({ path: '../../../test-output/contacts-lists.png' });
    expect(path).toMatch(/contacts-tool\.png$/);
  });
});
