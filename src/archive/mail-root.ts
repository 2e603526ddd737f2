// Decides which entries of a zip are the mail to import. IMPORT-1: the mail lives in a
// `mail/` folder, its subfolders being mail folders. Zips made by hand often differ, so:
// 1. a top-level folder named `mail` (any case) is the root; everything else is ignored;
// 2. else, when every entry sits in one top-level folder holding a `mail` folder (the user
//    zipped the folder around `mail/`), that `<folder>/mail/` is the root;
// 3. else the top level itself is treated as `mail/`, so a zip of loose .eml files or of
//    folders of .eml files still imports (its top-level folders become mail folders).
// Operating-system litter (__MACOSX/, .DS_Store, ._AppleDouble, Thumbs.db, desktop.ini) is
// ignored wherever it is.

export interface NamedPath {
  folderPath: string[];
  fileName: string;
}

const JUNK_FILES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini']);
const ROOT_NAME = 'mail';
const MESSAGE_EXTENSION = /\.eml$/iu;
const ARCHIVE_EXTENSION = /\.(zip|7z|rar|tar|gz|tgz|bz2|xz|zst)$/iu;

export const NESTED_ARCHIVE_REASON =
  'Archives inside the archive are not opened. Unpack it and import it on its own.';
export const NOT_A_MESSAGE_REASON =
  'Not an .eml message file; only .eml files are imported from a zip.';

export function isJunk(p: NamedPath): boolean {
  const name = p.fileName.toLowerCase();
  return (
    JUNK_FILES.has(name) ||
    name.startsWith('._') ||
    p.folderPath.some((f) => f.toLowerCase() === '__macosx')
  );
}

/** The folder names (from the top of the zip) of the mail root; [] = the top level. */
export function findMailRoot(paths: readonly NamedPath[]): string[] {
  let sharedTop: string | null | undefined;
  let nestedRoot: string[] | null = null;
  for (const p of paths) {
    const top = p.folderPath[0];
    if (top !== undefined && top.toLowerCase() === ROOT_NAME) return [top];
    const sub = p.folderPath[1];
    if (top !== undefined && sub !== undefined && sub.toLowerCase() === ROOT_NAME)
      nestedRoot ??= [top, sub];
    if (sharedTop === undefined) sharedTop = top ?? null;
    else if (sharedTop !== (top ?? null)) sharedTop = null;
  }
  if (nestedRoot && sharedTop !== null && sharedTop !== undefined) return nestedRoot;
  return [];
}

/** Case-insensitive: "Mail/" and "mail/" both count, the same as the root was found. */
export function underRoot(p: NamedPath, root: readonly string[]): boolean {
  if (p.folderPath.length < root.length) return false;
  return root.every((name, i) => p.folderPath[i]?.toLowerCase() === name.toLowerCase());
}

/** Null when the file is a message; otherwise why it is refused. */
export function refuseNonMessage(fileName: string): string | null {
  if (MESSAGE_EXTENSION.test(fileName)) return null;
  if (ARCHIVE_EXTENSION.test(fileName)) return NESTED_ARCHIVE_REASON;
  return NOT_A_MESSAGE_REASON;
}
