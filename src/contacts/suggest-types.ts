// What autosuggest (CONTACTS-1) reads and answers. Structural on purpose: a full address-book
// `Contact` (contacts/model.ts) is a SuggestContact, and the store's correspondent rows are
// SuggestCorrespondents, so the index depends on nothing but the fields it ranks by.

/** The part of a contact that suggestion matches on. */
export interface SuggestContact {
  id: string;
  firstName: string;
  lastName: string;
  organization: string;
  emails: readonly { address: string }[];
}

/**
 * An address the user wrote to (or saw in mail): the frequency/recency source.
 * `weight` is the count of messages written to it, each decayed by its age at `lastAt`
 * (see suggest.ts); 0 with `count` 0 for an address only seen.
 */
export interface SuggestCorrespondent {
  /** Lower case: the key that dedupes it against a contact's address. */
  address: string;
  /** The display name last seen with it ('' when none). */
  name: string;
  count: number;
  weight: number;
  /** Epoch ms of the last message written to it; 0 = never written to. */
  lastAt: number;
}

/** One line of the dropdown: who, and the single address picking it inserts. */
export interface Suggestion {
  /** '' when nobody's name is known; shown as text, never HTML. */
  name: string;
  address: string;
  /** The contact this address belongs to, null for a correspondent only. */
  contactId: string | null;
}
