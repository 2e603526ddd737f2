// The ContactService contract (issue 4, CONTACTS-1): what elements may ask of the address
// book. Kept apart from state/types.ts, which other work edits; the same rules apply
// (plain data, no Dexie types, live data as Subscribable).
import type {
  Contact,
  ContactList,
  ImportSkip,
  ListMember,
  PersonalData,
} from '../contacts/model.js';
import type { Suggestion } from '../contacts/suggest-types.js';
import type {
  ListGrant,
  SharedList,
  SharedListCreate,
  SharedListUpdate,
} from '../protocol/jmap-lists.js';
import type { MailAddress } from '../mail/types.js';
import type { Subscribable } from './observable.js';

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
  /** Every contact but the user's own card (SEND-14), in no particular order. */
  listContacts(): Promise<Contact[]>;
  getContact(id: string): Promise<Contact | undefined>;
  /** Adds or replaces the card with this id; `updatedAt` is set now. Returns the id. */
  putContact(contact: Omit<Contact, 'id' | 'updatedAt'> & { id?: string }): Promise<string>;
  deleteContact(id: string): Promise<void>;
  /** The contacts holding this address (any case): CONTACTS-3 "Add to a contact". */
  findByAddress(address: string): Promise<Contact[]>;
  /** Stops watching the database (a signed-out account, a test's end). */
  close(): void;

  // ---- the Contacts tool (CONTACTS-3, -4, -6) ----
  /** Every contact, sorted by displayed name (accent- and case-insensitive); live. */
  observeContacts(): Subscribable<Contact[]>;
  /** Every list, sorted by name; live. */
  observeLists(): Subscribable<ContactList[]>;
  /** CONTACTS-3 "Add to a contact": adds the address (an SMS/fax one as a phone number). */
  addToContact(id: string, correspondent: MailAddress): Promise<void>;
  /** CONTACTS-4. Returns the new list's id. */
  createList(name: string, members?: ListMember[]): Promise<string>;
  renameList(id: string, name: string): Promise<void>;
  setListMembers(id: string, members: ListMember[]): Promise<void>;
  /** Deletes the list only; its contacts stay. */
  deleteList(id: string): Promise<void>;
  /** What to put in To/Cc/Bcc for a list: SMS and fax members as `number@SMS` / `number@FAX`. */
  recipientsOf(listId: string): Promise<ListRecipients>;
  /** CONTACTS-4: the list as CSV (Name, Address, Phone, Kind), for a download. */
  exportList(listId: string): Promise<string>;
  /**
   * CONTACTS-6: reads a vCard or CSV file's text into the book. A card whose address is
   * already a contact's is merged into it (empty fields filled, nothing overwritten).
   * `onProgress` is told how many of the file's cards are written so far.
   */
  importContacts(
    text: string,
    kind: ContactFileKind,
    onProgress?: (done: number, total: number) => void,
  ): Promise<ContactImportReport>;
  /** CONTACTS-6: every contact as a vCard 4.0 or a Google-style CSV file's text. */
  exportContacts(kind: ContactFileKind): Promise<string>;

  // ---- CONTACTS-5: lists kept on the server and shared with named people ----
  /** True when the account's server keeps shared lists (never for the local mailbox). */
  sharedListsAvailable(): Promise<boolean>;
  /**
   * Reads the user's server lists and those shared with them into the book: new ones are
   * added, changed ones replaced, those gone (deleted, or no longer shared) removed. Throws
   * SharedListError ('offline') without the network; the cached lists stay usable.
   */
  refreshSharedLists(): Promise<void>;
  /**
   * Shares one of the user's lists with these people (the whole new set: [] stops sharing
   * with everyone; the list stays on the server). The first share moves a local list to the
   * server: its contact members become names and addresses. Only for the owner.
   */
  shareList(id: string, grants: ListGrant[]): Promise<void>;
  // renameList, setListMembers and deleteList of a server list go to the server first and
  // throw SharedListError when it refuses ('forbidden', 'notFound', 'invalid') or cannot be
  // reached ('offline'); nothing changes locally then.

  // ---- SEND-14: the user's own card (record MY_CARD_ID; left out of every view above) ----
  /** The user's personal data, or null when it was never filled in. */
  getMyCard(): Promise<PersonalData | null>;
  /** Replaces the user's card; `updatedAt` is set now; notes and tags are never kept. */
  setMyCard(p: PersonalData): Promise<void>;
  /**
   * The user's card as a vCard 4.0 file to attach ("Ana Pérez.vcf"), without NOTE or
   * CATEGORIES; null when there is no card or it names nobody.
   */
  myVcard(): Promise<{ filename: string; text: string } | null>;
}

export type ContactFileKind = 'vcard' | 'csv';

export interface ContactImportReport {
  /** New contacts. */
  added: number;
  /** Cards whose address was already a contact's: merged into it. */
  merged: number;
  /** Cards or rows left out, with why. */
  skipped: ImportSkip[];
}

export interface ListRecipients {
  recipients: MailAddress[];
  /** Members that cannot be written to (their contact is gone, or lost that address). */
  unreachable: number;
}

/**
 * How elements reach the ContactService: a loader, because the service and its index load
 * on first use (the start-up bundle's budget). Calling it again returns the same service.
 */
export type ContactServiceLoader = () => Promise<ContactService>;

/** Why a server list could not be read or changed; `message` is for the user. */
export type SharedListFailure = 'offline' | 'forbidden' | 'notFound' | 'invalid' | 'unavailable';

export class SharedListError extends Error {
  override name = 'SharedListError';
  constructor(
    readonly reason: SharedListFailure,
    message: string,
  ) {
    super(message);
  }
}

/**
 * CONTACTS-5: how the ContactService reaches the server's lists (src/sync/shared-lists.ts over
 * the proxy's SharedList/* methods). Every call throws SharedListError on failure.
 */
export interface SharedListSource {
  get(): Promise<SharedList[]>;
  create(input: SharedListCreate): Promise<SharedList>;
  update(id: string, patch: SharedListUpdate): Promise<SharedList>;
  destroy(id: string): Promise<void>;
}
