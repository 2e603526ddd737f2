// DocumentService: the local documents store (archives, saved attachments, mail images).
import { sanitizeFilename } from '../mail/filename.js';
import type { BuzonDb } from '../store/db.js';
import { newId } from '../store/ids.js';
import {
  deleteDocument,
  getDocument,
  getDocumentData,
  observeDocuments,
  putDocument,
  putDocumentName,
} from '../store/repos/documents.js';
import { mapSubscribable } from './subscribable.js';
import type { DocumentInfo, DocumentService } from './types.js';

export function createDocumentService(db: BuzonDb, now: () => number): DocumentService {
  return {
    observeDocuments: () =>
      mapSubscribable(observeDocuments(db), (docs): DocumentInfo[] => docs.map((d) => ({ ...d }))),
    async saveDocument(name, mimeType, bytes, folder) {
      const doc: DocumentInfo = {
        id: newId(),
        name: sanitizeFilename(name, 'document'),
        folder,
        mimeType: mimeType || 'application/octet-stream',
        size: bytes.byteLength,
        createdAt: now(),
      };
      await putDocument(db, doc, bytes);
      return doc;
    },
    async getDocumentBlob(id) {
      const [doc, data] = await Promise.all([getDocument(db, id), getDocumentData(db, id)]);
      return new Blob([data as Uint8Array<ArrayBuffer>], { type: doc.mimeType });
    },
    renameDocument: (id, name) => putDocumentName(db, id, sanitizeFilename(name, 'document')),
    deleteDocument: (id) => deleteDocument(db, id),
  };
}
