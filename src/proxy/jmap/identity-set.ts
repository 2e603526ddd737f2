// Identity/set (RFC 8621 §6.3): the user's names, reply-to, signatures and extra
// plus-address identities, and Buzón's `isDefault`, written to METADATA in one SETMETADATA
// per call. `email` is immutable; the sign-in identity and each other account's own
// address (EXTERNAL-3) cannot be destroyed.
import { randomBytes } from 'node:crypto';
import type { SetError } from '../../protocol/jmap-methods.js';
import {
  addressList,
  lineText,
  MAX_HTML_SIGNATURE_CHARS,
  MAX_IDENTITIES,
  MAX_NAME_CHARS,
  MAX_TEXT_SIGNATURE_CHARS,
  signatureText,
} from '../identities/model.js';
import type { StoredIdentities, StoredIdentity } from '../identities/model.js';
import { writeIdentities } from '../identities/store.js';
import { MetadataUnsupportedError } from '../pop3/metadata.js';
import { checkAccount } from './args.js';
import type { Args } from './args.js';
import type { JmapContext } from './context.js';
import { MethodError } from './errors.js';
import {
  hiddenIdentities,
  identitiesFrom,
  identityState,
  storedIdentities,
} from './identity-get.js';
import { wireId } from './aggregate/backends.js';
import { ownSenders, senderForAddress } from './senders.js';
import type { Sender } from './senders.js';
import type { BuzonIdentity } from './identity-get.js';
import { checkIfInState, emptyOutcome, parseSetArgs, setError, setResponse } from './set-args.js';

const SETTABLE = new Set([
  'name',
  'email',
  'replyTo',
  'bcc',
  'textSignature',
  'htmlSignature',
  'isDefault',
]);

type Patch = Partial<Omit<StoredIdentity, 'id'>> & { isDefault?: boolean };

const invalid = (property: string, description: string): SetError =>
  setError('invalidProperties', description, [property]);

/** Checks the properties a create or update sets; `email` only on create. */
function checkPatch(
  value: unknown,
  creating: boolean,
  senders: readonly Sender[],
): Patch | SetError {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return setError('invalidProperties', 'an identity must be an object');
  const v = value as Record<string, unknown>;
  const unknown = Object.keys(v).filter((k) => !SETTABLE.has(k));
  if (unknown.length > 0) return setError('invalidProperties', 'server-set or unknown', unknown);
  const patch: Patch = {};
  if ('email' in v) {
    if (!creating) return invalid('email', 'the address of an identity cannot change');
    if (typeof v['email'] !== 'string' || !senderForAddress(senders, v['email']))
      return setError(
        'forbiddenFrom',
        `you may only send as ${senders.map((s) => s.address).join(', ')} or their plus-addresses`,
        ['email'],
      );
    patch.email = v['email'];
  } else if (creating) return invalid('email', 'a new identity needs an address');
  if ('name' in v) {
    const name = lineText(v['name'], MAX_NAME_CHARS);
    if (name === null) return invalid('name', `one line of at most ${MAX_NAME_CHARS} characters`);
    patch.name = name;
  }
  for (const key of ['replyTo', 'bcc'] as const) {
    if (!(key in v)) continue;
    const list = addressList(v[key]);
    if (list === undefined) return invalid(key, 'a list of valid addresses, or null');
    patch[key] = list;
  }
  const signatures = [
    ['textSignature', MAX_TEXT_SIGNATURE_CHARS],
    ['htmlSignature', MAX_HTML_SIGNATURE_CHARS],
  ] as const;
  for (const [key, max] of signatures) {
    if (!(key in v)) continue;
    const text = signatureText(v[key], max);
    if (text === null) return invalid(key, `text of at most ${max} characters`);
    patch[key] = text;
  }
  if ('isDefault' in v) {
    if (v['isDefault'] !== true) return invalid('isDefault', 'only true: choose another default');
    patch.isDefault = true;
  }
  return patch;
}

