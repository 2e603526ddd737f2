// EmailSubmission/set (RFC 8621 §7.5) in the IMAP facade: sends an Email the client built,
// uploaded and imported, through the provider's SMTP server with the session's own
// credentials — or, for an identity of another IMAP account (EXTERNAL-3, ADR 0023),
// through that account's SMTP server with its credentials, its copy kept in its Sent. The proxy neither builds nor rewrites the message (ARCHITECTURE § Wire
// protocol) — it only removes Bcc fields — and sends at once (undoStatus `final`). On
// success it runs the implicit Email/set of onSuccessUpdateEmail/onSuccessDestroyEmail,
// answered after this call's response with the same call id (dispatch.ts).
import type { DeliveryStatus, EmailSubmission, Identity } from '../../protocol/jmap-mail.js';
import type { SetError, SetErrorType } from '../../protocol/jmap-methods.js';
import { isId } from '../../protocol/validate.js';
import { randomBytes } from 'node:crypto';
import { verifyImapLogin } from '../auth/imap-login.js';
import { fetchSources } from '../imap/messages.js';
import { ImapAuthError } from '../imap/pool.js';
import { SlidingWindowLimiter } from '../security/rate-limit.js';
import { tlsFailureOf } from '../security/tls-policy.js';
import type { TlsFailure } from '../security/tls-policy.js';
import { deriveEnvelope, parseEnvelope } from '../smtp/envelope.js';
import { postToWebhook, routeRecipients } from '../smtp/gateways.js';
import { addressesIn, headerFields, withoutBcc } from '../smtp/message.js';
import {
  SmtpAuthError,
  SmtpRefusedError,
  SmtpTooLargeError,
  SmtpUnavailableError,
  submitMessage,
} from '../smtp/transport.js';
import type { SmtpEnvelope } from '../smtp/transport.js';
import { checkAccount } from './args.js';
import type { Args } from './args.js';
import type { JmapContext } from './context.js';
import { inMailbox, locate } from './email-index.js';
import { emailSet } from './email-set.js';
import { invalidArguments, MethodError } from './errors.js';
import { loadIdentities } from './identity-get.js';
import { carriesSignature } from '../../protocol/jmap-policy.js';
import { OWN } from './aggregate/backends.js';
import { sentToSendersAccount } from './sent-copy.js';
import { ownSenders, senderOfIdentity } from './senders.js';
import type { Sender } from './senders.js';
import { emptyOutcome, parseSetArgs, setError, setResponse } from './set-args.js';

/** RFC 8621 §7 maxSize for submission: the same 50 MiB as maxSizeUpload (blob-store.ts). */
export const MAX_SUBMISSION_SIZE = 50 * 1024 * 1024;
/** Sends per session per minute: a person never comes near; a stolen session cannot spam. */
export const SUBMISSIONS_PER_MINUTE = 30;
const limiter = new SlidingWindowLimiter(SUBMISSIONS_PER_MINUTE, 60_000);

/** Responses that follow this call's response with the same call id (RFC 8621 §7.5). */
export const FOLLOW_UPS = Symbol('follow-up method responses');
export type FollowUp = [name: string, args: Args];

const CLIENT_SETTABLE = new Set(['identityId', 'emailId', 'envelope', 'undoStatus']);

/** The submission state: it never changes for a client, as nothing stays pending. */
const STATE = 'u0';

/** The message bytes of `emailId` from IMAP (located afresh once if the index is stale). */
async function rawOf(ctx: JmapContext, emailId: string): Promise<Buffer | undefined> {
  for (const refresh of [false, true]) {
    const at = (await locate(ctx, [emailId], refresh)).get(emailId);
    const mailbox = at && (await ctx.mailboxes()).find((m) => m.id === at.mailboxId);
    if (!at || !mailbox) continue;
    const rows = await ctx.imap((client, cache) =>
      inMailbox(client, mailbox.path, () => fetchSources(client, cache, [at.uid])),
    );
    const row = rows.find((r) => r.id === emailId);
    if (row) return row.source;
  }
  return undefined;
}

/** SEND-16: the message's plain text as a recipient reads it (decoded), '' when it has none. */
async function plainTextOf(raw: Buffer): Promise<string> {
  return (await gatewayContent(raw)).text;
}

/** SEND-8/9: what an HTTP gateway gets of the message: subject, text, and files for a fax. */
async function gatewayContent(raw: Buffer): Promise<{
  subject: string;
  text: string;
  attachments: { filename: string; contentType: string; contentBase64: string }[];
}> {
  const { default: PostalMime } = await import('postal-mime');
  const parsed = await PostalMime.parse(new Uint8Array(raw), { attachmentEncoding: 'base64' });
  return {
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? 'attachment',
      contentType: a.mimeType,
      contentBase64: typeof a.content === 'string' ? a.content : '',
    })),
  };
}

