// Identity and EmailSubmission over the user's other IMAP accounts (EXTERNAL-3, ADR 0023):
// the same methods as for the user's own account, given every account that can send.
// Identities stay in the user's own METADATA; a message is read from the account that
// holds it and leaves through its identity's account.
import type { Args } from '../args.js';
import { emailSubmissionSet } from '../email-submission-set.js';
import type { SubmissionScope } from '../email-submission-set.js';
import { identityChanges, identityGet } from '../identity-get.js';
import { identitySet } from '../identity-set.js';
import { sendersOf } from '../senders.js';
import type { Backends } from './backends.js';
import { splitId } from './backends.js';
import { aggregateEmailSet } from './writes.js';

export const aggregateIdentityGet = (args: Args, b: Backends): Promise<Args> =>
  identityGet(args, b.own, sendersOf(b));

export const aggregateIdentityChanges = (args: Args, b: Backends): Promise<Args> =>
  identityChanges(args, b.own, sendersOf(b));

export const aggregateIdentitySet = (args: Args, b: Backends): Promise<Args> =>
  identitySet(args, b.own, sendersOf(b));

export function aggregateEmailSubmissionSet(args: Args, b: Backends): Promise<Args> {
  const scope: SubmissionScope = {
    senders: sendersOf(b),
    emailAt(emailId) {
      const { key, inner } = splitId(emailId);
      const backend = b.get(key);
      return backend && inner !== null ? { ctx: backend.ctx, id: inner } : null;
    },
    emailSet: (implicit) => aggregateEmailSet(implicit, b),
  };
  return emailSubmissionSet(args, b.own, scope);
}
