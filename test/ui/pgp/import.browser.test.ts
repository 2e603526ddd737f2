// PGP-1: importing keys in real Chromium — a paste, a binary file, a Web Key Directory
// lookup — each key shown with its user ids and fingerprint and stored only as the user
// chose: confirmed, kept unconfirmed (unused), or as their own (secret keys, protected
// only). The PgpService is the in-memory double (support/pgp-double.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { PgpWorkerError } from '../../../src/pgp/crypto/errors.js';
import type { BzPgpImportedEvent } from '../../../src/ui/pgp/bz-pgp-imported.js';
import { groupFingerprint } from '../../../src/ui/pgp/key-format.js';
import { deepAll, must, until } from '../harness.js';
import { MemoryPgp, armor, keyInfo } from './support/pgp-double.js';
import {
  alerts,
  button,
  card,
  fill,
  inside,
  mount,
  text,
  unmount,
  unnamedControls,
} from './support/mount.js';

afterEach(unmount);

/** The keystore, open, and its import dialog opened from it. */
async function importFromKeystore(pgp: MemoryPgp) {
  const { el } = await mount('bz-pgp-dialog', pgp);
  await el.show();
  const root = inside(el);
  (await button(root, 'Import or look up keys…')).click();
  const importer = must(deepAll('bz-pgp-import-dialog', root)[0]);
  const imp = inside(importer);
  await until(() => imp.querySelector('dialog[open]'));
  return { root, imp, importer };
}

async function paste(imp: ShadowRoot, armored: string): Promise<void> {
  fill(must(imp.querySelector('textarea')), armored);
  (await button(imp, 'Read the pasted key')).click();
}

