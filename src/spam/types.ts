// The spam module's plain-data contracts (SPAM-1, SPAM-2). Pure: no DOM, no storage, no
// network; what the tokenizer reads is built from a parsed message by from-parsed.ts.

/** What the user (or the corpus) says a message is. */
export type SpamLabel = 'ham' | 'spam';

/** The classifier's three-way answer: 'unsure' mail stays in the Inbox. */
export type ClassifierVerdict = SpamLabel | 'unsure';

/** One header field as it arrived (name case as sent, value unfolded). */
export interface SpamHeader {
  key: string;
  value: string;
}

/** A parsed message reduced to what spam detection reads. */
export interface SpamInput {
  /** Every header field in document order, duplicates included. */
  headers: SpamHeader[];
  subject: string;
  /** The From address (empty when missing) and display name. */
  fromAddress: string;
  fromName: string;
  /** The body as plain text (from the HTML part when there is no text part). */
  text: string;
  /** The HTML body, when there is one: its markup carries clues the text does not. */
  html?: string;
  /** Link targets found in the HTML (href/src); links in `text` are found by the tokenizer. */
  urls?: string[];
  attachments: { filename: string; mimeType: string }[];
}
