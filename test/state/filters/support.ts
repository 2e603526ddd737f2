// Filters tests' world: the real services over a fresh fake-indexeddb database, messages put
// in folders through the store, and small helpers to read where they ended up.
import { harness, first } from '../support/services.js';
import { seedRaw } from '../support/seed.js';
import type { Filter } from '../../../src/filters/model.js';
import type { FilterService } from '../../../src/state/filter-types.js';
import type { BuzonDb } from '../../../src/store/db.js';

export { first };

export async function filterHarness() {
  const h = await harness();
  const loader = h.services.filters;
  if (!loader) throw new Error('no filter service');
  const filters: FilterService = await loader();
  return { ...h, filters };
}

let serial = 0;
/** A small real message; `extra` are header lines. */
export function eml(subject: string, from = 'Shop <shop@example.net>', body = 'Hola.'): Uint8Array {
  serial++;
  return new TextEncoder().encode(
    [
      `From: ${from}`,
      'To: me@example.org',
      `Subject: ${subject}`,
      `Message-ID: <t${serial}.${Date.now()}@example.net>`,
      `Date: Mon, 2 Feb 2026 10:${String(serial % 60).padStart(2, '0')}:00 +0000`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '',
    ].join('\r\n'),
  );
}

export async function put(db: BuzonDb, folderId: string, subjects: string[]): Promise<string[]> {
  return seedRaw(
    db,
    folderId,
    subjects.map((s) => eml(s)),
  );
}

/** Subjects in a folder, sorted. */
export async function subjectsIn(db: BuzonDb, folderId: string): Promise<string[]> {
  const rows = (await db.emails.toArray()).filter((r) => r.mailboxId === folderId);
  return rows.map((r) => r.subject).sort();
}

export function filter(over: Partial<Filter> = {}): Filter {
  serial++;
  return {
    id: `f${serial}`,
    description: 'Invoices',
    active: true,
    join: 'all',
    conditions: [{ field: 'subject', op: 'contains', negate: false, value: 'invoice' }],
    actions: [{ type: 'tag', keyword: 'pagar' }],
    ...over,
  };
}
