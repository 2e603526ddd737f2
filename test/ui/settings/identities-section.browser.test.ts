// SEND-7, SEND-16: "Identities and signatures" in the settings dialog, in real Chromium.
// The identity service is the in-memory double in support/identities-double.ts; the rich
// signature has its own file (rich-signature.browser.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { BzIdentitiesSection } from '../../../src/ui/settings/bz-identities-section.js';
import type { BzSettingsDialog } from '../../../src/ui/settings/bz-settings-dialog.js';
import { deepAll, must, until } from '../harness.js';
import {
  FakeIdentities,
  SIGN_IN,
  find,
  identity,
  inRow,
  mount,
  part,
  row,
  rows,
  settled,
  unmount,
  unnamed,
} from './support/identities-double.js';

afterEach(unmount);

describe('Identities and signatures in Settings (SEND-7, SEND-16)', () => {
  it('SEND-7 on the local mailbox (no identity service) the section shows nothing', async () => {
    const { el } = await mount(undefined);
    await (el as BzIdentitiesSection).updateComplete;
    expect(el.shadowRoot?.textContent?.trim()).toBe('');
    expect(el.getBoundingClientRect().height).toBe(0);
  });

  it('SEND-7 SEND-16 lists each identity as text with the default marked and its signature’s first line', async () => {
    const service = new FakeIdentities();
    service.list_.push(
      identity('ana+shop@buzon.test', {
        name: 'Ana (compras)',
        signature: '\nAna — Compras\nBuzón S.L.',
      }),
    );
    const { el } = await mount(service);
    await settled(service, el);
    expect(service.refreshes).toBe(1);
    expect(rows(el).map((r) => r.dataset['identityAddress'])).toEqual([
      SIGN_IN,
      'ana+shop@buzon.test',
    ]);
    const own = row(el, SIGN_IN);
    expect(own.textContent).toMatch(/Ana Pérez\s*<ana@buzon\.test>\s*Default/);
    const shop = row(el, 'ana+shop@buzon.test');
    expect(inRow(shop, 'identity-default')).toBeNull();
    expect(inRow(shop, 'identity-preview')?.textContent).toBe('Ana — Compras');
    expect(el.shadowRoot?.textContent).toMatch(
      /Only plus-addresses of your sign-in address, such as ana\+shop@buzon\.test, can be added/,
    );
    expect(unnamed(el)).toEqual([]);
  });

  it('SEND-7 adds an identity starting from "ana+@…"; an address not allowed is refused in a sentence and the form keeps it', async () => {
    const service = new FakeIdentities();
    const { el } = await mount(service);
    await settled(service, el);
    part(el, 'identity-add').click();
    const address = await until(() => find<HTMLInputElement>(el, 'identity-address'));
    expect(address.value).toBe('ana+@buzon.test');
    expect(el.shadowRoot?.querySelector('bz-identity-form')?.shadowRoot?.textContent).toMatch(
      /Only plus-addresses of ana@buzon\.test can be added/,
    );
    expect(unnamed(el)).toEqual([]);
    await userEvent.fill(address, 'boss@buzon.test');
    await userEvent.fill(part(el, 'identity-name'), 'Ana (club)');
    await userEvent.fill(part(el, 'identity-signature'), 'Ana\nClub de lectura');
    part(el, 'identity-save').click();
    await until(() => find(el, 'identity-form-error'));
    expect(part(el, 'identity-form-error').textContent).toMatch(
      /not an address you may send from: only plus-addresses of ana@buzon\.test can be added/,
    );
    expect(part<HTMLInputElement>(el, 'identity-address').value).toBe('boss@buzon.test');
    expect(part<HTMLInputElement>(el, 'identity-name').value).toBe('Ana (club)');
    expect(part<HTMLTextAreaElement>(el, 'identity-signature').value).toBe('Ana\nClub de lectura');
    await userEvent.fill(part(el, 'identity-address'), 'ana+club@buzon.test');
    part(el, 'identity-save').click();
    await until(() => rows(el).length === 2);
    expect(service.calls).toEqual(['create ana+club@buzon.test']);
    const club = row(el, 'ana+club@buzon.test');
    expect(club.textContent).toMatch(/Ana \(club\)\s*<ana\+club@buzon\.test>/);
    expect(inRow(club, 'identity-preview')?.textContent).toBe('Ana');
  });

  it('SEND-7 SEND-16 edits the display name, reply-to, automatic Bcc and signature', async () => {
    const service = new FakeIdentities();
    const { el } = await mount(service);
    await settled(service, el);
    must(inRow(row(el, SIGN_IN), 'identity-edit')).click();
    await until(() => find(el, 'identity-form'));
    expect(part(el, 'identity-form-address').textContent).toBe(SIGN_IN);
    expect(find(el, 'identity-address')).toBeUndefined();
    await userEvent.fill(part(el, 'identity-name'), 'Ana P.');
    await userEvent.fill(part(el, 'identity-reply-to'), 'not an address');
    part(el, 'identity-save').click();
    await until(() => find(el, 'identity-form-error'));
    expect(part(el, 'identity-form-error').textContent).toBe(
      'Not an e-mail address: not an address',
    );
    expect(service.calls).toEqual([]);
    await userEvent.fill(
      part(el, 'identity-reply-to'),
      '"Pérez, Ana" <ana.home@example.org>; equipo@buzon.test',
    );
    await userEvent.fill(part(el, 'identity-bcc'), 'archivo@buzon.test');
    await userEvent.fill(part(el, 'identity-signature'), 'Ana Pérez\nTel. 600 11 22 33');
    part(el, 'identity-save').click();
    await until(() => !find(el, 'identity-form'));
    expect(service.calls).toEqual([`update id-${SIGN_IN}`]);
    const own = must(service.list_[0]);
    expect(own.name).toBe('Ana P.');
    expect(own.replyTo).toEqual([
      { name: 'Pérez, Ana', address: 'ana.home@example.org' },
      { name: '', address: 'equipo@buzon.test' },
    ]);
    expect(own.bcc).toEqual([{ name: '', address: 'archivo@buzon.test' }]);
    expect(own.signature).toBe('Ana Pérez\nTel. 600 11 22 33');
    expect(inRow(row(el, SIGN_IN), 'identity-preview')?.textContent).toBe('Ana Pérez');
    // Opened again, the form shows what is kept, in the form a user types it.
    must(inRow(row(el, SIGN_IN), 'identity-edit')).click();
    const replyTo = await until(() => find<HTMLInputElement>(el, 'identity-reply-to'));
    expect(replyTo.value).toBe('"Pérez, Ana" <ana.home@example.org>, equipo@buzon.test');
  });

  it('SEND-7 makes another identity the default', async () => {
    const service = new FakeIdentities();
    service.list_.push(identity('ana+shop@buzon.test'));
    const { el } = await mount(service);
    await settled(service, el);
    expect(inRow(row(el, SIGN_IN), 'identity-make-default')).toBeNull();
    must(inRow(row(el, 'ana+shop@buzon.test'), 'identity-make-default')).click();
    await until(() => inRow(row(el, 'ana+shop@buzon.test'), 'identity-default'));
    expect(rows(el).map((r) => r.dataset['identityAddress'])).toEqual([
      'ana+shop@buzon.test',
      SIGN_IN,
    ]);
    expect(inRow(row(el, SIGN_IN), 'identity-default')).toBeNull();
  });

  it('SEND-7 removing an identity asks first', async () => {
    const service = new FakeIdentities();
    service.list_.push(identity('ana+shop@buzon.test'));
    const { el } = await mount(service);
    await settled(service, el);
    must(inRow(row(el, 'ana+shop@buzon.test'), 'identity-remove')).click();
    const question = await until(() => find(el, 'identity-remove-question'));
    expect(question.textContent).toMatch(/Remove the identity ana\+shop@buzon\.test\?/);
    expect(service.calls).toEqual([]);
    part(el, 'identity-remove-confirm').click();
    await until(() => rows(el).length === 1);
    expect(service.calls).toEqual(['remove id-ana+shop@buzon.test']);
  });

  it('SEND-7 the sign-in identity cannot be removed', async () => {
    const service = new FakeIdentities();
    service.list_.push(identity('ana+shop@buzon.test'));
    const { el } = await mount(service);
    await settled(service, el);
    expect(inRow(row(el, SIGN_IN), 'identity-remove')).toBeNull();
    expect(inRow(row(el, SIGN_IN), 'identity-edit')).not.toBeNull();
    expect(inRow(row(el, 'ana+shop@buzon.test'), 'identity-remove')).not.toBeNull();
  });

  it('SEND-7 offline, saving an edit says identities change only online and keeps what was typed', async () => {
    const service = new FakeIdentities();
    const { el, notices } = await mount(service);
    await settled(service, el);
    service.offline = true;
    must(inRow(row(el, SIGN_IN), 'identity-edit')).click();
    await until(() => find(el, 'identity-form'));
    await userEvent.fill(part(el, 'identity-name'), 'Ana sin red');
    await userEvent.fill(part(el, 'identity-signature'), 'Escrito en el tren');
    part(el, 'identity-save').click();
    await until(() => find(el, 'identity-form-error'));
    expect(part(el, 'identity-form-error').textContent).toBe(
      'Identities can be changed only online.',
    );
    expect(part<HTMLInputElement>(el, 'identity-name').value).toBe('Ana sin red');
    expect(part<HTMLTextAreaElement>(el, 'identity-signature').value).toBe('Escrito en el tren');
    expect(service.list_[0]?.name).toBe('Ana Pérez');
    // Back online, the same form saves what was typed.
    service.offline = false;
    part(el, 'identity-save').click();
    await until(() => !find(el, 'identity-form'));
    expect(service.list_[0]?.signature).toBe('Escrito en el tren');
    expect(notices.said).toEqual([]);
  });

  it('SEND-7 offline, Make default reports the same sentence', async () => {
    const service = new FakeIdentities();
    service.list_.push(identity('ana+shop@buzon.test'));
    const { el, notices } = await mount(service);
    await settled(service, el);
    service.offline = true;
    must(inRow(row(el, 'ana+shop@buzon.test'), 'identity-make-default')).click();
    await until(() => notices.said.length === 1);
    expect(notices.said[0]).toBe(
      'Could not change the default identity: Identities can be changed only online.',
    );
  });

  it('SEND-7 names, addresses and signatures render as text', async () => {
    const service = new FakeIdentities();
    const evil = '<img src=x onerror=alert(1)>';
    service.list_.push(identity('ana+x@buzon.test', { name: evil, signature: `<b>${evil}</b>` }));
    const { el } = await mount(service);
    await settled(service, el);
    const r = row(el, 'ana+x@buzon.test');
    expect(r.textContent).toContain(evil);
    expect(inRow(r, 'identity-preview')?.textContent).toBe(`<b>${evil}</b>`);
    expect(deepAll('img, b', must(el.shadowRoot))).toEqual([]);
  });

  it('SEND-7 on a server that cannot keep identities, the list is read-only and says why', async () => {
    const service = new FakeIdentities();
    service.editable = false;
    service.list_.push(identity('ana+shop@buzon.test'));
    const { el } = await mount(service);
    const why = await until(() => find(el, 'identities-read-only'));
    expect(why.textContent).toMatch(/does not let Buzón change identities/);
    await until(() => rows(el).length === 2);
    expect(find(el, 'identity-add')).toBeUndefined();
    expect(deepAll('[data-testid="identity"] button', must(el.shadowRoot))).toEqual([]);
  });

  it('SEND-16 the automatic-signature and placement settings change what the settings service holds', async () => {
    const service = new FakeIdentities();
    const { el, settings } = await mount(service);
    await settled(service, el);
    let held = { autoSignature: false, signaturePlacement: '' };
    const sub = settings.observeSettings().subscribe({ next: (s) => (held = s) });
    const auto = await until(() => find<HTMLInputElement>(el, 'auto-signature'));
    await until(() => held.signaturePlacement !== '');
    const before = { ...held };
    expect(auto.checked).toBe(before.autoSignature);
    expect(before.signaturePlacement).toBe('bottom');
    await userEvent.click(auto);
    await until(() => held.autoSignature === !before.autoSignature);
    await userEvent.click(part(el, 'signature-cursor'));
    await until(() => held.signaturePlacement === 'cursor');
    expect(part<HTMLInputElement>(el, 'signature-cursor').checked).toBe(true);
    expect(part<HTMLInputElement>(el, 'signature-bottom').checked).toBe(false);
    expect(unnamed(el)).toEqual([]);
    sub.unsubscribe();
  });

  it('SEND-7 the settings dialog holds the section and asks the server again when shown', async () => {
    const service = new FakeIdentities();
    const dialog = (await mount(service, 'bz-settings-dialog')).el as BzSettingsDialog;
    const section = await until(() =>
      dialog.shadowRoot?.querySelector<BzIdentitiesSection>('bz-identities-section'),
    );
    await settled(service, section);
    const before = service.refreshes;
    dialog.show();
    await until(() => service.refreshes > before);
    expect(section.shadowRoot?.textContent).toMatch(/Identities and signatures/);
  });
});
