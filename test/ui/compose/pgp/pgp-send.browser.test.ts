// PGP-2, PGP-3 at Send, in real Chromium: the passphrase prompt when the key is locked
// (wrong, then right, "Remember for this session" passed on), what Send is given, the
// service's refusals worded with the message kept, drafts saved as written and Undo send
// giving the options back. PgpService double; recording ComposeService.
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { PassphraseNeededError } from '../../../../src/pgp/crypto/errors.js';
import { MissingRecipientKeysError, NoSigningKeyError } from '../../../../src/state/pgp-errors.js';
import type { DraftInput, MailAddress } from '../../../../src/state/types.js';
import { until } from '../../harness.js';
import { ANA, FakeCompose } from '../support/fake-compose.js';
import { FakePgp, PASSPHRASE, ownKey } from './support/fake-pgp.js';
import { box, has, mountComposer, part, text, unmount } from './support/mount.js';

afterEach(unmount);

function withKey(unlocked: boolean): FakePgp {
  const pgp = new FakePgp();
  pgp.keys.set([ownKey(ANA.address)]);
  pgp.known.add('bob@example.org');
  pgp.unlocked = unlocked;
  return pgp;
}

/** A ComposeService whose send refuses with `error` once, as the real one would. */
class RefusingCompose extends FakeCompose {
  constructor(private error: Error | null) {
    super();
  }
  override async send(from: MailAddress, draft: DraftInput) {
    const error = this.error;
    this.error = null;
    if (error) throw error;
    return super.send(from, draft);
  }
}

async function writeEncrypted(el: HTMLElement) {
  await until(() => has(el, 'compose-pgp-encrypt'));
  await userEvent.click(box(el, 'compose-pgp-encrypt'));
  await userEvent.fill(part(el, 'compose-to'), 'bob@example.org');
  await userEvent.fill(part(el, 'compose-subject'), 'Contrato');
  await userEvent.fill(part(el, 'compose-body'), 'Confidencial.');
}

const composerOpen = (el: HTMLElement) => part<HTMLDialogElement>(el, 'composer').open;

