// PGP-1: a key sent as an attachment (RFC 3156 §7 application/pgp-keys, or an .asc file
// holding an armored key block) is imported from the reader: the import dialog shows its
// user ids and fingerprint and asks whose it is, like any other import.
import type { AttachmentInfo } from '../../../mail/types.js';
import type { BzPgpImportDialog } from '../../pgp/bz-pgp-import-dialog.js';

/** An armor header sits at the start; a little leading white space is tolerated. */
const SNIFF_BYTES = 128;
const KEY_ARMOR = /^\s*-----BEGIN PGP (PUBLIC|PRIVATE) KEY BLOCK-----/;

export function isKeyAttachment(a: AttachmentInfo): boolean {
  if (a.mimeType.toLowerCase() === 'application/pgp-keys') return true;
  const head = new TextDecoder('latin1').decode(a.content.subarray(0, SNIFF_BYTES));
  return KEY_ARMOR.test(head);
}

/**
 * Opens the keystore's import dialog on the attachment's bytes (loaded on first use, so a
 * message with a key costs nothing until the user asks). `root` keeps one dialog per list.
 */
export async function importKeyAttachment(root: ShadowRoot, a: AttachmentInfo): Promise<void> {
  await import('../../pgp/bz-pgp-import-dialog.js');
  let dialog = root.querySelector<BzPgpImportDialog>('bz-pgp-import-dialog');
  if (!dialog) {
    dialog = document.createElement('bz-pgp-import-dialog');
    root.append(dialog);
  }
  dialog.source = 'imported';
  dialog.input = a.content;
  await dialog.show();
}
