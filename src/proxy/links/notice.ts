// SEND-15: the owner's notice that a recipient downloaded a file sent as a link. One of
// the proxy's own short notices (ARCHITECTURE.md): built and sent by nodemailer through
// the operator's notice account (BUZON_NOTICE_SMTP_*), never through a user's password.
// Marked Auto-Submitted (RFC 3834) so vacation replies and the like do not answer it.
import { createTransport } from 'nodemailer';
import type { NoticeSmtpConfig } from '../config/types.js';
import { smtpConnectionOptions } from '../smtp/transport.js';
import type { LinkRecord } from './record.js';

export interface DownloadNotice {
  /** Where the notice goes: the owner's sign-in address. */
  to: string;
  recipient: string;
  record: LinkRecord;
  at: Date;
}

/** `2026-06-01 10:00 UTC`: unambiguous for a reader anywhere. */
function utcTime(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The notice's text: plain, in English and Spanish, naming the recipient, the file and the time. */
export function noticeText(notice: DownloadNotice): { subject: string; text: string } {
  const { recipient, record, at } = notice;
  const time = utcTime(at);
  const expires = utcTime(new Date(record.expires));
  return {
    subject: `${recipient} downloaded ${record.filename}`,
    text: [
      `${recipient} downloaded ${record.filename} at ${time}.`,
      `The link stays valid until ${expires}.`,
      '',
      `${recipient} descargó ${record.filename} el ${time}.`,
      `El enlace es válido hasta el ${expires}.`,
      '',
      '-- ',
      'Buzón',
      '',
    ].join('\n'),
  };
}

/** Sends one notice; rejects with nodemailer's error when the notice server refuses it. */
export async function sendDownloadNotice(
  account: NoticeSmtpConfig,
  notice: DownloadNotice,
): Promise<void> {
  const transport = createTransport({
    ...smtpConnectionOptions(account.endpoint),
    ...(account.user && account.pass ? { auth: { user: account.user, pass: account.pass } } : {}),
  });
  try {
    const { subject, text } = noticeText(notice);
    await transport.sendMail({
      from: account.from,
      to: notice.to,
      subject,
      text,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  } finally {
    transport.close();
  }
}
