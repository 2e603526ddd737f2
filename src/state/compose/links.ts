// SEND-15 for the compose service: the files go to the proxy's link store and each
// recipient gets a message of their own, carrying their own links (the sender hears who
// downloaded what). Needs the network at Send: the links must exist before the messages.
import { msg, str } from '@lit/localize';
import { escapeHtml } from '../../mail/escape-html.js';
import type { MailAddress } from '../../mail/types.js';
import type { DraftAttachment, DraftInput } from '../types.js';

/** What the compose service needs of the sync layer's link uploader (sync/links.ts). */
export interface Links {
  upload(
    file: { filename: string; type: string; bytes: Uint8Array },
    recipients: readonly string[],
  ): Promise<{ expires: string; links: { recipient: string; url: string }[] }>;
}

function expiryText(expires: string): string {
  const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'long' }).format(new Date(expires));
  return msg(str`Files to download (the links work until ${date}):`, { id: 'links.intro' });
}

/**
 * One draft per recipient (To, Cc and Bcc alike: each gets only their own message), with
 * the files replaced by that recipient's links, in the text and in the HTML when rich.
 */
export async function draftsWithLinks(draft: DraftInput, links: Links): Promise<DraftInput[]> {
  const files = (draft.attachments ?? []).filter((a) => !a.contentId);
  const inline = (draft.attachments ?? []).filter((a) => a.contentId);
  const people: MailAddress[] = [...draft.to, ...draft.cc, ...draft.bcc];
  const addresses = people.map((p) => p.address);
  const stored: { file: DraftAttachment; expires: string; url: Map<string, string> }[] = [];
  for (const file of files) {
    const answer = await links.upload(file, addresses);
    const url = new Map(answer.links.map((l) => [l.recipient.toLowerCase(), l.url]));
    stored.push({ file, expires: answer.expires, url });
  }
  const expires = stored.map((s) => s.expires).sort()[0] ?? new Date().toISOString();
  return people.map((person) => {
    const mine = stored.map((s) => ({
      name: s.file.filename,
      url: s.url.get(person.address.toLowerCase()) ?? '',
    }));
    const text = `${draft.text.replace(/\s+$/, '')}\n\n${expiryText(expires)}\n${mine
      .map((m) => `- ${m.name}: ${m.url}`)
      .join('\n')}\n`;
    const html = draft.html
      ? `${draft.html}<p>${escapeHtml(expiryText(expires))}</p><ul>${mine
          .map((m) => `<li><a href="${escapeHtml(m.url)}">${escapeHtml(m.name)}</a></li>`)
          .join('')}</ul>`
      : undefined;
    const own: DraftInput = {
      ...draft,
      to: [person],
      cc: [],
      bcc: [],
      text,
      attachments: inline,
      sendAsLinks: false,
    };
    if (html !== undefined) own.html = html;
    return own;
  });
}
