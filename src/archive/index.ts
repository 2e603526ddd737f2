// The archive layer's public surface. Note for bundling: read-zip and write-zip pull in
// JSZip; code on the app's first screen should import system-folders.js or zip-names.js
// directly, and reach the rest with a dynamic import().
export { openMailZip, readMailZipEntries } from './read-zip.js';
export type {
  MailZip,
  MailZipEntryInfo,
  MailZipItem,
  OpenMailZipOptions,
  ReadMailZipOptions,
  ZipRejection,
} from './read-zip.js';
export { ARCHIVE_ROOT, writeMailArchive } from './write-zip.js';
export type { ArchiveMessage, WriteMailArchiveOptions } from './write-zip.js';
export { archiveFileName, emlFileName, safeArchiveSegment } from './archive-names.js';
export {
  archiveFolderNameForRole,
  folderNameKey,
  systemRoleForFolderName,
  systemRoleForFolderPath,
} from './system-folders.js';
export {
  sanitizeEntryPath,
  printableName,
  MAX_ENTRY_NAME_LENGTH,
  MAX_FOLDER_DEPTH,
  MAX_SEGMENT_LENGTH,
} from './zip-names.js';
export type { SanitizedPath } from './zip-names.js';
export * from './zip-budget.js';
export { ArchiveWriteError, ZipBudgetError, ZipEntryError, ZipFormatError } from './errors.js';
