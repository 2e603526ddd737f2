// Where server-kept contact lists live (CONTACTS-5, ADR 0034): one folder per list under a
// root folder of the owner's own mailbox. Every listing of mail folders leaves this tree
// out (imap/shared-namespace.ts listScope), so it is never mail, in any account.

/** The root folder's name (modified UTF-7 on the wire: `Buz&APM-n lists`). */
export const LISTS_ROOT = 'Buzón lists';

/** True for `base` + the lists root, or a folder under it (`base` '' = the personal root). */
export function isListsPath(path: string, delimiter: string, base = ''): boolean {
  const root = base === '' ? LISTS_ROOT : `${base}${delimiter}${LISTS_ROOT}`;
  return path === root || path.startsWith(root + delimiter);
}
