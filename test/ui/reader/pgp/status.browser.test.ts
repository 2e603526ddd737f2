// PGP-4: the reader's OpenPGP status line, in words a non-expert understands, and nothing
// at all (not even OpenPGP loaded) for plain mail.
import { afterEach, describe, expect, it } from 'vitest';
import type { BzPgpImportDialog } from '../../../../src/ui/pgp/bz-pgp-import-dialog.js';
import type { Mounted } from '../../harness.js';
import { FakePgp, keyView } from './support/fake-pgp.js';
import { partlySignedMessage, plainMessage, signedMessage } from './support/pgp-mail.js';
import {
  deep,
  deepAll,
  mountWithPgp,
  openMessage,
  pgpStatus,
  statusLines,
  until,
} from './support/mount.js';

const ANA = keyView('0123456789abcdef0123456789abcdef4a5b6c7d', 'Ana Núñez <ana@example.org>');

let mounted: Mounted | undefined;
afterEach(async () => {
  await mounted?.close();
  mounted = undefined;
});

async function signatureLines(pgp: FakePgp, subject: string): Promise<string[]> {
  mounted = await mountWithPgp(pgp.loader);
  await openMessage(signedMessage(subject, 'Hola Bob'), subject);
  await pgpStatus();
  return statusLines('pgp-signature');
}

describe('reader OpenPGP status (PGP-4)', () => {
  it('PGP-4 says a valid signature is valid, by whom, with the short fingerprint', async () => {
    const pgp = new FakePgp({ signatures: [{ status: 'valid', keyId: ANA.keyId, signer: ANA }] });
    const lines = await signatureLines(pgp, 'Valid one');
    expect(lines).toEqual([
      'Signed by Ana Núñez <ana@example.org> (89AB CDEF 4A5B 6C7D). The signature is valid.',
    ]);
    expect(pgp.inspected).toBe(1);
  });

  it('PGP-4 says an invalid signature means the message was changed after signing', async () => {
    const pgp = new FakePgp({
      signatures: [{ status: 'invalid', keyId: ANA.keyId, signer: ANA }],
    });
    const [line] = await signatureLines(pgp, 'Changed one');
    expect(line).toContain('not valid: the message was changed after it was signed');
    expect(line).toContain('Ana Núñez');
  });

  it('PGP-4 offers "Import key…" for an unknown key, prefilled with the sender, and checks again after an import', async () => {
    const pgp = new FakePgp({ signatures: [{ status: 'unknown-key', keyId: 'c0ffee00deadbeef' }] });
    const [line] = await signatureLines(pgp, 'Unknown one');
    expect(line).toContain('Signed with a key you do not have (key ID C0FF EE00 DEAD BEEF)');
    deep('[data-testid="pgp-import-key"]').click();
    const dialog = await until(() => deepAll<BzPgpImportDialog>('bz-pgp-import-dialog')[0]);
    expect(dialog.lookupAddress).toBe('ana@example.org');
    await until(() => dialog.shadowRoot?.querySelector('dialog')?.open);
    // The dialog stored a key and closed: the status is asked for again.
    pgp.opts.signatures = [{ status: 'valid', keyId: ANA.keyId, signer: ANA }];
    dialog.dispatchEvent(
      new CustomEvent('bz-pgp-imported', {
        bubbles: true,
        composed: true,
        detail: { fingerprints: [ANA.fingerprint] },
      }),
    );
    await until(() => statusLines('pgp-signature')[0]?.includes('The signature is valid'));
    expect(pgp.inspected).toBe(2);
  });

  it('PGP-4 warns about a signature by a revoked key and by an expired key', async () => {
    const revoked = keyView(ANA.fingerprint, ANA.userIds[0] ?? '', {
      revoked: true,
      usable: false,
    });
    const pgp = new FakePgp({
      signatures: [
        { status: 'revoked-key', keyId: ANA.keyId, signer: revoked },
        { status: 'expired-key', keyId: ANA.keyId, signer: revoked },
      ],
    });
    const lines = await signatureLines(pgp, 'Revoked one');
    expect(lines[0]).toContain('Signed with a key its owner has revoked: Ana Núñez');
    expect(lines[0]).toContain('Do not trust this signature.');
    expect(lines[1]).toContain('Signed with an expired key: Ana Núñez');
    expect(deepAll('[data-testid="pgp-signature"][data-status="revoked-key"]')).toHaveLength(1);
  });

  it('PGP-4 says clearly when only one part is signed, naming it', async () => {
    const pgp = new FakePgp({ signatures: [{ status: 'valid', keyId: ANA.keyId, signer: ANA }] });
    mounted = await mountWithPgp(pgp.loader);
    await openMessage(partlySignedMessage('Invoice', 'See the invoice', 'invoice.pdf'), 'Invoice');
    await pgpStatus();
    const [line] = statusLines('pgp-signature');
    expect(line).toContain('The signature is valid.');
    expect(line).toContain(
      'Only the part "invoice.pdf" is signed; the rest of the message is not.',
    );
  });

  it('PGP-4 shows malformed OpenPGP and the parts it could not check', async () => {
    const pgp = new FakePgp({
      status: {
        protections: [
          { kind: 'malformed', partId: '2', coverage: 'part', reason: 'no signature part' },
        ],
        problems: ['too many parts'],
        decryptWith: null,
        unlocked: false,
      },
    });
    mounted = await mountWithPgp(pgp.loader);
    await openMessage(signedMessage('Broken one', 'x'), 'Broken one');
    await pgpStatus();
    expect(statusLines('pgp-malformed')).toEqual([
      'This message claims to use OpenPGP but is damaged: no signature part This concerns only part 2.',
    ]);
    expect(statusLines('pgp-problem')).toEqual([
      'Part of the message could not be checked: too many parts',
    ]);
  });

  it('PGP-4 shows no status and loads no OpenPGP for plain mail', async () => {
    const pgp = new FakePgp();
    mounted = await mountWithPgp(pgp.loader);
    const view = await openMessage(plainMessage('Plain one', 'Just text'), 'Plain one');
    await until(() => deepAll('[data-testid="message-frame"]', view).length > 0);
    await new Promise((r) => setTimeout(r, 200));
    expect(deepAll('bz-pgp-status')).toHaveLength(0);
    expect(pgp.loads).toBe(0);
  });

  it('PGP-4 shows no status for a message that only mentions OpenPGP', async () => {
    const pgp = new FakePgp({
      status: { protections: [], problems: [], decryptWith: null, unlocked: false },
    });
    mounted = await mountWithPgp(pgp.loader);
    await openMessage(
      plainMessage('About pgp', 'Paste yours after -----BEGIN PGP MESSAGE----- please'),
      'About pgp',
    );
    await until(() => pgp.inspected === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(deepAll('[data-testid="pgp-status"]')).toHaveLength(0);
    expect(deepAll('[data-testid="pgp-checking"]')).toHaveLength(0);
  });

  it('PGP-4 shows no status when the app wires no OpenPGP', async () => {
    mounted = await mountWithPgp(undefined);
    const view = await openMessage(signedMessage('No pgp here', 'x'), 'No pgp here');
    await until(() => deepAll('[data-testid="message-frame"]', view).length > 0);
    await new Promise((r) => setTimeout(r, 200));
    expect(deepAll('bz-pgp-status')).toHaveLength(0);
  });
});