describe('importing keys (PGP-1)', () => {
  it('PGP-1 a pasted key shows its user ids and fingerprint; "I checked the fingerprint with its owner" stores it confirmed', async () => {
    const pgp = new MemoryPgp();
    const bob = keyInfo('Bob <bob@example.org>');
    pgp.readable.set('bob', [bob]);
    const { root, imp } = await importFromKeystore(pgp);
    await paste(imp, armor('bob'));
    const review = await card(imp, bob.fingerprint);
    expect(text(review.querySelector('[data-testid="user-ids"]'))).toBe('Bob <bob@example.org>');
    expect(text(review.querySelector('[data-testid="fingerprint"]'))).toBe(
      groupFingerprint(bob.fingerprint),
    );
    expect(text(review)).toMatch(
      /Whose key is this\? Compare the fingerprint with the one its owner reads to you/,
    );
    expect(pgp.keys.size).toBe(0);
    (await button(review, 'I checked the fingerprint with its owner')).click();
    await until(() => /Added and confirmed/.test(text(review)));
    expect(pgp.calls).toEqual(['read text', `add ${bob.fingerprint} imported confirmed`]);
    (await button(imp, 'Close')).click();
    const listed = await card(root, bob.fingerprint);
    expect(text(listed)).toMatch(/^Bob <bob@example\.org>/);
    expect(listed.querySelector('[data-testid="badge-unconfirmed"]')).toBeNull();
    expect(pgp.keys.get(bob.fingerprint)?.view).toMatchObject({ confirmed: true, usable: true });
  });

  it('PGP-1 "Keep unconfirmed" stores the key unused and the keystore marks it unconfirmed', async () => {
    const pgp = new MemoryPgp();
    const carol = keyInfo('Carol <carol@example.org>');
    const dave = keyInfo('Dave <dave@example.org>');
    pgp.readable.set('two', [carol, dave]);
    const { root, imp } = await importFromKeystore(pgp);
    await paste(imp, armor('two'));
    (await button(await card(imp, carol.fingerprint), 'Keep unconfirmed')).click();
    (await button(await card(imp, dave.fingerprint), 'Do not import')).click();
    await until(() => /Kept unconfirmed: it is not used until you confirm it/.test(text(imp)));
    await until(() => /Not imported\./.test(text(imp)));
    expect(pgp.calls).toEqual(['read text', `add ${carol.fingerprint} imported`]);
    expect(pgp.keys.get(carol.fingerprint)?.view).toMatchObject({
      confirmed: false,
      usable: false,
    });
    expect(pgp.keys.has(dave.fingerprint)).toBe(false);
    const listed = await card(root, carol.fingerprint);
    expect(text(listed.querySelector('[data-testid="badge-unconfirmed"]'))).toBe('Unconfirmed');
  });

  it('PGP-1 a protected secret key imports as the user’s own; an unprotected one is refused clearly and not stored', async () => {
    const pgp = new MemoryPgp();
    const mine = keyInfo('Ana <ana@buzon.test>', { isPrivate: true, passphraseProtected: true });
    const bare = keyInfo('Ana old <ana@old.test>', { isPrivate: true, passphraseProtected: false });
    pgp.readable.set('secrets', [mine, bare]);
    const { root, imp } = await importFromKeystore(pgp);
    await paste(imp, armor('secrets', true));
    const bareCard = await card(imp, bare.fingerprint);
    expect(alerts(bareCard)).toEqual([
      'This secret key has no passphrase, and Buzón keeps only protected secret keys. Give it a passphrase in the program it comes from (for GnuPG: gpg --edit-key, then passwd), export it again and import that.',
    ]);
    expect(text(bareCard)).not.toMatch(/Import as your own key/);
    const mineCard = await card(imp, mine.fingerprint);
    expect(text(mineCard)).toMatch(/A secret key: imported as your own key/);
    (await button(mineCard, 'Import as your own key')).click();
    await until(() => /Imported as your own key\./.test(text(mineCard)));
    expect(pgp.calls).toEqual(['read text', `add ${mine.fingerprint} imported`]);
    (await button(imp, 'Close')).click();
    const own = must(
      deepAll('section', root).find((s) => /Your keys/.test(text(s.querySelector('h3')))),
    );
    await until(() => own.querySelector(`[data-fingerprint="${mine.fingerprint}"]`));
    expect(pgp.keys.has(bare.fingerprint)).toBe(false);
  });

  it('PGP-1 reads a binary key file as bytes; unreadable input is said and the user can try again', async () => {
    const pgp = new MemoryPgp();
    const erin = keyInfo('Erin <erin@example.org>');
    const bytes = Uint8Array.of(0x99, 0x00, 0x33, 0x04, 0xe5, 0x7f, 0x80, 0xfe);
    pgp.readable.set(new TextDecoder('latin1').decode(bytes), [erin]);
    const { imp } = await importFromKeystore(pgp);
    expect(unnamedControls(imp)).toEqual([]);
    await paste(imp, 'hello, this is not a key');
    await until(() =>
      alerts(imp).includes('Could not read the keys: This is not an OpenPGP key Buzón can read.'),
    );
    const picker = must(imp.querySelector<HTMLInputElement>('input[type="file"]'));
    expect(picker.accept).toBe('.asc,.gpg,.pgp,.key,application/pgp-keys');
    const files = new DataTransfer();
    files.items.add(new File([bytes], 'erin.gpg', { type: 'application/octet-stream' }));
    picker.files = files.files;
    picker.dispatchEvent(new Event('change', { bubbles: true }));
    await card(imp, erin.fingerprint);
    expect(alerts(imp)).toEqual([]);
    expect(pgp.calls).toEqual(['read binary']);
    expect(unnamedControls(imp)).toEqual([]);
  });

  it('PGP-1 looks a key up by address (WKD): "none published" and a failed lookup are said; a found key is confirmed with source wkd', async () => {
    const pgp = new MemoryPgp();
    const frank = keyInfo('Frank <frank@example.org>');
    pgp.wkd.set('nobody@example.org', []);
    pgp.wkd.set('down@example.org', new PgpWorkerError('The proxy could not be reached.'));
    pgp.wkd.set('frank@example.org', [frank]);
    const { root, imp } = await importFromKeystore(pgp);
    const address = must(imp.querySelector<HTMLInputElement>('input[name="address"]'));
    const lookUp = async (a: string) => {
      fill(address, a);
      (await button(imp, 'Look up')).click();
    };
    await lookUp('nobody@example.org');
    await until(() => alerts(imp).includes('No key is published for nobody@example.org.'));
    await lookUp('down@example.org');
    await until(() =>
      alerts(imp).includes(
        'The lookup for down@example.org failed: The OpenPGP engine stopped. Nothing was changed; try again.',
      ),
    );
    await lookUp('frank@example.org');
    const review = await card(imp, frank.fingerprint);
    expect(text(review)).toMatch(/Whose key is this\?/);
    (await button(review, 'I checked the fingerprint with its owner')).click();
    await until(() => /Added and confirmed/.test(text(review)));
    expect(pgp.calls.slice(-1)).toEqual([`add ${frank.fingerprint} wkd confirmed`]);
    expect(pgp.keys.get(frank.fingerprint)?.view.source).toBe('wkd');
    (await button(imp, 'Close')).click();
    await card(root, frank.fingerprint);
  });

  it('PGP-1 for the reader: preloaded key data skips the file step; closing fires bz-pgp-imported with the stored fingerprints, then close', async () => {
    const pgp = new MemoryPgp();
    const gina = keyInfo('Gina <gina@example.org>');
    pgp.readable.set('gina', [gina]);
    const { el } = await mount('bz-pgp-import-dialog', pgp);
    const events: string[] = [];
    el.addEventListener('bz-pgp-imported', (e: BzPgpImportedEvent) =>
      events.push(`imported ${e.detail.fingerprints.join(',')}`),
    );
    el.addEventListener('close', () => events.push('close'));
    el.input = armor('gina');
    el.source = 'autocrypt';
    await el.show();
    const imp = inside(el);
    const review = await card(imp, gina.fingerprint);
    expect(imp.querySelector('textarea')).toBeNull();
    expect(imp.querySelector('input[type="file"]')).toBeNull();
    (await button(review, 'Keep unconfirmed')).click();
    await until(() => /Kept unconfirmed/.test(text(review)));
    expect(pgp.keys.get(gina.fingerprint)?.view.source).toBe('autocrypt');
    (await button(imp, 'Close')).click();
    await until(() => events.length === 2);
    expect(events).toEqual([`imported ${gina.fingerprint}`, 'close']);
  });

  it('PGP-1 for the reader: the lookup starts with the given address; closing without storing fires only close', async () => {
    const pgp = new MemoryPgp();
    const { el } = await mount('bz-pgp-import-dialog', pgp);
    const events: string[] = [];
    el.addEventListener('bz-pgp-imported', () => events.push('imported'));
    el.addEventListener('close', () => events.push('close'));
    el.lookupAddress = 'hana@example.org';
    await el.show();
    const imp = inside(el);
    const address = must(imp.querySelector<HTMLInputElement>('input[name="address"]'));
    expect(address.value).toBe('hana@example.org');
    (await button(imp, 'Close')).click();
    await until(() => events.length === 1);
    expect(events).toEqual(['close']);
  });
});
