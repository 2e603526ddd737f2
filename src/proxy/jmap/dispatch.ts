// Runs a Request's method calls in order (RFC 8620 §3.3–3.7): result references are
// resolved against the responses so far, each call answers with its own response or an
// `["error", …]` invocation, and one failing call does not stop the next.
import type { Invocation, Request, Response } from '../../protocol/jmap-core.js';
import { CORE_CAPABILITY } from '../../protocol/jmap-core.js';
import { MAIL_CAPABILITY, SUBMISSION_CAPABILITY } from '../../protocol/jmap-mail.js';
import { QUOTA_CAPABILITY } from '../../protocol/jmap-quota.js';
import { resolveResultReferences } from '../../protocol/validate.js';
import { ImapAuthError, ImapUnavailableError, OtherAccountAuthError } from '../imap/pool.js';
import { UnsafeInputError } from '../security/crlf.js';
import { TLS_FAILURE_CODES, tlsFailureDetail, tlsFailureOf } from '../security/tls-policy.js';
import type { Logger } from '../security/redact.js';
import type { Args } from './args.js';
import type { JmapContext } from './context.js';
import { BLOB_CAPABILITY } from '../../protocol/jmap-blob.js';
import { blobGet, wantsOctets } from './blob-get.js';
import { DATA_AS_OCTETS, OCTETS_CAPABILITY } from '../../protocol/jmap-octets.js';
import { emailChanges } from './email-changes.js';
import { emailGet } from './email-get.js';
import { emailImport } from './email-import.js';
import { emailQuery } from './email-query.js';
import { emailSet } from './email-set.js';
import { invalidArguments, MethodError } from './errors.js';
import { mailboxChanges } from './mailbox-changes.js';
import { mailboxGet } from './mailbox-get.js';
import { mailboxSet } from './mailbox-set.js';
import { quotaChanges, quotaGet } from './quota-get.js';
import { identityChanges, identityGet } from './identity-get.js';
import { identitySet } from './identity-set.js';
import { emailSubmissionSet, followUpsOf } from './email-submission-set.js';
import { threadChanges } from './thread-changes.js';
import { threadGet } from './thread-get.js';
import { SHARE_CAPABILITY } from '../../protocol/jmap-share.js';
import { shareGet } from './share-get.js';
import { shareSet } from './share-set.js';
import { LISTS_CAPABILITY } from '../../protocol/jmap-lists.js';
import { sharedListGet } from './shared-list-get.js';
import { sharedListSet } from './shared-list-set.js';
import type { Backends } from './aggregate/backends.js';
import { AGGREGATE_METHODS } from './aggregate/methods.js';

type Method = (args: Args, ctx: JmapContext) => Promise<Args>;

/** RFC 8620 §4: Core/echo answers with its arguments (clients use it as a ping). */
const echo: Method = async (args) => args;

/** The phase-1 subset, with the capability each method needs in `using`. */
const METHODS: Readonly<Record<string, { capability: string; run: Method }>> = {
  'Core/echo': { capability: CORE_CAPABILITY, run: echo },
  'Mailbox/get': { capability: MAIL_CAPABILITY, run: mailboxGet },
  'Email/query': { capability: MAIL_CAPABILITY, run: emailQuery },
  'Email/get': { capability: MAIL_CAPABILITY, run: emailGet },
  'Email/set': { capability: MAIL_CAPABILITY, run: emailSet },
  'Mailbox/set': { capability: MAIL_CAPABILITY, run: mailboxSet },
  'Mailbox/changes': { capability: MAIL_CAPABILITY, run: mailboxChanges },
  'Email/changes': { capability: MAIL_CAPABILITY, run: emailChanges },
  'Email/import': { capability: MAIL_CAPABILITY, run: emailImport },
  'Thread/get': { capability: MAIL_CAPABILITY, run: threadGet },
  'Thread/changes': { capability: MAIL_CAPABILITY, run: threadChanges },
  // Served only to sessions whose provider has SMTP (routes.ts: capabilitiesFor).
  'Identity/get': { capability: SUBMISSION_CAPABILITY, run: identityGet },
  'Identity/changes': { capability: SUBMISSION_CAPABILITY, run: identityChanges },
  'Identity/set': { capability: SUBMISSION_CAPABILITY, run: identitySet },
  'EmailSubmission/set': { capability: SUBMISSION_CAPABILITY, run: emailSubmissionSet },
  // Served only when the IMAP server speaks QUOTA (quota-support.ts, RFC 9425).
  'Quota/get': { capability: QUOTA_CAPABILITY, run: quotaGet },
  'Blob/get': { capability: BLOB_CAPABILITY, run: blobGet },
  'Quota/changes': { capability: QUOTA_CAPABILITY, run: quotaChanges },
  // Buzón's sharing extension (ADR 0013): the user's own account only.
  'Share/get': { capability: SHARE_CAPABILITY, run: shareGet },
  'Share/set': { capability: SHARE_CAPABILITY, run: shareSet },
  // Server-kept contact lists (CONTACTS-5, ADR 0034): served where the IMAP server has ACL.
  'SharedList/get': { capability: LISTS_CAPABILITY, run: sharedListGet },
  'SharedList/set': { capability: LISTS_CAPABILITY, run: sharedListSet },
};

/** What a mailbox shared with the user offers (ADR 0013): mail, not sending, quota or shares. */
const SHARED_ACCOUNT_CAPABILITIES = new Set([CORE_CAPABILITY, MAIL_CAPABILITY, BLOB_CAPABILITY]);

/**
 * The context of the account a call names: the request's own, or a shared mailbox checked
 * with the server now (SHARED-3: a stopped share is `accountNotFound` at once).
 */
