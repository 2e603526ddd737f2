// SPAM-2: which folder of another IMAP account is its Spam folder. The proxy drops the
// roles of another account's folders (ADR 0016), so it is known by name: the names mail
// servers and clients give it (Dovecot and Thunderbird "Junk", Gmail "Spam", Outlook
// "Junk E-mail", Yahoo "Bulk Mail", Spanish clients "Correo no deseado"). Pure.

/** Lower-cased, accent-free names of a Spam folder. */
const JUNK_FOLDER_NAMES: ReadonlySet<string> = new Set([
  'spam',
  'junk',
  'junk e-mail',
  'junk email',
  'junk mail',
  'bulk mail',
  'correo no deseado',
  'correo basura',
]);

/** True for a folder name that means Spam (any case, accents ignored). */
export function isJunkFolderName(name: string): boolean {
  const folded = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .trim()
    .toLowerCase();
  return JUNK_FOLDER_NAMES.has(folded);
}
