// The address book and the addresses the user writes to (issue 4, CONTACTS-1). The only
// code that reads and writes the `contacts` and `correspondents` tables.
import { liveQuery } from 'dexie';
import type { Contact } from '../../contacts/model.js';
import { addSend } from '../../contacts/suggest.js';
import type { Subscribable } from '../../state/observable.js';
import type { BuzonDb } from '../db.js';
import type { ContactRecord, CorrespondentRecord } from '../records.js';

/** A recipient as the Outbox and the composer hold it. */
export interface AddressSeen {
  name?: string;
  address: string;
}

/** The key of an address: trimmed, lower case (what `correspondents` and `emailKeys` hold). */
export function addressKey(address: string): string {
  return address.trim().toLowerCase();
}

function toRecord(c: Contact): ContactRecord {
  const keys = c.emails.map((e) => addressKey(e.address)).filter(Boolean);
  return { ...c, emailKeys: [...new Set(keys)] };
}

function toContact(r: ContactRecord): Contact {
  const contact: Partial<ContactRecord> = { ...r };
  delete contact.emailKeys;
  return contact as Contact;
}

export async function putContact(db: BuzonDb, contact: Contact): Promise<void> {
  await db.contacts.put(toRecord(contact));
}

export async function getContact(db: BuzonDb, id: string): Promise<Contact | undefined> {
  const r = await db.contacts.get(id);
  return r ? toContact(r) : undefined;
}

export async function deleteContact(db: BuzonDb, id: string): Promise<void> {
  await db.contacts.delete(id);
}

export async function listContacts(db: BuzonDb): Promise<Contact[]> {
  return (await db.contacts.toArray()).map(toContact);
}

/** The contacts holding `address` (any case): "Add to a contact" and dedupe on save. */
export async function findContactsByAddress(db: BuzonDb, address: string): Promise<Contact[]> {
  const rows = await db.contacts.where('emailKeys').equals(addressKey(address)).toArray();
  return rows.map(toContact);
}

export function listCorrespondents(db: BuzonDb): Promise<CorrespondentRecord[]> {
  return db.correspondents.toArray();
}

/** Distinct addresses of a message, the first name given for each kept. */
function distinct(list: readonly AddressSeen[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of list) {
    const key = addressKey(a.address);
    if (!key) continue;
    const name = (a.name ?? '').trim();
    if (!out.has(key) || (!out.get(key) && name)) out.set(key, name);
  }
  return out;
}

/**
 * CONTACTS-1: one message written to `recipients` at `at` (To, Cc and Bcc together; an
 * address named twice counts once). Bumps each address's count and decayed weight and keeps
 * the name it was written with. One transaction, so two tabs cannot lose a bump.
 */
export async function noteSent(
  db: BuzonDb,
  recipients: readonly AddressSeen[],
  at: number,
): Promise<void> {
  const wanted = distinct(recipients);
  if (wanted.size === 0) return;
  const keys = [...wanted.keys()];
  await db.transaction('rw', db.correspondents, async () => {
    const before = await db.correspondents.bulkGet(keys);
    const rows = keys.map((address, i): CorrespondentRecord => {
      const prev = before[i];
      const name = wanted.get(address) || prev?.name || '';
      return { address, name, count: (prev?.count ?? 0) + 1, ...addSend(prev, at) };
    });
    await db.correspondents.bulkPut(rows);
  });
}

/**
 * CONTACTS-1 "addresses seen in mail": adds addresses from received mail that are not
 * known yet (count 0, ranked after everyone written to) and fills in a missing name.
 * Never changes a count or a weight.
 */
export async function noteSeen(db: BuzonDb, addresses: readonly AddressSeen[]): Promise<void> {
  const wanted = distinct(addresses);
  if (wanted.size === 0) return;
  const keys = [...wanted.keys()];
  await db.transaction('rw', db.correspondents, async () => {
    const before = await db.correspondents.bulkGet(keys);
    const rows: CorrespondentRecord[] = [];
    keys.forEach((address, i) => {
      const prev = before[i];
      const name = wanted.get(address) ?? '';
      if (!prev) rows.push({ address, name, count: 0, weight: 0, lastAt: 0 });
      else if (!prev.name && name) rows.push({ ...prev, name });
    });
    if (rows.length > 0) await db.correspondents.bulkPut(rows);
  });
}

/**
 * Emits whenever a contact or a correspondent is added, changed or removed (in this tab or
 * another): the suggestion index is rebuilt on the next keystroke after it. Counts are the
 * cheapest read that makes Dexie watch every key of both tables.
 */
export function observeContactChanges(db: BuzonDb): Subscribable<readonly [number, number]> {
  return liveQuery(
    async () => [await db.contacts.count(), await db.correspondents.count()] as const,
  );
}