/**
 * Where a submission's pieces are: the senders (the user's own account, and other IMAP
 * accounts when the request spans them: ADR 0023), the account holding an email id, and
 * the Email/set that runs the implicit update after success.
 */
export interface SubmissionScope {
  senders: readonly Sender[];
  /** The context holding `emailId`, and its id there; null when no account has such ids. */
  emailAt(emailId: string): { ctx: JmapContext; id: string } | null;
  emailSet(args: Args): Promise<Args>;
}

/** The user's own account alone. */
export function ownScope(ctx: JmapContext): SubmissionScope {
  return {
    senders: ownSenders(ctx),
    emailAt: (id) => ({ ctx, id }),
    emailSet: (args) => emailSet(args, ctx),
  };
}

/** The same codes as the proxy's TLS problems (security/tls-policy.ts TLS_FAILURE_CODES). */
const TLS_SET_ERRORS: Readonly<Record<TlsFailure, SetErrorType>> = {
  certificate: 'serverCertificateInvalid',
  noEncryption: 'serverNotEncrypted',
  outdated: 'serverTlsOutdated',
};

const bad = (property: string, description: string): SetError =>
  setError('invalidProperties', description, [property]);

type Checked = { identity: Identity; sender: Sender; emailId: string; envelope: unknown };

function checkCreate(
  value: unknown,
  identities: readonly Identity[],
  senders: readonly Sender[],
): Checked | SetError {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return setError('invalidProperties', 'a submission must be an object');
  const object = value as Record<string, unknown>;
  const extra = Object.keys(object).filter((k) => !CLIENT_SETTABLE.has(k));
  if (extra.length > 0) return setError('invalidProperties', 'server-set or unknown', extra);
  if (object['undoStatus'] !== undefined && object['undoStatus'] !== 'final')
    return bad('undoStatus', 'submissions are sent at once: undoStatus can only be "final"');
  const identity = identities.find((i) => i.id === object['identityId']);
  const sender = identity && senderOfIdentity(senders, identity.id);
  if (!identity || !sender) return bad('identityId', 'not an identity of this account');
  const emailId = object['emailId'];
  if (!isId(emailId)) return bad('emailId', 'not an email id');
  return { identity, sender, emailId, envelope: object['envelope'] ?? null };
}

/** A refused submission's SetError, or a thrown error for the whole call. */
async function failureOf(err: unknown, sender: Sender): Promise<SetError> {
  if (err instanceof SmtpTooLargeError) {
    return err.maxSize > 0
      ? { type: 'tooLarge', description: err.message, maxSize: err.maxSize }
      : { type: 'tooLarge', description: 'the mail server refused the size of the message' };
  }
  if (err instanceof SmtpRefusedError && err.stage === 'rcptTo') {
    return {
      type: 'invalidRecipients',
      description: `every recipient was refused: ${err.rejected.map((r) => `${r.email} (${r.reply})`).join('; ')}`,
      invalidRecipients: err.rejected.map((r) => r.email),
    };
  }
  if (err instanceof SmtpRefusedError && err.stage === 'mailFrom')
    return setError('forbiddenMailFrom', err.message);
  if (err instanceof SmtpRefusedError) return setError('forbiddenToSend', err.message);
  if (err instanceof SmtpAuthError) {
    // Another account's saved password: the user fixes it there; their session goes on.
    if (sender.key !== OWN)
      return setError(
        'forbiddenToSend',
        `the SMTP server of ${sender.address} refused the saved password: update it in Settings → IMAP accounts`,
      );
    const { session } = sender.ctx;
    // The IMAP server is the judge of the password: a refusal there ends the session (401).
    if (!(await verifyImapLogin(session.provider.imap, session.username, session.password)))
      throw new ImapAuthError('the mail server no longer accepts the password');
    return setError('forbiddenToSend', 'the SMTP server refused your credentials for sending');
  }
  // ADR 0033: a refused certificate or missing encryption will not fix itself, so it is
  // this submission's SetError (the Outbox shows it failed), not a retried serverUnavailable.
  if (err instanceof SmtpUnavailableError) {
    const tls = tlsFailureOf(err);
    if (tls !== null) return setError(TLS_SET_ERRORS[tls], err.message);
    throw new MethodError('serverUnavailable', err.message);
  }
  throw err;
}