describe('sending signed or encrypted (PGP-2, PGP-3)', () => {
  it('PGP-2 a locked key asks for its passphrase: a wrong one is said and asked again, the right one with Remember unlocks and sends', async () => {
    const pgp = withKey(false);
    const { el, compose } = await mountComposer({ pgp, signAlways: true });
    await until(() => box(el, 'compose-pgp-sign')?.checked);
    await userEvent.fill(part(el, 'compose-to'), 'bob@example.org');
    await userEvent.fill(part(el, 'compose-subject'), 'Firmado');
    await userEvent.click(part(el, 'compose-send'));
    const prompt = await until(() => {
      const d = part<HTMLDialogElement>(el, 'compose-pgp-passphrase');
      return d.open && d;
    });
    const input = part<HTMLInputElement>(el, 'compose-pgp-passphrase-input');
    expect(input.type).toBe('password');
    expect(input.labels?.[0]?.textContent).toBe('Passphrase to sign this message');
    expect(prompt.textContent).toContain('Ana Pérez <ana@buzon.test>');
    expect(prompt.textContent).toContain('3F2A 9C1E 77D0');
    await userEvent.fill(input, 'caballo');
    await userEvent.click(part(el, 'compose-pgp-unlock'));
    await until(() => text(el, 'compose-pgp-passphrase-error'));
    expect(text(el, 'compose-pgp-passphrase-error')).toBe(
      'That passphrase does not unlock this key. Try again.',
    );
    expect(prompt.open).toBe(true);
    expect(input.value).toBe('');
    expect(compose.sent).toEqual([]);
    await userEvent.fill(input, PASSPHRASE);
    await userEvent.click(part(el, 'compose-pgp-remember'));
    await userEvent.click(part(el, 'compose-pgp-unlock'));
    await until(() => compose.sent.length === 1);
    expect(pgp.unlocks.map((u) => [u.passphrase, u.rememberForSession])).toEqual([
      ['caballo', false],
      [PASSPHRASE, true],
    ]);
    expect(pgp.unlocks[1]?.fingerprint).toBe(ownKey(ANA.address).fingerprint);
    expect(compose.sent[0]?.draft.pgp).toEqual({ sign: true, encrypt: false });
    expect(prompt.open).toBe(false);
    // Nothing of the passphrase stays in the page.
    expect(input.value).toBe('');
    expect(composerOpen(el)).toBe(false);
  });

  it('PGP-2 Cancel in the passphrase prompt sends nothing and keeps the message', async () => {
    const { el, compose } = await mountComposer({ pgp: withKey(false), signAlways: true });
    await until(() => box(el, 'compose-pgp-sign')?.checked);
    await userEvent.fill(part(el, 'compose-to'), 'bob@example.org');
    await userEvent.fill(part(el, 'compose-subject'), 'Firmado');
    await userEvent.click(part(el, 'compose-send'));
    await until(() => part<HTMLDialogElement>(el, 'compose-pgp-passphrase').open);
    await userEvent.keyboard('{Escape}');
    await until(() => !part<HTMLDialogElement>(el, 'compose-pgp-passphrase').open);
    expect(compose.sent).toEqual([]);
    expect(composerOpen(el)).toBe(true);
    // Escape closed the prompt only: the composer did not ask to discard the message.
    expect(has(el, 'question-confirm')).toBe(false);
    expect(part<HTMLInputElement>(el, 'compose-subject').value).toBe('Firmado');
  });

  it('PGP-3 an unlocked key sends at once: Send is given pgp {sign, encrypt} with the message as written', async () => {
    const pgp = withKey(true);
    const { el, compose } = await mountComposer({ pgp });
    await writeEncrypted(el);
    await userEvent.click(part(el, 'compose-send'));
    await until(() => compose.sent.length === 1);
    const sent = compose.sent[0];
    expect(sent?.from).toEqual(ANA);
    expect(sent?.draft).toMatchObject({
      subject: 'Contrato',
      text: 'Confidencial.',
      pgp: { sign: true, encrypt: true },
    });
    expect(pgp.unlocks).toEqual([]);
    expect(part<HTMLDialogElement>(el, 'compose-pgp-passphrase').open).toBe(false);
  });

  it.each([
    [
      'MissingRecipientKeysError',
      new MissingRecipientKeysError(['bob@example.org']),
      'No key for bob@example.org — remove them or send unencrypted.',
    ],
    [
      'NoSigningKeyError',
      new NoSigningKeyError('ana@buzon.test'),
      'You have no OpenPGP key for ana@buzon.test: choose another sender, or turn Encrypt off.',
    ],
    [
      'PassphraseNeededError',
      new PassphraseNeededError(),
      'The passphrase of your key is needed again: press Send to enter it.',
    ],
  ])(
    'PGP-3 %s from Send is worded for the user and the message stays in the composer',
    async (_name, error, said) => {
      const compose = new RefusingCompose(error);
      const { el } = await mountComposer({ pgp: withKey(true), compose });
      await writeEncrypted(el);
      await userEvent.click(part(el, 'compose-send'));
      await until(() => text(el, 'compose-error'));
      expect(text(el, 'compose-error')).toBe(said);
      expect(composerOpen(el)).toBe(true);
      expect(part<HTMLInputElement>(el, 'compose-to').value).toBe('bob@example.org');
      expect(part<HTMLInputElement>(el, 'compose-subject').value).toBe('Contrato');
      expect(part<HTMLTextAreaElement>(el, 'compose-body').value).toBe('Confidencial.');
      expect(box(el, 'compose-pgp-encrypt').checked).toBe(true);
      // Sent again once the cause is gone: the same message, still encrypted.
      await userEvent.click(part(el, 'compose-send'));
      await until(() => compose.sent.length === 1);
      expect(compose.sent[0]?.draft.pgp).toEqual({ sign: true, encrypt: true });
      expect(compose.sent[0]?.draft.text).toBe('Confidencial.');
    },
  );

  it('PGP-3 a draft is saved as written, with the options chosen (drafts are not encrypted)', async () => {
    const { el, compose } = await mountComposer({ pgp: withKey(true) });
    await writeEncrypted(el);
    await userEvent.click(part(el, 'compose-save'));
    await until(() => compose.saved.length === 1);
    expect(compose.saved[0]?.draft).toMatchObject({
      text: 'Confidencial.',
      pgp: { sign: true, encrypt: true },
    });
  });

  it('PGP-3 Undo send gives the message back with Encrypt still on', async () => {
    const { el, compose } = await mountComposer({ pgp: withKey(true) });
    await writeEncrypted(el);
    await userEvent.click(part(el, 'compose-send'));
    await until(() => has(el, 'undo-send-button'));
    part(el, 'undo-send-button').click();
    await until(() => composerOpen(el));
    expect(compose.undone).toEqual(['m1']);
    await until(() => has(el, 'compose-pgp-encrypt') && box(el, 'compose-pgp-encrypt').checked);
    expect(box(el, 'compose-pgp-sign').checked).toBe(true);
    expect(part<HTMLTextAreaElement>(el, 'compose-body').value).toBe('Confidencial.');
  });
});
