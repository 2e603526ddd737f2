// JMAP wire objects (RFC 8621) → the store's server-truth shapes. Dates become epoch ms;
// sort keys are folded as for imported mail; text stays text.
import type { FolderRole, MailAddress } from '../mail/types.js';
import type { Email, EmailAddress, Mailbox, MailboxRole } from '../protocol/jmap-mail.js';
import type { BodyDerived } from '../store/sync/bodies.js';
import type { ServerEmail, ServerMailbox } from '../store/sync/server-types.js';

const ROLES: Partial<Record<MailboxRole, FolderRole>> = {
  inbox: 'inbox',
  drafts: 'drafts',
  sent: 'sent',
  trash: 'trash',
  junk: 'spam',
};

/** Buzón's role for a JMAP role; folders with roles Buzón has no screen for are plain. */
export function folderRole(role: MailboxRole | null | undefined): FolderRole | null {
  return role ? (ROLES[role] ?? null) : null;
}

export function toServerMailbox(m: Mailbox): ServerMailbox {
  return { id: m.id, name: m.name, parentId: m.parentId, role: folderRole(m.role) };
}

function addressList(list: EmailAddress[] | null | undefined): MailAddress[] {
  return (list ?? []).map((a) => ({ name: a.name ?? '', address: a.email }));
}

export function epoch(date: string | null | undefined): number | null {
  if (!date) return null;
  const ms = Date.parse(date);
  return Number.isFinite(ms) ? ms : null;
}

export function toServerEmail(e: Email): ServerEmail | null {
  const mailboxId = Object.keys(e.mailboxIds ?? {})[0];
  if (mailboxId === undefined) return null;
  const from = addressList(e.from);
  const subject = e.subject ?? '';
  return {
    id: e.id,
    blobId: e.blobId,
    threadId: e.threadId,
    mailboxId,
    keywords: { ...(e.keywords ?? {}) },
    size: e.size,
    receivedAt: epoch(e.receivedAt) ?? 0,
    messageId: e.messageId?.[0] ?? null,
    inReplyTo: e.inReplyTo?.[0] ?? null,
    references: e.references ?? [],
    from,
    to: addressList(e.to),
    cc: addressList(e.cc),
    subject,
    sentAt: epoch(e.sentAt),
    hasAttachment: e.hasAttachment,
    preview: e.preview ?? '',
  };
}

/**
 * Server truth for a message whose bytes came with it (bootstrap): where it is and its
 * keywords from the server, everything the list shows from the parsed bytes.
 */
export function fromLeanAndBytes(
  e: Partial<Email>,
  d: BodyDerived,
  size: number,
): ServerEmail | null {
  const mailboxId = Object.keys(e.mailboxIds ?? {})[0];
  if (e.id === undefined || mailboxId === undefined) return null;
  return {
    id: e.id,
    blobId: e.blobId ?? e.id,
    threadId: e.threadId ?? e.id,
    mailboxId,
    keywords: { ...(e.keywords ?? {}) },
    size,
    receivedAt: epoch(e.receivedAt) ?? 0,
    messageId: d.messageId || null,
    inReplyTo: d.inReplyTo,
    references: d.references,
    from: d.from,
    to: d.to,
    cc: d.cc,
    subject: d.subject,
    sentAt: d.sentAt,
    hasAttachment: d.hasAttachment,
    preview: d.preview,
  };
}
