// The ContactService contract (issue 4, CONTACTS-1): what elements may ask of the address
// book. Kept apart from state/types.ts, which other work edits; the same rules apply
// (plain data, no Dexie types, live data as Subscribable).
import type { Contact } from '../contacts/model.js';
import type { Suggestion } from '../contacts/suggest-types.js';

export type { Suggestion };

export interface ContactService {
  /**
   * CONTACTS-1: at most `limit` (default MAX_SUGGESTIONS) addresses whose first name, last
   * name, a word of the name, or the address starts with what was typed — case- and
   * accent-insensitive, most often and most recently written-to first. '' gives none.
   */
  suggest(prefix: string, limit?: number): Promise<Suggestion[]>;
  /**
   * Builds the suggestion index now if it is missing or stale (~0.2 s for 20,000 addresses),
   * so the first keystroke does not wait: a recipient field calls it when it takes focus.
   */
  prepare(): Promise<void>;
  listContacts(): Promise<Contact[]>;
  getContact(id: string): Promise<Contact | undefined>;
  /** Adds or replaces the card with this id; `updatedAt` is set now. Returns the id. */
  putContact(contact: Omit<Contact, 'id' | 'updatedAt'> & { id?: string }): Promise<string>;
  deleteContact(id: string): Promise<void>;
  /** The contacts holding this address (any case): CONTACTS-3 "Add to a contact". */
  findByAddress(address: string): Promise<Contact[]>;
  /** Stops watching the database (a signed-out account, a test's end). */
  close(): void;
}

/**
 * How elements reach the ContactService: a loader, because the service and its index load
 * on first use (the start-up bundle's budget). Calling it again returns the same service.
 */
export type ContactServiceLoader = () => Promise<ContactService>;
