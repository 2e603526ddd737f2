// SEND-7, SEND-16: the sender identities and the operator's sending policy, as the state
// layer offers them to the composer and to Settings.
import type { MailAddress } from '../mail/types.js';
import type { Subscribable } from './observable.js';

/** An address the user may send from, with what goes with it. */
export interface SenderIdentity extends MailAddress {
  /** The server's identity id; null for the sign-in address when the server gave no list. */
  id: string | null;
  /** Reply-To of messages sent as this identity (none: replies go to the address). */
  replyTo: MailAddress[];
  /** Addresses every message from this identity is Bcc'd to. */
  bcc: MailAddress[];
  /** Plain-text signature ('' when none); with a rich one, its faithful text. */
  signature: string;
  /**
   * SEND-16: rich signature as HTML ('' when none), images inline as data: URLs. It comes
   * back from the server: show it only through the rich editor's schema, never as HTML.
   */
  htmlSignature: string;
  isDefault: boolean;
  /** False for the sign-in address: it always stays. */
  mayDelete: boolean;
}

/** What the user edits of an identity. */
export interface IdentityInput {
  name: string;
  replyTo: MailAddress[];
  bcc: MailAddress[];
  signature: string;
  /** SEND-16: '' for a plain-text signature. */
  htmlSignature: string;
}

export interface IdentityService {
  /** The identities as last known here (default first); refreshed in the background. */
  list(): Promise<SenderIdentity[]>;
  /** The same, live (Settings shows changes from other devices after a refresh). */
  observe(): Subscribable<SenderIdentity[]>;
  /** Asks the server now; offline it keeps what is known. */
  refresh(): Promise<void>;
  /** Whether identities can be added and edited here (the server keeps them). */
  canEdit(): Promise<boolean>;
  /** SEND-7: a new identity for a plus-address of the sign-in address. Needs the network. */
  create(address: string, input: IdentityInput): Promise<void>;
  update(id: string, input: IdentityInput): Promise<void>;
  makeDefault(id: string): Promise<void>;
  remove(id: string): Promise<void>;
  /** SEND-16: the text the server requires at the end of every message; null: none. */
  mandatorySignature(): Promise<string | null>;
}

/** Loads the identity service on first use (start-up budget); absent without an account. */
export type IdentityServiceLoader = () => Promise<IdentityService>;

/** The server refused an identity change; `reason` is its description. */
export class IdentityRefusedError extends Error {
  constructor(
    readonly kind: 'forbiddenFrom' | 'invalid' | 'forbidden' | 'offline' | 'unsupported',
    message: string,
  ) {
    super(message);
    this.name = 'IdentityRefusedError';
  }
}