async function contextFor(args: Args, ctx: JmapContext, capability: string): Promise<JmapContext> {
  const accountId = args['accountId'];
  if (typeof accountId !== 'string' || accountId === ctx.accountId) return ctx;
  const target = await ctx.forAccount(accountId);
  if (target.scope.kind === 'shared' && !SHARED_ACCOUNT_CAPABILITIES.has(capability)) {
    throw new MethodError(
      'accountNotSupportedByMethod',
      'a mailbox shared with you offers mail only: its owner manages the rest',
    );
  }
  return target;
}

/** RFC 8620 §3.3: every `created` creation id → id is added to the request's createdIds. */
function recordCreated(result: Args, createdIds: Record<string, string>): void {
  const created = result['created'];
  if (typeof created !== 'object' || created === null || Array.isArray(created)) return;
  for (const [creationId, object] of Object.entries(created as Record<string, unknown>)) {
    const id = (object as { id?: unknown } | null)?.id;
    if (typeof id === 'string') createdIds[creationId] = id;
  }
}

/**
 * RFC 8620 §5.3: in a /set's `create`, a property value "#creationId" names an object
 * created earlier in this request (e.g. an EmailSubmission's emailId "#draft" after
 * Email/import). Unknown references are left for the method to refuse.
 */
function resolveCreationRefs(args: Args, createdIds: Record<string, string>): Args {
  const create = args['create'];
  if (typeof create !== 'object' || create === null || Array.isArray(create)) return args;
  const resolved: Record<string, unknown> = {};
  for (const [creationId, object] of Object.entries(create as Record<string, unknown>)) {
    if (typeof object !== 'object' || object === null || Array.isArray(object)) {
      resolved[creationId] = object;
      continue;
    }
    resolved[creationId] = Object.fromEntries(
      Object.entries(object as Record<string, unknown>).map(([key, value]) => {
        const ref = typeof value === 'string' && value.startsWith('#') ? value.slice(1) : null;
        return [key, ref !== null && Object.hasOwn(createdIds, ref) ? createdIds[ref] : value];
      }),
    );
  }
  return { ...args, create: resolved };
}

function errorOf(err: unknown, log: Logger, method: string): MethodError {
  if (err instanceof MethodError) return err;
  if (err instanceof UnsafeInputError) return new MethodError('invalidArguments', err.message);
  if (err instanceof OtherAccountAuthError)
    return new MethodError(
      'serverUnavailable',
      `${err.message}: update it in Settings → IMAP accounts`,
    );
  if (err instanceof ImapUnavailableError) {
    // ADR 0033: a server whose TLS fails after sign-in (a new certificate, STARTTLS gone)
    // is named as such, not as unreachable: the user must learn why, and nothing was sent.
    const tls = tlsFailureOf(err);
    return tls === null
      ? new MethodError('serverUnavailable', 'the mail server cannot be reached')
      : new MethodError(TLS_FAILURE_CODES[tls], tlsFailureDetail(tls, 'The mail server'));
  }
  log.warn('jmap method failed', {
    method,
    error: err instanceof Error ? err.message : String(err),
  });
  return new MethodError('serverFail', 'the mail server refused or failed the request');
}

/**
 * Runs the request. `backends` holds the user's other IMAP accounts when they have some
 * (EXTERNAL-2, ADR 0016): calls on their own account then span those servers too.
 */
export async function dispatch(
  request: Request,
  ctx: JmapContext,
  sessionState: string,
  log: Logger,
  backends?: Backends,
): Promise<Response> {
  const responses: Invocation[] = [];
  const createdIds: Record<string, string> = { ...request.createdIds };
  for (const [name, rawArgs, callId] of request.methodCalls) {
    const method = Object.hasOwn(METHODS, name) ? METHODS[name] : undefined;
    if (!method || !request.using.includes(method.capability)) {
      responses.push([
        'error',
        { type: 'unknownMethod', description: `unknown method ${JSON.stringify(name)}` },
        callId,
      ]);
      continue;
    }
    const resolved = resolveResultReferences(rawArgs, responses);
    if (!resolved.ok) {
      responses.push(['error', { ...resolved.error }, callId]);
      continue;
    }
    try {
      const args = resolveCreationRefs(resolved.args, createdIds);
      // Bytes go out framed only in a request that says it reads the framing.
      if (name === 'Blob/get' && wantsOctets(args) && !request.using.includes(OCTETS_CAPABILITY))
        throw invalidArguments(`"${DATA_AS_OCTETS}" needs ${OCTETS_CAPABILITY} in "using"`);
      const target = await contextFor(args, ctx, method.capability);
      const aggregate = Object.hasOwn(AGGREGATE_METHODS, name)
        ? AGGREGATE_METHODS[name]
        : undefined;
      const result =
        backends && backends.all.length > 1 && target === ctx && aggregate
          ? await aggregate(args, backends)
          : await method.run(args, target);
      recordCreated(result, createdIds);
      responses.push([name, result, callId]);
      // RFC 8621 §7.5: the implicit Email/set answers with the same call id, right after.
      for (const [followName, followArgs] of followUpsOf(result)) {
        responses.push([followName, followArgs, callId]);
      }
    } catch (err) {
      // Not a per-call error: the whole session is over (the route answers 401).
      if (err instanceof ImapAuthError) throw err;
      const error = errorOf(err, log, name);
      responses.push(['error', { type: error.type, description: error.message }, callId]);
    }
  }
  const response: Response = { methodResponses: responses, sessionState };
  // §3.4: createdIds is in the response only when the request had it.
  if (request.createdIds !== undefined) response.createdIds = createdIds;
  return response;
}
