// What search knows of one message (SearchDoc), and the same message with its text
// fields tokenized once (PreparedDoc) so several queries, or several terms of one
// query, do not tokenize the body again.

import type { AddressField, TextField } from './ast.js';
import { foldText, foldTokens } from './normalize.js';

/** A name and address as search sees them (the same shape as mail/types.ts MailAddress). */
export interface SearchAddress {
  name: string;
  address: string;
}

/** One message, plain data: built from the stored summary, body text and keywords. */
export interface SearchDoc {
  subject: string;
  from: readonly SearchAddress[];
  to: readonly SearchAddress[];
  cc: readonly SearchAddress[];
  /** Plain text of the body; may be truncated (the index keeps only the first few KB). */
  body: string;
  /** IMAP/JMAP keywords as stored, e.g. `$seen`, `$flagged`, `$label1`, tag names. */
  keywords: readonly string[];
  mailboxId: string;
  /** The mailbox's display name, used for `in:` when no resolver is given. */
  mailboxName?: string;
  hasAttachment: boolean;
  /** Epoch ms. */
  receivedAt: number;
  /** Bytes. */
  size: number;
  /** X-Priority: 1 highest … 5 lowest, 3 normal. */
  priority: number;
}

/** Keywords whose presence or absence are the `is:` flags (RFC 8621 §4.1.1). */
export const SEEN_KEYWORD = '$seen';
export const FLAGGED_KEYWORD = '$flagged';

/**
 * A SearchDoc with its text tokenized lazily, field by field: a query about dates and
 * flags never tokenizes anything. Runs are kept apart (subject, each name, each address,
 * body) so a phrase never matches across two of them.
 */
export class PreparedDoc {
  readonly doc: SearchDoc;
  private readonly runs = new Map<TextField, readonly (readonly string[])[]>();
  private foldedKeywords: ReadonlySet<string> | null = null;

  constructor(doc: SearchDoc) {
    this.doc = doc;
  }

  /** The token runs of a field; `any` is all of them. */
  tokenRuns(field: TextField): readonly (readonly string[])[] {
    let runs = this.runs.get(field);
    if (runs === undefined) {
      runs = this.computeRuns(field);
      this.runs.set(field, runs);
    }
    return runs;
  }

  /** The folded whole addresses of an address field, for `from:ana@correo.es`. */
  addresses(field: AddressField): string[] {
    return this.doc[field].map((a) => foldText(a.address.trim()));
  }

  /** Keywords lower-cased: IMAP keywords are case-insensitive (RFC 3501 §9). */
  keywords(): ReadonlySet<string> {
    this.foldedKeywords ??= new Set(this.doc.keywords.map((k) => k.toLowerCase()));
    return this.foldedKeywords;
  }

  private computeRuns(field: TextField): readonly (readonly string[])[] {
    switch (field) {
      case 'subject':
        return [foldTokens(this.doc.subject)];
      case 'body':
        return [foldTokens(this.doc.body)];
      case 'from':
      case 'to':
      case 'cc':
        return this.doc[field].flatMap((a) => [foldTokens(a.name), foldTokens(a.address)]);
      case 'any':
        return (['subject', 'from', 'to', 'cc', 'body'] as const).flatMap((f) => this.tokenRuns(f));
    }
  }
}

export function prepareDoc(doc: SearchDoc | PreparedDoc): PreparedDoc {
  return doc instanceof PreparedDoc ? doc : new PreparedDoc(doc);
}
