// SEND-14 in real Chromium over the real services on a fresh IndexedDB: "My card" at the top
// of the Contacts tool, filled in with the contact editor (no notes field), kept apart from
// the contacts, and turned into the vCard the composer attaches (read back with `vcf`).
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { deep, deepAll, labelledButton, mountApp, must, openDialog, until } from '../harness.js';
import type { Mounted } from '../harness.js';

let mounted: Mounted | undefined;
afterEach(async () => {
  await mounted?.close();
  mounted = undefined;
});

const root = (host: string, within: ParentNode = document) =>
  must(deep(host, within).shadowRoot, `${host} shadow root`);

describe('My card in the Contacts tool (SEND-14)', () => {
  it('SEND-14 the user fills in My card with the editor (no notes), it stays out of the contacts, and its vCard carries it', async () => {
    mounted = await mountApp();
    const contacts = await must(mounted.services.contacts, 'contact service')();
    (await labelledButton('bz-toolbar', 'Contacts')).click();
    await openDialog('bz-contacts-view');
    const view = root('bz-contacts-view');
    const mine = await until(() => view.querySelector('[data-testid="my-card"]'));
    expect(mine.textContent).toContain('Your own details');

    deep('[data-testid="my-card-edit"]', view).click();
    const editor = root('bz-contact-editor', view);
    await until(() => editor.querySelector('dialog')?.open);
    expect(deep('h2', editor).textContent?.trim()).toBe('My card');
    // Comments are never part of a card that is sent.
    expect(editor.querySelector('[data-testid="contact-notes"]')).toBeNull();
    await userEvent.fill(deep('[data-testid="contact-first"]', editor), 'Ana');
    await userEvent.fill(deep('[data-testid="contact-last"]', editor), 'Pérez');
    await userEvent.fill(deep('[data-testid="contact-org"]', editor), 'Ayuntamiento de Cádiz');
    deep('[data-testid="contact-add-email"]', editor).click();
    await userEvent.fill(
      await until(() => editor.querySelector<HTMLInputElement>('[data-testid="contact-email"]')),
      'ana@example.es',
    );
    deep('[data-testid="contact-add-phone"]', editor).click();
    await userEvent.fill(
      await until(() => editor.querySelector<HTMLInputElement>('[data-testid="contact-phone"]')),
      '+34 600 11 22 33',
    );
    deep('[data-testid="contact-save"]', editor).click();
    await until(() => !editor.querySelector('dialog')?.open);

    await until(
      () => view.querySelector('[data-testid="my-card-name"]')?.textContent === 'Ana Pérez',
    );
    expect(deepAll('[data-testid="contact-row"]', view)).toHaveLength(0);
    expect(await contacts.listContacts()).toEqual([]);

    const file = must(await contacts.myVcard(), 'vCard');
    expect(file.filename).toBe('Ana Pérez.vcf');
    const peer = (await import('vcf' as string)) as {
      default: { parse(t: string): { get(k: string): { valueOf(): string } | undefined }[] };
    };
    const [card] = peer.default.parse(file.text);
    expect(card?.get('fn')?.valueOf()).toBe('Ana Pérez');
    expect(card?.get('org')?.valueOf()).toBe('Ayuntamiento de Cádiz');
    expect(card?.get('email')?.valueOf()).toBe('ana@example.es');
    expect(card?.get('tel')?.valueOf()).toBe('+34 600 11 22 33');
    expect(card?.get('note')).toBeUndefined();

    // Reopened, the editor shows what was saved.
    deep('[data-testid="my-card-edit"]', view).click();
    await until(() => editor.querySelector('dialog')?.open);
    expect(deep<HTMLInputElement>('[data-testid="contact-first"]', editor).value).toBe('Ana');
  });
});