async function submitOne(
  ctx: JmapContext,
  scope: SubmissionScope,
  checked: Checked,
): Promise<Record<string, unknown> | SetError> {
  const { identity, sender, emailId } = checked;
  const at = scope.emailAt(emailId);
  const raw = at ? await rawOf(at.ctx, at.id) : undefined;
  if (!raw) return bad('emailId', 'the server no longer has this email');
  if (raw.length > MAX_SUBMISSION_SIZE)
    return {
      type: 'tooLarge',
      description: 'the message is too large',
      maxSize: MAX_SUBMISSION_SIZE,
    };
  const fields = headerFields(raw);
  const from = addressesIn(fields, ['from']);
  if (from.length !== 1 || from[0]?.toLowerCase() !== identity.email.toLowerCase())
    return setError('forbiddenFrom', `the From header must be ${identity.email}`);
  const mandatory = ctx.session.provider.mandatorySignature;
  if (mandatory && !carriesSignature(await plainTextOf(raw), mandatory))
    return setError('forbiddenToSend', 'the message lacks the signature this server requires');
  const parsed =
    checked.envelope === null
      ? deriveEnvelope(fields, identity.email)
      : parseEnvelope(checked.envelope, identity.email);
  if (!parsed.ok) return parsed.error;
  const envelope: SmtpEnvelope = parsed.envelope;
  const limit = limiter.check(ctx.session.sessionId);
  if (!limit.allowed)
    return setError('rateLimit', `too many messages sent: retry in ${limit.retryAfterSeconds} s`);
  limiter.record(ctx.session.sessionId);
  const sendAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const routed = routeRecipients(envelope.rcptTo, ctx.session.provider);
  const deliveryStatus: Record<string, DeliveryStatus> = {};
  const status = (email: string, smtpReply: string, ok: boolean) =>
    (deliveryStatus[email] = { smtpReply, delivered: ok ? 'queued' : 'no', displayed: 'unknown' });
  if (routed.smtp.length > 0) {
    const original = (address: string) => routed.rewritten.get(address.toLowerCase()) ?? address;
    try {
      // The sender's own server and login: another account's mail leaves through its SMTP.
      const { session } = sender.ctx;
      const sent = await submitMessage(
        sender.smtp ?? session.provider.imap,
        { user: session.username, pass: session.password },
        { mailFrom: envelope.mailFrom, rcptTo: routed.smtp },
        withoutBcc(raw, fields),
      );
      for (const email of sent.accepted) status(original(email), sent.response, true);
      for (const { email, reply } of sent.rejected) status(original(email), reply, false);
    } catch (err) {
      // Every SMTP recipient refused is a per-recipient outcome when gateways still deliver.
      const allRefused = err instanceof SmtpRefusedError && err.stage === 'rcptTo';
      if (!allRefused || routed.webhook.length === 0) return failureOf(err, sender);
      for (const { email, reply } of err.rejected) status(original(email), reply, false);
    }
  }
  // SEND-8/9: HTTP gateways, one POST per recipient, after SMTP (a failed SMTP call above
  // returns before anything was posted, so a retry never texts anyone twice).
  if (routed.webhook.length > 0) {
    const content = await gatewayContent(raw);
    for (const r of routed.webhook) {
      const failed = await postToWebhook(r.url, {
        kind: r.kind,
        to: r.number,
        from: identity.email,
        subject: content.subject,
        text: content.text,
        ...(r.kind === 'fax' ? { attachments: content.attachments } : {}),
      });
      status(r.address, failed ?? `250 accepted by the ${r.kind} gateway`, failed === null);
    }
  }
  for (const r of routed.unroutable)
    status(r.address, `550 no ${r.kind === 'sms' ? 'SMS' : 'fax'} gateway is configured`, false);
  const refused = Object.entries(deliveryStatus).filter(([, d]) => d.delivered === 'no');
  if (refused.length === Object.keys(deliveryStatus).length) {
    return {
      type: 'invalidRecipients',
      description: `no recipient could be reached: ${refused.map(([e, d]) => `${e} (${d.smtpReply})`).join('; ')}`,
      invalidRecipients: refused.map(([e]) => e),
    };
  }
  const created: Omit<EmailSubmission, 'identityId' | 'emailId'> = {
    id: `S${randomBytes(16).toString('base64url')}`,
    threadId: emailId,
    envelope: {
      mailFrom: { email: envelope.mailFrom, parameters: null },
      rcptTo: envelope.rcptTo.map((email) => ({ email, parameters: null })),
    },
    sendAt,
    undoStatus: 'final',
    deliveryStatus,
    dsnBlobIds: [],
    mdnBlobIds: [],
  };
  return created;
}

