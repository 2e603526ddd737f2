// PGP-4: the decrypt prompt (passphrase never kept, "remember for this session" passed on),
// failures by kind with no text shown, and where a decrypted entity is rendered: instead of
// the body for a whole message, in its own box beside the untouched rest for a part.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NoDecryptionKeyError, TamperedMessageError } from '../../../../src/pgp/crypto/errors.js';
import type { Mounted } from '../../harness.js';
import { must } from '../../harness.js';
import { FakePgp } from './support/fake-pgp.js';
import {
  encryptTo,
  encryptedMessage,
  innerEntity,
  makeKey,
  partlyEncryptedMessage,
} from './support/pgp-mail.js';
import type { TestKey } from './support/pgp-mail.js';
import {
  deep,
  deepAll,
  mountWithPgp,
  openMessage,
  pgpStatus,
  statusLines,
  until,
} from './support/mount.js';

const SECRET = 'The vault code is 7-4-1-9';

let key: TestKey;
let armored: string;
let mounted: Mounted | undefined;

beforeAll(async () => {
  key = await makeKey();
  armored = await encryptTo(key, innerEntity(SECRET, { name: 'notes.txt', body: 'inner notes' }));
});
afterEach(async () => {
  await mounted?.close();
  mounted = undefined;
});

/** Every text the app document shows, shadow roots included (not frame documents). */
function appText(): string {
  const roots: (Document | ShadowRoot)[] = [document];
  for (const el of deepAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
  return roots.map((r) => (r instanceof Document ? r.body.textContent : r.textContent)).join('\n');
}

function submitPassphrase(passphrase: string, remember = false): void {
  const field = deep<HTMLInputElement>('[data-testid="pgp-passphrase"]');
  field.value = passphrase;
  deep<HTMLInputElement>('[data-testid="pgp-remember"]').checked = remember;
  must(field.form).requestSubmit();
}

async function openEncrypted(pgp: FakePgp, subject: string): Promise<HTMLElement> {
  mounted = await mountWithPgp(pgp.loader);
  const view = await openMessage(encryptedMessage(subject, armored), subject);
  await pgpStatus();
  return view;
}

describe('reader decrypt prompt (PGP-4)', () => {
  it('PGP-4 asks for the passphrase, says when it is wrong, then decrypts with the right one and passes "remember"', async () => {
    const pgp = new FakePgp({ key });
    await openEncrypted(pgp, 'Locked one');
    expect(statusLines('pgp-encrypted')[0]).toContain('This message is encrypted.');
    deep('[data-testid="pgp-decrypt"]').click();
    const field = await until(() => deepAll<HTMLInputElement>('[data-testid="pgp-passphrase"]')[0]);
    expect(field.type).toBe('password');

    submitPassphrase('not it');
    const error = await until(() => deepAll('[data-testid="pgp-decrypt-error"]')[0]);
    expect(error.textContent?.trim()).toBe('Wrong passphrase. Try again.');
    expect(deepAll('[data-testid="pgp-passphrase"]')[0]).toBeDefined();
    expect(deep<HTMLInputElement>('[data-testid="pgp-passphrase"]').value).toBe('');
    expect(deepAll('bz-decrypted-part')).toHaveLength(0);

    submitPassphrase(key.passphrase, true);
    const frame = await until(
      () => deepAll<HTMLIFrameElement>('[data-testid="decrypted-frame"]')[0],
    );
    expect(frame.srcdoc).toContain(SECRET);
    expect(pgp.decryptCalls).toEqual([
      { index: 0, unlock: { passphrase: 'not it', rememberForSession: false } },
      { index: 0, unlock: { passphrase: key.passphrase, rememberForSession: true } },
    ]);
    expect(statusLines('pgp-encrypted')[0]).toContain('Decrypted below.');
  });

  it('PGP-4 decrypts at once when the key is unlocked for the session', async () => {
    const pgp = new FakePgp({ key, unlocked: true });
    await openEncrypted(pgp, 'Unlocked one');
    deep('[data-testid="pgp-decrypt"]').click();
    await until(() => deepAll('[data-testid="decrypted-frame"]')[0]);
    expect(deepAll('[data-testid="pgp-passphrase"]')).toHaveLength(0);
    expect(pgp.decryptCalls).toEqual([{ index: 0 }]);
  });

  it('PGP-4 a tampered message says so and shows none of its text', async () => {
    const pgp = new FakePgp({ key, unlocked: true, failWith: new TamperedMessageError() });
    await openEncrypted(pgp, 'Tampered one');
    deep('[data-testid="pgp-decrypt"]').click();
    const error = await until(() => deepAll('[data-testid="pgp-decrypt-error"]')[0]);
    expect(error.textContent?.trim()).toBe(
      'The encrypted message was modified or is not authenticated; nothing of it is shown.',
    );
    expect(deepAll('bz-decrypted-part')).toHaveLength(0);
    expect(deepAll('[data-testid="pgp-passphrase"]')).toHaveLength(0);
    expect(appText()).not.toContain('vault code');
    for (const f of deepAll<HTMLIFrameElement>('iframe'))
      expect(f.srcdoc).not.toContain('vault code');
  });

  it("PGP-4 a message not encrypted to the user's keys says so", async () => {
    const pgp = new FakePgp({ key, unlocked: true, failWith: new NoDecryptionKeyError() });
    await openEncrypted(pgp, 'Not for me');
    deep('[data-testid="pgp-decrypt"]').click();
    const error = await until(() => deepAll('[data-testid="pgp-decrypt-error"]')[0]);
    expect(error.textContent?.trim()).toBe('This message is not encrypted to any of your keys.');
  });

  it('PGP-4 a whole encrypted message: the decrypted one replaces the body, says it is not signed, and its attachment downloads', async () => {
    const pgp = new FakePgp({ key, unlocked: true });
    const view = await openEncrypted(pgp, 'Whole one');
    expect(deepAll('[data-testid="attachment-name"]', view).map((a) => a.textContent)).toContain(
      'encrypted.asc',
    );
    deep('[data-testid="pgp-decrypt"]').click();
    const box = await until(() => deepAll('[data-testid="decrypted-part"]')[0]);
    expect(deep('h3', box).textContent?.trim()).toBe('Decrypted message');
    expect(statusLines('pgp-inner-signature')).toEqual([
      'Encrypted, but not signed: nothing shows who wrote it.',
    ]);
    // The body frames and the ciphertext attachment are gone; the decrypted entity alone shows.
    expect(deepAll('[data-testid="message-frame"]', view)).toHaveLength(0);
    expect(deepAll('[data-testid="attachment-name"]', view)).toHaveLength(0);
    const item = await until(() => deepAll('[data-testid="decrypted-attachment"]', box)[0]);
    expect(item.textContent).toContain('notes.txt');
    const saved = new Promise<HTMLAnchorElement>((resolve) => {
      const orig = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        HTMLAnchorElement.prototype.click = orig;
        resolve(this);
      };
    });
    deep<HTMLButtonElement>('button', item).click();
    const link = await saved;
    expect(link.download).toBe('notes.txt');
    expect(await (await fetch(link.href)).text()).toBe('inner notes');
  });

  it('PGP-4 an encrypted part: its own labelled box beside the untouched rest', async () => {
    const pgp = new FakePgp({ key, unlocked: true });
    mounted = await mountWithPgp(pgp.loader);
    const view = await openMessage(
      partlyEncryptedMessage('Part one', armored, 'Plain words outside'),
      'Part one',
    );
    await pgpStatus();
    expect(statusLines('pgp-encrypted')[0]).toContain(
      'Only part 2 is encrypted; the rest of the message is not.',
    );
    deep('[data-testid="pgp-decrypt"]').click();
    const box = await until(() => deepAll('[data-testid="decrypted-part"]')[0]);
    expect(deep('h3', box).textContent?.trim()).toBe(
      'Decrypted content of part 2, shown on its own',
    );
    const body = deepAll<HTMLIFrameElement>('[data-testid="message-frame"]', view);
    expect(body.length).toBeGreaterThan(0);
    expect(body.some((f) => f.srcdoc.includes('Plain words outside'))).toBe(true);
    for (const f of body) expect(f.srcdoc).not.toContain('vault code');
    await until(() => deepAll('[data-testid="decrypted-frame"]', box).length > 0);
    const decrypted = deepAll<HTMLIFrameElement>('[data-testid="decrypted-frame"]', box);
    expect(decrypted.map((f) => f.srcdoc.includes(SECRET))).toEqual([true]);
    expect(decrypted[0]?.srcdoc).not.toContain('Plain words outside');
  });
});
