// PGP-2, PGP-3 in the composer, in real Chromium: the Sign and Encrypt options appear only
// for a sender with an own key, Sign starts as Settings say, Encrypt keeps Sign on, and the
// recipients without a key are listed as they change and stop Send. The PgpService is a
// double (keystore in memory); the ComposeService records what Send is given.
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { until } from '../../harness.js';
import { ANA, FakeCompose } from '../support/fake-compose.js';
import { FakePgp, ownKey } from './support/fake-pgp.js';
import { box, has, mountComposer, part, text, unmount } from './support/mount.js';

afterEach(unmount);

/** A keystore with Ana's own key (the default sender) and Bob's confirmed key. */
function withKey(): FakePgp {
  const pgp = new FakePgp();
  pgp.keys.set([ownKey(ANA.address)]);
  pgp.known.add('bob@example.org');
  pgp.unlocked = true;
  return pgp;
}

async function sendNow(el: HTMLElement, to = 'bob@example.org') {
  await userEvent.fill(part(el, 'compose-to'), to);
  await userEvent.fill(part(el, 'compose-subject'), 'Contrato');
  await userEvent.click(part(el, 'compose-send'));
}

describe('composer OpenPGP options (PGP-2, PGP-3)', () => {
  it('PGP-2 without an own key there is no Sign or Encrypt, only the hint where to make a key; nothing is asked of the keystore', async () => {
    const pgp = new FakePgp();
    const { el, compose, loads } = await mountComposer({ pgp, signAlways: true });
    await until(() => has(el, 'compose-pgp-hint'));
    expect(text(el, 'compose-pgp-hint')).toBe(
      'To sign or encrypt, create a key in Settings → OpenPGP keys.',
    );
    expect(has(el, 'compose-pgp-sign')).toBe(false);
    expect(has(el, 'compose-pgp-encrypt')).toBe(false);
    await sendNow(el);
    await until(() => compose.sent.length === 1);
    expect(compose.sent[0]?.draft.pgp).toBeUndefined();
    expect(pgp.checks).toEqual([]);
    expect(loads()).toBe(1);
  });

  it('PGP-2 without OpenPGP wired the composer shows nothing of it and sends as before', async () => {
    const { el, compose } = await mountComposer({});
    await sendNow(el);
    await until(() => compose.sent.length === 1);
    expect(has(el, 'compose-pgp-hint')).toBe(false);
    expect(has(el, 'compose-pgp')).toBe(false);
    expect(compose.sent[0]?.draft.pgp).toBeUndefined();
  });

  it('PGP-2 another sender without a key hides the options again (the hint instead)', async () => {
    const { el } = await mountComposer({ pgp: withKey() });
    await until(() => has(el, 'compose-pgp-sign'));
    await userEvent.selectOptions(part(el, 'compose-from'), '1');
    await until(() => has(el, 'compose-pgp-hint'));
    expect(has(el, 'compose-pgp-sign')).toBe(false);
  });

  it('PGP-2 Sign starts on when Settings say "sign always", and the message goes with pgp {sign}', async () => {
    const { el, compose } = await mountComposer({ pgp: withKey(), signAlways: true });
    await until(() => has(el, 'compose-pgp-sign'));
    expect(box(el, 'compose-pgp-sign').checked).toBe(true);
    expect(box(el, 'compose-pgp-encrypt').checked).toBe(false);
    expect(box(el, 'compose-pgp-sign').labels?.[0]?.textContent).toBe('Sign');
    await sendNow(el);
    await until(() => compose.sent.length === 1);
    expect(compose.sent[0]?.draft.pgp).toEqual({ sign: true, encrypt: false });
  });

  it('PGP-2 Sign starts off otherwise; left off, the message goes without pgp', async () => {
    const { el, compose } = await mountComposer({ pgp: withKey() });
    await until(() => has(el, 'compose-pgp-sign'));
    expect(box(el, 'compose-pgp-sign').checked).toBe(false);
    await sendNow(el);
    await until(() => compose.sent.length === 1);
    expect(compose.sent[0]?.draft.pgp).toBeUndefined();
  });

  it('PGP-3 Encrypt turns Sign on and keeps it on; Encrypt off leaves Sign on but free', async () => {
    const { el } = await mountComposer({ pgp: withKey() });
    await until(() => has(el, 'compose-pgp-encrypt'));
    await userEvent.click(box(el, 'compose-pgp-encrypt'));
    await until(() => box(el, 'compose-pgp-sign').checked);
    expect(box(el, 'compose-pgp-sign').disabled).toBe(true);
    expect(text(el, 'compose-pgp-note')).toBe(
      'Encrypted messages are always signed. Drafts and templates are saved unencrypted.',
    );
    await userEvent.click(box(el, 'compose-pgp-encrypt'));
    await until(() => !box(el, 'compose-pgp-sign').disabled);
    expect(box(el, 'compose-pgp-sign').checked).toBe(true);
    expect(box(el, 'compose-pgp-encrypt').checked).toBe(false);
  });

  it('PGP-3 recipients without a key (SMS too) are listed as recipients change; Send is refused until they are removed', async () => {
    const { el, compose } = await mountComposer({ pgp: withKey() });
    await until(() => has(el, 'compose-pgp-encrypt'));
    await userEvent.click(box(el, 'compose-pgp-encrypt'));
    await userEvent.fill(
      part(el, 'compose-to'),
      'bob@example.org, Carol <Carol@Example.org>, 32475123456@SMS',
    );
    await userEvent.fill(part(el, 'compose-subject'), 'Contrato');
    await until(() => text(el, 'compose-pgp-missing').includes('carol'));
    expect(text(el, 'compose-pgp-missing')).toBe(
      'No key for carol@example.org, 32475123456@sms — remove them or send unencrypted.',
    );
    const send = part(el, 'compose-send');
    await userEvent.click(send);
    await until(() => text(el, 'compose-error'));
    expect(text(el, 'compose-error')).toBe(
      'Not sent: the recipients listed above have no key. Remove them, or turn Encrypt off to send unencrypted.',
    );
    expect(el.shadowRoot?.activeElement).toBe(send);
    expect(compose.sent).toEqual([]);
    // Carol goes: the list follows at once.
    await userEvent.fill(part(el, 'compose-to'), 'bob@example.org, 32475123456@SMS');
    await until(() => !text(el, 'compose-pgp-missing').includes('carol'));
    expect(text(el, 'compose-pgp-missing')).toBe(
      'No key for 32475123456@sms — remove them or send unencrypted.',
    );
    await userEvent.fill(part(el, 'compose-to'), 'bob@example.org');
    await until(() => !has(el, 'compose-pgp-missing'));
    await userEvent.click(send);
    await until(() => compose.sent.length === 1);
    expect(compose.sent[0]?.draft.pgp).toEqual({ sign: true, encrypt: true });
    expect(compose.sent[0]?.draft.to).toEqual([{ name: '', address: 'bob@example.org' }]);
  });

  it('PGP-3 a recipient added later is listed after the pause; Encrypt off sends to them unencrypted', async () => {
    const { el, compose } = await mountComposer({ pgp: withKey(), signAlways: true });
    await until(() => has(el, 'compose-pgp-encrypt'));
    await userEvent.click(box(el, 'compose-pgp-encrypt'));
    await userEvent.fill(part(el, 'compose-to'), 'bob@example.org');
    await userEvent.fill(part(el, 'compose-subject'), 'Contrato');
    await userEvent.fill(part(el, 'compose-to'), 'bob@example.org, dani@example.org');
    await until(() => text(el, 'compose-pgp-missing').includes('dani@example.org'));
    await userEvent.click(box(el, 'compose-pgp-encrypt'));
    await until(() => !has(el, 'compose-pgp-missing'));
    await userEvent.click(part(el, 'compose-send'));
    await until(() => compose.sent.length === 1);
    expect(compose.sent[0]?.draft.pgp).toEqual({ sign: true, encrypt: false });
  });

  it('PGP-3 files as links and encryption are never combined: each is disabled while the other is on', async () => {
    const compose = new FakeCompose();
    compose.links = { days: 7, notices: false };
    const { el } = await mountComposer({ pgp: withKey(), compose });
    await until(() => has(el, 'compose-pgp-encrypt'));
    await userEvent.upload(part(el, 'compose-file-input'), [
      new File(['%PDF-1.4'], 'contrato.pdf', { type: 'application/pdf' }),
    ]);
    await until(() => has(el, 'compose-as-links'));
    await userEvent.click(box(el, 'compose-as-links'));
    await until(() => box(el, 'compose-pgp-encrypt').disabled);
    expect(text(el, 'compose-pgp-note')).toBe(
      'Files sent as links would go unencrypted: send them as attachments, or turn Encrypt off.',
    );
    await userEvent.click(box(el, 'compose-as-links'));
    await until(() => !box(el, 'compose-pgp-encrypt').disabled);
    await userEvent.click(box(el, 'compose-pgp-encrypt'));
    await until(() => box(el, 'compose-as-links').disabled);
    expect(box(el, 'compose-as-links').checked).toBe(false);
    expect(text(el, 'compose-links-encrypted')).toBe(
      'Files sent as links would go unencrypted: send them as attachments, or turn Encrypt off.',
    );
  });
});
