// Schema v7: an Outbox message's built bytes move to a table of their own (`outboxBytes`,
// keyed like `outbox`). Each state change of a row (waiting → sending → sent) rewrote the
// whole record, and the Outbox view re-read every record — a 14 MB message was copied in
// IndexedDB about a second per send (measured by the compose bench). Rows stay small;
// bytes are read once, by the sender, and deleted with their row.
import type Dexie from 'dexie';
import { V6_STORES } from './0006-contact-lists.js';

export const V7_STORES = {
  ...V6_STORES,
  outboxBytes: 'id',
} as const;

export function declareV7(db: Dexie): void {
  db.version(7)
    .stores(V7_STORES)
    .upgrade(async (tx) => {
      const rows = (await tx.table('outbox').toArray()) as { id: string; raw?: Uint8Array }[];
      for (const row of rows) {
        if (!row.raw) continue;
        await tx.table('outboxBytes').put({ id: row.id, raw: row.raw });
        await tx
          .table('outbox')
          .where('id')
          .equals(row.id)
          .modify((r: { raw?: Uint8Array }) => {
            delete r.raw;
          });
      }
    });
}