function strip(identity: BuzonIdentity): StoredIdentity {
  const { id, name, email, replyTo, bcc, textSignature, htmlSignature } = identity;
  return { id, name, email, replyTo, bcc, textSignature, htmlSignature };
}

/** Identity/set; `senders` spans the user's other accounts when they have some. */
export async function identitySet(
  args: Args,
  ctx: JmapContext,
  senders: readonly Sender[] = ownSenders(ctx),
): Promise<Args> {
  checkAccount(args, ctx);
  const request = parseSetArgs(args);
  const able = senders.filter((s) => s.smtp !== undefined);
  const saved = await storedIdentities(ctx);
  const before = identitiesFrom(ctx, saved, able);
  const oldState = identityState(before);
  checkIfInState(request.ifInState, oldState);
  const outcome = emptyOutcome();
  const list = before.map(strip);
  let defaultId = before.find((i) => i.isDefault)?.id ?? null;

  for (const [creationId, value] of Object.entries(request.create)) {
    const patch = checkPatch(value, true, able);
    if ('type' in patch) {
      outcome.notCreated[creationId] = patch;
      continue;
    }
    if (list.length >= MAX_IDENTITIES) {
      outcome.notCreated[creationId] = setError(
        'overQuota',
        `at most ${MAX_IDENTITIES} identities`,
      );
      continue;
    }
    const { isDefault, ...fields } = patch;
    const email = fields.email as string;
    // The id names the account it sends through (senders.ts).
    const sender = senderForAddress(able, email) as Sender;
    const id = wireId(sender.key, `I${randomBytes(12).toString('base64url')}`);
    list.push({
      id,
      name: '',
      email,
      replyTo: null,
      bcc: null,
      textSignature: '',
      htmlSignature: '',
      ...fields,
    });
    if (isDefault) defaultId = id;
    outcome.created[creationId] = { id, mayDelete: true };
  }
  for (const [id, value] of Object.entries(request.update)) {
    const at = list.findIndex((i) => i.id === id);
    if (at < 0) {
      outcome.notUpdated[id] = setError('notFound', 'no such identity');
      continue;
    }
    const patch = checkPatch(value, false, able);
    if ('type' in patch) {
      outcome.notUpdated[id] = patch;
      continue;
    }
    const { isDefault, ...fields } = patch;
    list[at] = { ...(list[at] as StoredIdentity), ...fields };
    if (isDefault) defaultId = id;
    outcome.updated[id] = null;
  }
  const loginId = before[0]?.id;
  const fixed = new Set(before.filter((i) => !i.mayDelete).map((i) => i.id));
  for (const id of request.destroy) {
    const at = list.findIndex((i) => i.id === id);
    if (at < 0) outcome.notDestroyed[id] = setError('notFound', 'no such identity');
    else if (fixed.has(id))
      outcome.notDestroyed[id] = setError(
        'forbidden',
        id === loginId
          ? 'the sign-in address cannot be removed'
          : "an account's own address goes with the account: remove it in Settings → IMAP accounts",
      );
    else {
      list.splice(at, 1);
      if (defaultId === id) defaultId = null;
      outcome.destroyed.push(id);
    }
  }

  // What is not offered now (another account's, while it cannot be reached) is kept as is.
  const stored: StoredIdentities = {
    defaultId: defaultId === loginId ? null : defaultId,
    list: [...list, ...hiddenIdentities(saved, before)],
  };
  const changed =
    Object.keys(outcome.created).length +
    Object.keys(outcome.updated).length +
    outcome.destroyed.length;
  if (changed > 0) {
    try {
      await writeIdentities((work) => ctx.imap((client, cache) => work(client, cache)), stored);
    } catch (err) {
      if (err instanceof MetadataUnsupportedError)
        throw new MethodError('forbidden', 'this mail server cannot keep identities (no METADATA)');
      throw err;
    }
  }
  const newState = changed > 0 ? identityState(identitiesFrom(ctx, stored, able)) : oldState;
  return setResponse(ctx.accountId, oldState, newState, outcome);
}
