// Documents (a local file store: archives, saved attachments, mail images). Metadata and
// bytes are separate tables so listing documents never loads a 200 MB archive.
import type { Subscribable } from '../../state/observable.js';
import type { BuzonDb } from '../db.js';
import { NotFoundError, storeCall } from '../errors.js';
import { observeQuery } from '../live.js';
import type { DocumentRecord } from '../records.js';
import { ownedBytes } from './emails.js';

export function observeDocuments(db: BuzonDb): Subscribable<DocumentRecord[]> {
  return observeQuery(() => db.documents.orderBy('createdAt').reverse().toArray());
}

/** Metadata and bytes in one transaction: a document is never listed without its data. */
export async function putDocument(
  db: BuzonDb,
  doc: DocumentRecord,
  data: Uint8Array,
): Promise<void> {
  await storeCall(() =>
    db.transaction('rw', db.documents, db.documentData, async () => {
      await db.documents.put(doc);
      await db.documentData.put({ id: doc.id, data: ownedBytes(data) });
    }),
  );
}

export async function getDocument(db: BuzonDb, id: string): Promise<DocumentRecord> {
  const doc = await storeCall(() => db.documents.get(id));
  if (!doc) throw new NotFoundError(`Document ${id} does not exist.`);
  return doc;
}

export async function getDocumentData(db: BuzonDb, id: string): Promise<Uint8Array> {
  const rec = await storeCall(() => db.documentData.get(id));
  if (!rec) throw new NotFoundError(`Document ${id} does not exist.`);
  return rec.data;
}

export async function putDocumentName(db: BuzonDb, id: string, name: string): Promise<void> {
  const n = await storeCall(() => db.documents.update(id, { name }));
  if (n === 0) throw new NotFoundError(`Document ${id} does not exist.`);
}

export async function deleteDocument(db: BuzonDb, id: string): Promise<void> {
  await storeCall(() =>
    db.transaction('rw', db.documents, db.documentData, async () => {
      await db.documents.delete(id);
      await db.documentData.delete(id);
    }),
  );
}
