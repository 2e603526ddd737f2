// ARCHIVE-1: a .zip of .eml files in the folder structure, named by its date, kept in
// Documents when space allows, optionally followed by deleting the archived messages.
//
// Decisions (documented for the UI and the lead):
// - "all" and "older than" take the chosen folder only, not its subfolders, as the
//   folder's total does (FOLDER-5); each message sits under its full folder path from
//   the root (system folders by their archive names), so importing the zip puts it back
//   where it was. "selected" may span folders; each keeps its own path.
// - "older than" compares the list date (receivedAt, the Date header for imports).
// - "delete after" moves the messages to Trash (in Trash: for good), so a mistake can
//   still be undone for 7 days; it runs only after the zip exists.
// - A full disk while keeping the zip is not a failure: the result says stored=false and
//   carries the bytes for download.
import { archiveFileName, emlFileName } from '../../archive/archive-names.js';
import type { ArchiveMessage } from '../../archive/write-zip.js';
import { archiveFolderNameForRole } from '../../archive/system-folders.js';
import type { BuzonDb } from '../../store/db.js';
import { StorageFullError } from '../../store/errors.js';
import { TRASH_ID, byIdMap, isInTrash } from '../../store/folder-rules.js';
import { newId } from '../../store/ids.js';
import type { EmailRecord, MailboxRecord } from '../../store/records.js';
import { putDocument } from '../../store/repos/documents.js';
import { listEmailIdsInMailbox } from '../../store/repos/email-query.js';
import { getBodiesFor } from '../../store/repos/bodies.js';
import { deleteEmailsForever, getEmails, moveEmails } from '../../store/repos/emails.js';
import { getMailbox, listMailboxes } from '../../store/repos/mailboxes.js';
import type { ArchiveRequest, ArchiveResult, DocumentInfo, JobOptions } from '../types.js';
import { loadZipWriter } from './zip-modules.js';

/**
 * Messages read from the store at a time while zipping. Why 100: bounds the rows and
 * bodies held besides the growing zip, with few enough transactions to stay fast.
 */
const ARCHIVE_READ_CHUNK = 100;

export class NothingToArchiveError extends Error {
  override name = 'NothingToArchiveError';
  constructor() {
    super('There are no messages to archive.');
  }
}

/** Folder names from the root as the archive writes them (system folders by role). */
export function archivePath(byId: ReadonlyMap<string, MailboxRecord>, id: string): string[] {
  const names: string[] = [];
  let cur = byId.get(id);
  for (let steps = 0; cur && steps < 1000; steps++) {
    names.unshift(cur.role ? archiveFolderNameForRole(cur.role) : cur.name);
    cur = cur.parentId === null ? undefined : byId.get(cur.parentId);
  }
  return names;
}

async function idsFor(db: BuzonDb, req: ArchiveRequest): Promise<string[]> {
  switch (req.scope.kind) {
    case 'selected':
      return [...req.scope.ids];
    case 'all':
      return listEmailIdsInMailbox(db, req.folderId);
    case 'older-than':
      return listEmailIdsInMailbox(db, req.folderId, req.scope.before);
  }
}

export async function createArchive(
  db: BuzonDb,
  now: () => number,
  req: ArchiveRequest,
  opts: JobOptions = {},
): Promise<ArchiveResult> {
  await getMailbox(db, req.folderId);
  const byId = byIdMap(await listMailboxes(db));
  const ids = await idsFor(db, req);
  if (ids.length === 0) throw new NothingToArchiveError();
  const archived: EmailRecord[] = [];

  async function* messages(): AsyncGenerator<ArchiveMessage> {
    let index = 0;
    for (let i = 0; i < ids.length; i += ARCHIVE_READ_CHUNK) {
      const chunk = ids.slice(i, i + ARCHIVE_READ_CHUNK);
      const rows = await getEmails(db, chunk);
      const bodies = await getBodiesFor(db, rows);
      for (let j = 0; j < chunk.length; j++) {
        const row = rows[j];
        const body = bodies[j];
        if (!row || !body) continue;
        index++;
        archived.push(row);
        yield {
          folderPath: archivePath(byId, row.mailboxId),
          fileName: emlFileName(index, row.subject, new Date(row.sentAt ?? row.receivedAt)),
          bytes: body,
          date: new Date(row.receivedAt),
        };
        opts.onProgress?.({ done: index, total: ids.length, label: row.subject });
      }
    }
  }

  const { writeMailArchive } = await loadZipWriter();
  const bytes = await writeMailArchive(messages(), { signal: opts.signal });
  if (archived.length === 0) throw new NothingToArchiveError();
  const doc: DocumentInfo = {
    id: newId(),
    name: archiveFileName(new Date(now())),
    folder: 'archives',
    mimeType: 'application/zip',
    size: bytes.byteLength,
    createdAt: now(),
  };
  let stored = true;
  try {
    await putDocument(db, doc, bytes);
  } catch (err) {
    if (!(err instanceof StorageFullError)) throw err;
    stored = false;
  }
  if (req.deleteAfter) await deleteArchived(db, byId, archived, now());
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
  return { ...doc, id: stored ? doc.id : '', stored, blob };
}

async function deleteArchived(
  db: BuzonDb,
  byId: ReadonlyMap<string, MailboxRecord>,
  rows: readonly EmailRecord[],
  at: number,
): Promise<void> {
  const forever = rows.filter((r) => isInTrash(byId, r.mailboxId)).map((r) => r.id);
  const toTrash = rows.filter((r) => !isInTrash(byId, r.mailboxId)).map((r) => r.id);
  if (forever.length > 0) await deleteEmailsForever(db, forever);
  if (toTrash.length > 0) await moveEmails(db, toTrash, TRASH_ID, at);
}
