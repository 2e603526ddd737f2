// What the PgpService is built over (PGP-1…5): the device's database (keys survive switching
// accounts and never go to a server), the PGP worker's client, and the mail parser that
// reads a decrypted entity.
import type { MailParser } from '../../mail/types.js';
import type { BuzonDb } from '../../store/db.js';
import type { PgpClient } from '../pgp-client.js';

export interface PgpServiceDeps {
  /** The local mailbox's database ("On this device"), never an account's. */
  db: BuzonDb;
  /**
   * PGP-4 (ADR 0031): the shown mailbox's database, where its messages, the decrypted copies
   * the user chose to keep and the search index live. Defaults to `db` (the local mailbox).
   */
  mailDb?: BuzonDb;
  client: PgpClient;
  parser: Pick<MailParser, 'parse'>;
  /**
   * PGP-1: the Web Key Directory's answer for an address (through the proxy): the key
   * bytes, null when none is published; throws when the lookup itself fails.
   */
  fetchWkd?: (address: string) => Promise<Uint8Array | null>;
  now?: () => number;
}

/** The deps with the clock resolved, as every part of the service uses them. */
export interface PgpContext extends Omit<PgpServiceDeps, 'now' | 'mailDb'> {
  now: () => number;
  mailDb: BuzonDb;
}
