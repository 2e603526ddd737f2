// The ComposeService (issue 4): builds what the user wrote into a message now — fixed
// Message-ID, MIME built in the browser — and puts it in the Outbox, which the sync
// engine sends after the undo window (sync/outbox.ts, ADR 0018). The Outbox lives in the
// account's database, so a message survives reloads and crashes until it is confirmed.
// This file wires the parts in compose/: who sends (senders.ts), how large a message may
// be (size.ts), how it is built (build.ts), saved drafts (saved-drafts.ts), the send path
// and the Outbox (send.ts), replies and read receipts (respond.ts), templates (templates.ts).
import { parseRecipients } from '../mail/recipients.js';
import type { MailParser } from '../mail/types.js';
import type { BuzonDb } from '../store/db.js';
import type { ComposeService } from './types.js';
import type { SenderIdentity } from './identity-types.js';
import type { PgpServiceLoader } from './pgp-types.js';
import { messageBuilder } from './compose/build.js';
import { draftMethods, draftStore } from './compose/saved-drafts.js';
import { respondMethods } from './compose/respond.js';
import { sendMethods } from './compose/send.js';
import type { LinkStore } from './compose/send.js';
import { senderMethods } from './compose/senders.js';
import type { SenderDeps } from './compose/senders.js';
import { sizeLimits } from './compose/size.js';
import type { SizeDeps } from './compose/size.js';
import { templateMethods } from './compose/templates.js';

export { UNDO_SEND_MS } from './compose/send.js';
export { MAX_MESSAGE_BYTES } from './compose/size.js';

/** What the service is made from; identities and the signature: SenderDeps; SMTP SIZE: SizeDeps. */
export interface ComposeDeps extends SenderDeps, SizeDeps {
  db: BuzonDb;
  /**
   * Summarizes a saved draft or template into its row (SEND-2, TEMPLATE-2) and parses a
   * template to use it; without it neither can be saved.
   */
  parser?: Pick<MailParser, 'summarize' | 'parse'>;
  /**
   * EXTERNAL-3: the identities read again from the server now (an account added on
   * another device since the cache was filled); fails offline.
   */
  freshIdentities?: () => Promise<SenderIdentity[]>;
  /** SEND-15: the proxy's link store (loaded on use); absent where links do not exist. */
  links?: () => Promise<LinkStore>;
  /** Asks the syncing tab to run (it then times the send for the end of the undo window). */
  requestSync?: () => void;
  /**
   * PGP-2/3: signs or encrypts a sent message whose draft asks for it (`draft.pgp`);
   * without it such a message is refused, never sent unprotected.
   */
  pgp?: PgpServiceLoader;
  now?: () => number;
  random?: () => string;
}

export function createComposeService(deps: ComposeDeps): ComposeService {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? (() => crypto.randomUUID());
  const { db, parser, requestSync } = deps;
  const who = senderMethods(deps);
  const { maxMessageBytes, checkSize } = sizeLimits(deps);
  const build = messageBuilder({
    identityOf: who.identityOf,
    requiredSignature: who.requiredSignature,
    pgp: deps.pgp,
  });
  const store = draftStore({ db, parser, now, random, build, checkSize });

  const service: ComposeService = {
    canSend: () => deps.account !== null,
    senders: who.senders,
    parseRecipients,
    maxMessageBytes,
    requiredSignature: who.requiredSignature,
    ...sendMethods({
      db,
      now,
      random,
      build,
      checkSize,
      dropDraft: store.dropDraft,
      links: deps.links,
      requestSync,
    }),
    ...respondMethods({
      db,
      now,
      random,
      build,
      // Asked of the service, as its methods asked `this.senders()`.
      senders: () => service.senders(),
      freshIdentities: deps.freshIdentities,
      requestSync,
    }),
    ...draftMethods({ store, senderOf: who.senderOf }),
    ...templateMethods({
      db,
      parser,
      now,
      storeComposed: store.storeComposed,
      senderOf: who.senderOf,
      respond: (original, mode) => service.respond(original, mode),
    }),
  };
  return service;
}
