// The methods whose answers span the user's other IMAP accounts (ADR 0016; Identity and
// EmailSubmission: ADR 0023). The rest — Quota, Share, Core/echo — stay the user's own
// account's.
import type { Args } from '../args.js';
import type { Backends } from './backends.js';
import { aggregateMailboxChanges, aggregateMailboxGet, aggregateMailboxSet } from './mailboxes.js';
import {
  aggregateBlobGet,
  aggregateEmailChanges,
  aggregateEmailGet,
  aggregateEmailQuery,
  aggregateThreadChanges,
  aggregateThreadGet,
} from './reads.js';
import {
  aggregateEmailSubmissionSet,
  aggregateIdentityChanges,
  aggregateIdentityGet,
  aggregateIdentitySet,
} from './sending.js';
import { aggregateEmailImport, aggregateEmailSet } from './writes.js';

export type AggregateMethod = (args: Args, backends: Backends) => Promise<Args>;

export const AGGREGATE_METHODS: Readonly<Record<string, AggregateMethod>> = {
  'Mailbox/get': aggregateMailboxGet,
  'Mailbox/changes': aggregateMailboxChanges,
  'Mailbox/set': aggregateMailboxSet,
  'Email/query': aggregateEmailQuery,
  'Email/get': aggregateEmailGet,
  'Email/changes': aggregateEmailChanges,
  'Email/set': aggregateEmailSet,
  'Email/import': aggregateEmailImport,
  'Thread/get': aggregateThreadGet,
  'Thread/changes': aggregateThreadChanges,
  'Blob/get': aggregateBlobGet,
  'Identity/get': aggregateIdentityGet,
  'Identity/changes': aggregateIdentityChanges,
  'Identity/set': aggregateIdentitySet,
  'EmailSubmission/set': aggregateEmailSubmissionSet,
};
