// Sending the Outbox (issue 4, ADR 0018), one pass inside the sync engine's, after the
// pull: each due message is imported into Drafts and submitted in one request, the
// submission moving it to Sent on success (RFC 8621 §7.5 onSuccessUpdateEmail).
// Exactly once: the Message-ID is fixed when the message is built, and an attempt that was
// interrupted (no answer: offline, a crash, a dropped response) is checked first against
// what the pull just brought — the message in Sent was delivered, in Drafts it was
// imported and only needs submitting — before anything is sent again.
import { msg, str } from '@lit/localize';
import type { Invocation } from '../protocol/jmap-core.js';
import { SUBMISSION_CAPABILITY } from '../protocol/jmap-submission.js';
import type { DeliveryStatus, Identity } from '../protocol/jmap-submission.js';
import type { GetResponse } from '../protocol/jmap-methods.js';
import type { BuzonDb } from '../store/db.js';
import type { OutboxRecord } from '../store/records.js';
import {
  dropSentBytes,
  dueOutbox,
  outboxBytes,
  patchOutbox,
  pruneSentOutbox,
} from '../store/repos/outbox.js';
import { noteSent } from '../store/repos/contacts.js';
import { tlsRefusalText } from '../state/tls-refusal.js';
import { MethodCallError, OfflineError, ServerError } from './jmap-client.js';
import type { PullContext } from './pull-context.js';

export interface OutboxOutcome {
  /** Messages confirmed sent in this pass. */
  sent: number;
}

/**
 * Where an earlier attempt's copy is, by the fixed Message-ID, as the pull left the store:
 * still a draft in Drafts (imported, not sent), or anywhere else without `$draft` — moved
 * to Sent (the user's own, or another account's: EXTERNAL-3), or delivered to the user.
 */
async function copyOf(
  db: BuzonDb,
  messageId: string,
): Promise<{ where: 'sent' | 'drafts'; id: string } | null> {
  const rows = await db.emails.where('messageId').equals(messageId).toArray();
  const sent = rows.find(
    (r) => r.mailboxId !== 'drafts' && r.mailboxId !== 'templates' && !r.keywords['$draft'],
  );
  if (sent) return { where: 'sent', id: sent.id };
  const draft = rows.find((r) => r.mailboxId === 'drafts');
  return draft ? { where: 'drafts', id: draft.id } : null;
}

async function serverMailbox(db: BuzonDb, role: 'drafts' | 'sent'): Promise<string | null> {
  const box = await db.mailboxes.get(role);
  return box?.serverId ?? null;
}

async function identities(ctx: PullContext): Promise<Identity[]> {
  const got = await ctx.client.call<GetResponse<Identity>>(
    'Identity/get',
    { accountId: ctx.accountId, ids: null },
    ctx.signal,
    [SUBMISSION_CAPABILITY],
  );
  return got.list;
}

/** `undelivered`: recipients the server could not reach, with why (SEND-8: no gateway). */
type Attempt = { ok: true; undelivered: string[] } | { ok: false; retry: boolean; error: string };

/** "32475123456@SMS (no SMS gateway is configured)" for each recipient not reached. */
function undeliveredOf(created: unknown): string[] {
  const status = (created as { deliveryStatus?: Record<string, DeliveryStatus> } | undefined)
    ?.deliveryStatus;
  return Object.entries(status ?? {})
    .filter(([, d]) => d.delivered === 'no')
    .map(([email, d]) => `${email} (${d.smtpReply.replace(/^\d{3}(\s\d\.\d\.\d)?\s*/, '')})`);
}

function setErrorText(value: unknown): string {
  const e = value as { type?: string; description?: string } | undefined;
  // ADR 0033: the SMTP server's TLS was refused (a SetError, so `failed`, never retried).
  const tls = e?.type === undefined ? null : tlsRefusalText(e.type);
  if (tls !== null)
    return `${tls} ${msg('The message was not sent.', { id: 'outbox.tlsNotSent' })}`;
  return e?.description ?? e?.type ?? 'refused';
}