/** A submission made in this call: its id, the email it sent, and who sent it. */
type Sent = { id: string; emailId: string; sender: Sender };

const isSetError = (v: Record<string, unknown> | SetError): v is SetError =>
  typeof (v as SetError).type === 'string' && !('id' in v);

/** The implicit Email/set's update and destroy, from the ids of the successful sends. */
function onSuccess(args: Args, sent: ReadonlyMap<string, Sent>): Args | null {
  const updates = args['onSuccessUpdateEmail'] ?? null;
  const destroys = args['onSuccessDestroyEmail'] ?? null;
  if (updates !== null && (typeof updates !== 'object' || Array.isArray(updates)))
    throw invalidArguments('"onSuccessUpdateEmail" must be an object or null');
  if (
    destroys !== null &&
    !(Array.isArray(destroys) && destroys.every((d) => typeof d === 'string'))
  )
    throw invalidArguments('"onSuccessDestroyEmail" must be a list of ids or null');
  // "#creationId" names a submission created in this call; a plain id one created in it too.
  const emailOf = (key: string): string | undefined =>
    key.startsWith('#')
      ? sent.get(key.slice(1))?.emailId
      : [...sent.values()].find((s) => s.id === key)?.emailId;
  const update: Record<string, unknown> = {};
  for (const [key, patch] of Object.entries((updates ?? {}) as Record<string, unknown>)) {
    const emailId = emailOf(key);
    if (emailId !== undefined) update[emailId] = patch;
  }
  const destroy = ((destroys ?? []) as string[]).flatMap((key) => emailOf(key) ?? []);
  if (Object.keys(update).length === 0 && destroy.length === 0) return null;
  return { accountId: args['accountId'], update, destroy };
}

/** The implicit update with each other account's message moved to its own Sent. */
async function withSendersSent(
  implicit: Args,
  ctx: JmapContext,
  sent: ReadonlyMap<string, Sent>,
): Promise<Args> {
  const update: Args = {};
  for (const [emailId, patch] of Object.entries(implicit['update'] as Args)) {
    const sender = [...sent.values()].find((s) => s.emailId === emailId)?.sender;
    update[emailId] = sender ? await sentToSendersAccount(patch, ctx, sender) : patch;
  }
  return { ...implicit, update };
}

/** EmailSubmission/set; `scope` spans the user's other accounts when they have some. */
export async function emailSubmissionSet(
  args: Args,
  ctx: JmapContext,
  scope: SubmissionScope = ownScope(ctx),
): Promise<Args> {
  checkAccount(args, ctx);
  const request = parseSetArgs(args);
  if (request.ifInState !== null && request.ifInState !== STATE)
    throw new MethodError('stateMismatch', 'the state is no longer the one in "ifInState"');
  onSuccess(args, new Map()); // checks the arguments before anything is sent
  const outcome = emptyOutcome();
  const identities = await loadIdentities(ctx, scope.senders);
  const sent = new Map<string, Sent>();
  for (const [creationId, value] of Object.entries(request.create)) {
    const checked = checkCreate(value, identities, scope.senders);
    if ('type' in checked) {
      outcome.notCreated[creationId] = checked;
      continue;
    }
    const result = await submitOne(ctx, scope, checked);
    if (isSetError(result)) {
      outcome.notCreated[creationId] = result;
      continue;
    }
    outcome.created[creationId] = result;
    sent.set(creationId, {
      id: result['id'] as string,
      emailId: checked.emailId,
      sender: checked.sender,
    });
  }
  // Nothing is kept after sending, so there is nothing to change or cancel (undoStatus final).
  for (const id of Object.keys(request.update))
    outcome.notUpdated[id] = setError('cannotUnsend', 'the message was sent already');
  for (const id of request.destroy)
    outcome.notDestroyed[id] = setError('notFound', 'submissions are not kept after sending');
  const response = setResponse(ctx.accountId, STATE, STATE, outcome);
  const implicit = onSuccess(args, sent);
  if (implicit) {
    let follow: FollowUp;
    try {
      follow = ['Email/set', await scope.emailSet(await withSendersSent(implicit, ctx, sent))];
    } catch (err) {
      if (!(err instanceof MethodError)) throw err;
      follow = ['error', { type: err.type, description: err.message }];
    }
    Object.defineProperty(response, FOLLOW_UPS, { value: [follow], enumerable: false });
  }
  return response;
}

/** The responses to add after `result` (the implicit Email/set), if any. */
export function followUpsOf(result: Args): readonly FollowUp[] {
  return ((result as Record<symbol, unknown>)[FOLLOW_UPS] as FollowUp[] | undefined) ?? [];
}
