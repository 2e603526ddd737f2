// PGP-1: the keystore dialog in real Chromium — the lists (user ids as text only,
// fingerprints in blocks of four, dates, badges), a new key pair, revoke, delete, confirm,
// export and back up. The PgpService is the in-memory double (support/pgp-double.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { groupFingerprint } from '../../../src/ui/pgp/key-format.js';
import { deepAll, must, until } from '../harness.js';
import { FakeIdentities, identity } from '../settings/support/identities-double.js';
import { IN_A_YEAR, LAST_YEAR, MemoryPgp, keyInfo } from './support/pgp-double.js';
import {
  alerts,
  button,
  captureDownloads,
  card,
  fill,
  inside,
  mount,
  text,
  unmount,
  unnamedControls,
} from './support/mount.js';

afterEach(unmount);

const HOSTILE = 'Mallory <img src=x onerror="window.__pwned=1"> <mallory@evil.test>';

async function keystore(pgp: MemoryPgp, identities?: FakeIdentities) {
  const m = await mount('bz-pgp-dialog', pgp, identities);
  await m.el.show();
  return { ...m, root: inside(m.el) };
}

describe('the OpenPGP keystore (PGP-1)', () => {
  it('PGP-1 lists own and correspondents’ keys: user ids as text, fingerprint in blocks of four, dates, algorithm, badges', async () => {
    const pgp = new MemoryPgp();
    const own = pgp.seed(keyInfo('Ana Pérez <ana@buzon.test>'), 'own');
    const bob = pgp.seed(
      keyInfo('Bob <bob@example.org>', { expiresAt: IN_A_YEAR }),
      'correspondent',
      {
        confirmed: true,
      },
    );
    const mallory = pgp.seed(keyInfo(HOSTILE), 'correspondent');
    const old = pgp.seed(
      keyInfo('Old <old@example.org>', { revoked: true, expiresAt: LAST_YEAR }),
      'correspondent',
      { confirmed: true },
    );
    const { root } = await keystore(pgp);

    const ownList = must(
      deepAll('section', root).find((s) => /Your keys/.test(text(s.querySelector('h3')))),
    );
    const theirList = must(
      deepAll('section', root).find((s) => /Correspondents/.test(text(s.querySelector('h3')))),
    );
    expect(ownList.querySelectorAll('[data-testid="pgp-key"]')).toHaveLength(1);
    expect(theirList.querySelectorAll('[data-testid="pgp-key"]')).toHaveLength(3);

    const ana = await card(root, own.fingerprint);
    expect(text(ana.querySelector('[data-testid="user-ids"]'))).toBe('Ana Pérez <ana@buzon.test>');
    const fpr = text(ana.querySelector('[data-testid="fingerprint"]'));
    expect(fpr).toMatch(/^([0-9A-F]{4} ){9}[0-9A-F]{4}$/);
    expect(fpr.replace(/ /g, '').toLowerCase()).toBe(own.fingerprint);
    expect(text(ana.querySelector('[data-testid="key-meta"]'))).toBe(
      'Created Mar 14, 2025 · never expires · Ed25519 / Curve25519',
    );
    expect(ana.querySelector('[data-testid^="badge-"]')).toBeNull();
    expect(text(ana)).toMatch(/Export public key.*Back up private key.*Revoke….*Delete…/);

    const b = await card(root, bob.fingerprint);
    expect(b.querySelector('[data-testid^="badge-"]')).toBeNull();
    expect(text(b.querySelector('[data-testid="key-meta"]'))).toMatch(
      / · expires \w+ \d+, \d{4} · /,
    );
    expect(text(b)).not.toMatch(/Back up|Revoke|Confirm…/);

    // A user id written by someone else is text: no element comes out of it.
    const m = await card(root, mallory.fingerprint);
    expect(text(m.querySelector('[data-testid="user-ids"]'))).toBe(HOSTILE.replace(/\s+/g, ' '));
    expect(deepAll('img', root)).toEqual([]);
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
    expect(text(m.querySelector('[data-testid="badge-unconfirmed"]'))).toBe('Unconfirmed');
    expect(text(m)).toMatch(/Confirm…/);

    const o = await card(root, old.fingerprint);
    expect(text(o.querySelector('[data-testid="badge-revoked"]'))).toBe('Revoked');
    expect(text(o.querySelector('[data-testid="badge-expired"]'))).toBe('Expired');
    expect(text(o.querySelector('[data-testid="key-meta"]'))).toMatch(/expired /);
    // Every button names the key it acts on (the cards have the same buttons).
    expect(
      deepAll<HTMLButtonElement>('button', o).map((x) => x.getAttribute('aria-label')),
    ).toEqual(['Export public key: Old <old@example.org>', 'Delete…: Old <old@example.org>']);
    expect(unnamedControls(root)).toEqual([]);
  });

  it('PGP-1 says when there are no keys yet', async () => {
    const { root } = await keystore(new MemoryPgp());
    expect(text(root)).toMatch(/You have no key yet\. Create a key pair/);
    expect(text(root)).toMatch(/No keys of correspondents yet\./);
  });

  it('PGP-1 a new key pair for an identity: empty and mismatched passphrases refused, progress, then fingerprint and revocation certificate', async () => {
    const pgp = new MemoryPgp();
    const ids = new FakeIdentities();
    ids.list_.push(identity('ana+club@buzon.test', { name: 'Ana (club)' }));
    const downloads = captureDownloads();
    const { root } = await keystore(pgp, ids);
    (await button(root, 'New key pair…')).click();
    const form = await until(() => deepAll('bz-pgp-generate-form', root)[0]);
    const f = inside(form);
    const name = await until(() => f.querySelector<HTMLInputElement>('input[name="name"]'));
    const email = must(f.querySelector<HTMLInputElement>('input[name="email"]'));
    await until(() => email.value === 'ana@buzon.test');
    expect(name.value).toBe('Ana Pérez');
    // Another identity fills name and address.
    const select = must(f.querySelector('select'));
    select.value = '1';
    select.dispatchEvent(new Event('change'));
    await until(() => email.value === 'ana+club@buzon.test' && name.value === 'Ana (club)');
    expect(text(f)).toMatch(/Buzón never stores it and cannot recover it/);

    const pass = must(f.querySelector<HTMLInputElement>('input[name="passphrase"]'));
    const repeat = must(f.querySelector<HTMLInputElement>('input[name="repeat"]'));
    (await button(f, 'Create key pair')).click();
    await until(() => alerts(f).includes('Choose a passphrase.'));
    pass.value = 'correct horse battery staple';
    repeat.value = 'correct horse battery stapel';
    (await button(f, 'Create key pair')).click();
    await until(() => alerts(f).includes('The two passphrases are not the same.'));
    expect(pgp.calls).toEqual([]);

    let release = () => {};
    pgp.hold = new Promise<void>((r) => (release = r));
    repeat.value = 'correct horse battery staple';
    (await button(f, 'Create key pair')).click();
    const progress = await until(() => f.querySelector('[role="status"]'));
    expect(text(progress)).toBe('Creating the key pair…');
    expect(progress.querySelector('progress')).not.toBeNull();
    expect(alerts(f)).toEqual([]);
    release();
    const made = await until(() => f.querySelector('[data-testid="generated"]'));
    expect(pgp.calls).toEqual(['generate Ana (club) <ana+club@buzon.test>']);
    const key = [...pgp.keys.values()][0]?.view;
    expect(text(made.querySelector('[data-testid="fingerprint"]'))).toBe(
      groupFingerprint(must(key).fingerprint),
    );
    (await button(f, 'Download the revocation certificate')).click();
    await until(() => downloads[0]?.text);
    expect(downloads[0]).toMatchObject({
      name: `ana-club-at-buzon.test-0x${key?.keyId}-revocation.asc`,
      type: 'application/pgp-keys',
    });
    expect(downloads[0]?.text).toContain(`revocation:${key?.fingerprint}`);
    (await button(f, 'Done')).click();
    const listed = await card(root, must(key).fingerprint);
    expect(text(listed)).toMatch(/Ana \(club\) <ana\+club@buzon\.test>/);
  });

  it('PGP-1 without sender identities name and address are typed', async () => {
    const pgp = new MemoryPgp();
    const { root } = await keystore(pgp);
    (await button(root, 'New key pair…')).click();
    const f = inside(await until(() => deepAll('bz-pgp-generate-form', root)[0]));
    const email = await until(() => f.querySelector<HTMLInputElement>('input[name="email"]'));
    expect(email.value).toBe('');
    expect(f.querySelector('select')).toBeNull();
    must(f.querySelector<HTMLInputElement>('input[name="passphrase"]')).value = 'pw pw pw';
    must(f.querySelector<HTMLInputElement>('input[name="repeat"]')).value = 'pw pw pw';
    (await button(f, 'Create key pair')).click();
    await until(() => alerts(f).includes('Enter the address this key is for.'));
    fill(email, 'solo@example.org');
    (await button(f, 'Create key pair')).click();
    await until(() => f.querySelector('[data-testid="generated"]'));
    expect(pgp.calls).toEqual(['generate  <solo@example.org>']);
  });

  it('PGP-1 revoke asks the passphrase: a wrong one is said and nothing changes, the right one revokes and offers the revoked public key', async () => {
    const pgp = new MemoryPgp();
    const own = pgp.seed(keyInfo('Ana <ana@buzon.test>'), 'own', { passphrase: 'right one' });
    const downloads = captureDownloads();
    const { root } = await keystore(pgp);
    (await button(await card(root, own.fingerprint), 'Revoke…')).click();
    const pp = inside(must(deepAll('bz-pgp-passphrase-dialog', root)[0]));
    const dialog = await until(() => pp.querySelector<HTMLDialogElement>('dialog[open]'));
    expect(text(dialog.querySelector('h2'))).toBe('Revoke Ana <ana@buzon.test>?');
    expect(text(dialog)).toMatch(/cannot be undone/);
    const input = must(pp.querySelector<HTMLInputElement>('input[type="password"]'));
    input.value = 'wrong one';
    (await button(pp, 'Revoke key')).click();
    await until(() => alerts(pp).includes('The passphrase is wrong. Check it and try again.'));
    expect(dialog.open).toBe(true);
    expect(pgp.keys.get(own.fingerprint)?.view.revoked).toBe(false);
    expect(pgp.calls).toEqual([]);

    input.value = 'right one';
    (await button(pp, 'Revoke key')).click();
    await until(() => !dialog.open);
    const badge = await until(() =>
      deepAll('[data-testid="badge-revoked"]', root).find((b) => b.closest('[data-fingerprint]')),
    );
    expect(text(badge)).toBe('Revoked');
    expect(pgp.calls).toEqual([`revoke ${own.fingerprint}`]);
    const outcome = await until(() => root.querySelector('[data-testid="pgp-outcome"]'));
    expect(text(outcome)).toMatch(/The key is revoked\. Send the revoked public key/);
    // A revoked key is not revoked again.
    expect(text(await card(root, own.fingerprint))).not.toMatch(/Revoke…/);
    (await button(outcome, 'Download the revoked public key')).click();
    await until(() => downloads[0]?.text);
    expect(downloads[0]?.name).toBe(`ana-at-buzon.test-0x${own.keyId}-revoked.asc`);
    expect(downloads[0]?.text).toContain(`public:${own.fingerprint}:revoked`);
  });

  it('PGP-1 delete asks first, naming the key; for an own key it warns that encrypted mail can no longer be read', async () => {
    const pgp = new MemoryPgp();
    const own = pgp.seed(keyInfo('Ana <ana@buzon.test>'), 'own');
    const bob = pgp.seed(keyInfo('Bob <bob@example.org>'), 'correspondent', { confirmed: true });
    const { root } = await keystore(pgp);
    const confirm = inside(must(deepAll('bz-confirm-dialog', root)[0]));

    (await button(await card(root, own.fingerprint), 'Delete…')).click();
    const asked = await until(() => confirm.querySelector<HTMLDialogElement>('dialog[open]'));
    expect(text(asked.querySelector('p'))).toBe(
      'Delete your key "Ana <ana@buzon.test>"? Mail encrypted to this key can no longer be read here, and it no longer signs. Back up the private key first if you may need it.',
    );
    (await button(confirm, 'Cancel')).click();
    await new Promise((r) => asked.addEventListener('close', r, { once: true }));
    expect(pgp.keys.has(own.fingerprint)).toBe(true);

    (await button(await card(root, bob.fingerprint), 'Delete…')).click();
    await until(() => asked.open);
    expect(text(asked.querySelector('p'))).toMatch(
      /^Delete the key of "Bob <bob@example\.org>"\? You can no longer encrypt to them/,
    );
    (await button(confirm, 'Delete key')).click();
    await until(() => !deepAll(`[data-fingerprint="${bob.fingerprint}"]`, root).length);
    expect(pgp.calls).toEqual([`delete ${bob.fingerprint}`]);
    expect(pgp.keys.has(own.fingerprint)).toBe(true);
  });

  it('PGP-1 "Confirm…" shows the user ids and fingerprint again before an unconfirmed key is trusted', async () => {
    const pgp = new MemoryPgp();
    const carol = pgp.seed(keyInfo('Carol <carol@example.org>'), 'correspondent');
    const { root } = await keystore(pgp);
    (await button(await card(root, carol.fingerprint), 'Confirm…')).click();
    const ck = inside(must(deepAll('bz-pgp-confirm-key-dialog', root)[0]));
    const d = await until(() => ck.querySelector<HTMLDialogElement>('dialog[open]'));
    expect(text(d.querySelector('[data-testid="user-ids"]'))).toBe('Carol <carol@example.org>');
    expect(text(d.querySelector('[data-testid="fingerprint"]'))).toBe(
      groupFingerprint(carol.fingerprint),
    );
    expect(text(d)).toMatch(/Whose key is this\?/);
    expect(ck.activeElement?.textContent?.trim()).toBe('Cancel');
    (await button(ck, 'I checked the fingerprint with its owner')).click();
    const c = await card(root, carol.fingerprint);
    await until(() => !c.querySelector('[data-testid="badge-unconfirmed"]'));
    expect(pgp.calls).toEqual([`confirm ${carol.fingerprint}`]);
    expect(text(await card(root, carol.fingerprint))).not.toMatch(/Confirm…/);
  });

  it('PGP-1 exports the public key and backs up the private key, which stays passphrase-protected', async () => {
    const pgp = new MemoryPgp();
    const own = pgp.seed(keyInfo('Ana <ana@buzon.test>'), 'own');
    const downloads = captureDownloads();
    const { root } = await keystore(pgp);
    const c = await card(root, own.fingerprint);
    (await button(c, 'Export public key')).click();
    await until(() => downloads[0]?.text);
    expect(downloads[0]?.name).toBe(`ana-at-buzon.test-0x${own.keyId}-public.asc`);
    expect(downloads[0]?.text).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    (await button(c, 'Back up private key')).click();
    await until(() => downloads[1]?.text);
    expect(downloads[1]?.name).toBe(`ana-at-buzon.test-0x${own.keyId}-secret.asc`);
    expect(downloads[1]?.text).toContain(`secret:${own.fingerprint}:protected`);
    expect(text(root.querySelector('[data-testid="pgp-outcome"]'))).toMatch(
      /still protected by your passphrase/,
    );
    // A failure says what failed and why, and nothing is lost.
    pgp.keys.delete(own.fingerprint);
    (await button(c, 'Export public key')).click();
    await until(() =>
      alerts(root).includes('Could not export the key: No such key in the keystore.'),
    );
  });

  it('PGP-4 each own key offers to keep decrypted mail, off by default, with its warning; turning it off says the kept copies are deleted', async () => {
    const pgp = new MemoryPgp();
    const own = pgp.seed(keyInfo('Ana Pérez <ana@buzon.test>'), 'own');
    const bob = pgp.seed(keyInfo('Bob <bob@example.org>'), 'correspondent', { confirmed: true });
    const { root } = await keystore(pgp);
    const ana = await card(root, own.fingerprint);
    const box = must(ana.querySelector<HTMLInputElement>('[data-testid="pgp-keep-decrypted"]'));
    expect(box.checked).toBe(false);
    expect(text(box.closest('label'))).toBe(
      'Keep decrypted mail to this key on this device (readable without the passphrase, and searchable)',
    );
    const hint = must(root.getElementById(must(box.getAttribute('aria-describedby'))));
    expect(text(hint)).toBe('Kept copies are stored unencrypted on this device.');
    // A correspondent's key decrypts nothing here: no such choice.
    const b = await card(root, bob.fingerprint);
    expect(b.querySelector('[data-testid="pgp-keep-decrypted"]')).toBeNull();
    expect(unnamedControls(root)).toEqual([]);

    box.click();
    await until(() => pgp.calls.includes(`storeDecrypted ${own.fingerprint} true`));
    await until(() =>
      /kept on this device/.test(text(deepAll('[data-testid="pgp-outcome"]', root)[0])),
    );
    expect(box.checked).toBe(true);

    box.click();
    await until(() => pgp.calls.includes(`storeDecrypted ${own.fingerprint} false`));
    await until(() =>
      /^Kept copies deleted/.test(text(deepAll('[data-testid="pgp-outcome"]', root)[0])),
    );
    expect(box.checked).toBe(false);
    expect(pgp.calls.filter((c) => c.startsWith('storeDecrypted'))).toEqual([
      `storeDecrypted ${own.fingerprint} true`,
      `storeDecrypted ${own.fingerprint} false`,
    ]);
  });

  it('PGP-4 a change of the opt-in that fails is said, and the box shows what is stored', async () => {
    const pgp = new MemoryPgp();
    const own = pgp.seed(keyInfo('Ana Pérez <ana@buzon.test>'), 'own');
    const { root } = await keystore(pgp);
    const ana = await card(root, own.fingerprint);
    const box = must(ana.querySelector<HTMLInputElement>('[data-testid="pgp-keep-decrypted"]'));
    pgp.keys.delete(own.fingerprint);
    box.click();
    await until(() =>
      alerts(root).includes('Could not change what is kept: No such key in the keystore.'),
    );
    expect(box.checked).toBe(false);
  });
});