/** One message: import (unless already in Drafts) and submit, in one request. */
async function attempt(
  ctx: PullContext,
  item: OutboxRecord,
  identity: Identity,
  boxes: { drafts: string; sent: string },
  draftId: string | null,
): Promise<Attempt> {
  const calls: Invocation[] = [];
  let emailRef = draftId ?? '#draft';
  if (draftId === null) {
    const raw = await outboxBytes(ctx.db, item.id);
    if (!raw) return { ok: false, retry: false, error: 'The message was removed from the Outbox.' };
    const blobId = await ctx.client.upload(raw, 'message/rfc822', ctx.signal);
    calls.push([
      'Email/import',
      {
        accountId: ctx.accountId,
        emails: {
          draft: {
            blobId,
            mailboxIds: { [boxes.drafts]: true },
            keywords: { $draft: true, $seen: true },
          },
        },
      },
      'import',
    ]);
    emailRef = '#draft';
  }
  calls.push([
    'EmailSubmission/set',
    {
      accountId: ctx.accountId,
      create: { send: { identityId: identity.id, emailId: emailRef } },
      onSuccessUpdateEmail: {
        '#send': {
          [`mailboxIds/${boxes.drafts}`]: null,
          [`mailboxIds/${boxes.sent}`]: true,
          'keywords/$draft': null,
        },
      },
    },
    'send',
  ]);
  const responses = await ctx.client.request(calls, ctx.signal, [SUBMISSION_CAPABILITY]);
  const imported = responses.find((r) => r[2] === 'import');
  if (imported) {
    if (imported[0] === 'error')
      return { ok: false, retry: true, error: setErrorText(imported[1]) };
    const refused = (imported[1]['notCreated'] as Record<string, unknown> | null)?.['draft'];
    if (refused) return { ok: false, retry: false, error: setErrorText(refused) };
  }
  const sent = responses.find((r) => r[2] === 'send' && r[0] !== 'Email/set');
  if (!sent || sent[0] === 'error') {
    const type = (sent?.[1] as { type?: string } | undefined)?.type;
    // The server could not be reached from the proxy: try again later, checking Sent first.
    return {
      ok: false,
      retry: type === 'serverUnavailable' || !sent,
      error: setErrorText(sent?.[1]),
    };
  }
  const refused = (sent[1]['notCreated'] as Record<string, unknown> | null)?.['send'];
  if (refused) return { ok: false, retry: false, error: setErrorText(refused) };
  const created = (sent[1]['created'] as Record<string, unknown> | null)?.['send'];
  return { ok: true, undelivered: undeliveredOf(created) };
}

function noIdentityText(from: string): string {
  return msg(str`This server does not let you send as ${from}.`, { id: 'outbox.noIdentity' });
}

function notDeliveredText(who: string): string {
  return msg(str`Sent, but not delivered to: ${who}.`, { id: 'outbox.notDelivered' });
}

/** CONTACTS-1: whom the user wrote to ranks autosuggest; a failure here never fails a send. */
async function noteWritten(db: BuzonDb, item: OutboxRecord, at: number): Promise<void> {
  const { to, cc, bcc } = item.draft;
  await noteSent(db, [...to, ...cc, ...bcc], at).catch(() => undefined);
}

/** Sends what is due; returns how many were confirmed. Stops at the first network failure. */
export async function sendOutbox(ctx: PullContext): Promise<OutboxOutcome> {
  const { db } = ctx;
  const now = ctx.now();
  await pruneSentOutbox(db, now);
  const due = await dueOutbox(db, now);
  if (due.length === 0) return { sent: 0 };
  let sent = 0;
  // Messages an earlier attempt already delivered are confirmed without sending again.
  const todo: { item: OutboxRecord; draftId: string | null }[] = [];
  for (const item of due) {
    // Also after a refusal the user retries: the draft imported then is reused, not doubled.
    const copy = await copyOf(db, item.messageId);
    if (copy?.where === 'sent') {
      await patchOutbox(db, item.id, { state: 'sent', error: null, startedAt: null, sendAt: now });
      await noteWritten(db, item, now);
      await dropSentBytes(db, item.id);
      sent++;
    } else {
      todo.push({ item, draftId: copy?.id ?? null });
    }
  }
  if (todo.length === 0) return { sent };
  const session = await ctx.client.session();
  const drafts = await serverMailbox(db, 'drafts');
  const sentBox = await serverMailbox(db, 'sent');
  if (!(SUBMISSION_CAPABILITY in session.capabilities) || !drafts || !sentBox) {
    const error = msg('This mail server does not send mail through Buzón.', {
      id: 'outbox.cannotSend',
    });
    for (const { item } of todo) await patchOutbox(db, item.id, { state: 'failed', error });
    return { sent };
  }
  const known = await identities(ctx);
  for (const { item, draftId } of todo) {
    ctx.signal.throwIfAborted();
    const identity = known.find((i) => i.email.toLowerCase() === item.from.toLowerCase());
    if (!identity) {
      await patchOutbox(db, item.id, { state: 'failed', error: noIdentityText(item.from) });
      continue;
    }
    await patchOutbox(db, item.id, {
      state: 'sending',
      startedAt: ctx.now(),
      attempts: item.attempts + 1,
    });
    let result: Attempt;
    try {
      result = await attempt(ctx, item, identity, { drafts, sent: sentBox }, draftId);
    } catch (err) {
      // No answer: it may or may not have gone. Queued, with startedAt kept for the check.
      await patchOutbox(db, item.id, { state: 'queued', error: null });
      if (err instanceof OfflineError || ctx.signal.aborted) throw err;
      if (err instanceof ServerError || err instanceof MethodCallError) continue;
      throw err;
    }
    if (result.ok) {
      // SEND-8/9: sent, but some recipients (no gateway, a refusal) were not reached.
      const missed = result.undelivered.join('; ');
      await patchOutbox(db, item.id, {
        state: 'sent',
        error: missed ? notDeliveredText(missed) : null,
        startedAt: null,
        sendAt: ctx.now(),
      });
      if (missed)
        ctx.onConflicts([
          { kind: 'not-delivered', target: item.id, label: item.subject, detail: missed },
        ]);
      await noteWritten(db, item, ctx.now());
      await dropSentBytes(db, item.id);
      sent++;
    } else if (result.retry) {
      await patchOutbox(db, item.id, { state: 'queued', error: result.error });
    } else {
      await patchOutbox(db, item.id, { state: 'failed', error: result.error, startedAt: null });
    }
  }
  return { sent };
}
