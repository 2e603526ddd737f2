import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { isSmsAddress } from '../../mail/phone.js';
import type { MailAddress } from '../../state/types.js';
import { linksNotEncryptedText } from './pgp/pgp-text.js';

/** SEND-8: SMS recipients get the text only; said as soon as both are there. */
export function smsNote(
  hasFiles: boolean,
  recipients: readonly MailAddress[],
): TemplateResult | typeof nothing {
  if (!hasFiles) return nothing;
  const sms = recipients.filter((a) => isSmsAddress(a.address));
  if (sms.length === 0) return nothing;
  const who = sms.map((a) => a.address).join(', ');
  return html`<p class="note" role="status" data-testid="compose-sms-note">
    ${msg(str`Attachments are not sent to SMS recipients (${who}): they get the text only.`, { id: 'compose.smsNoAttachments' })}
  </p>`;
}

/**
 * SEND-15: "Send the files as links" when the server keeps links and there are files; not
 * while the message is `encrypted` (PGP-3: the links would go unencrypted).
 */
export function linksOption(
  policy: { days: number; notices: boolean } | null,
  hasFiles: boolean,
  on: boolean,
  set: (on: boolean) => void,
  encrypted = false,
): TemplateResult | typeof nothing {
  if (!policy || !hasFiles) return nothing;
  const days = policy.days;
  return html`<p class="links-option">
    <input
      id="as-links"
      type="checkbox"
      data-testid="compose-as-links"
      .checked=${on}
      ?disabled=${encrypted && !on}
      @change=${(e: Event) => set((e.target as HTMLInputElement).checked)}
    /><label for="as-links"
      >${msg(str`Send the files as links (valid ${days} days); each recipient gets their own message`, { id: 'compose.asLinks' })}</label
    >
    ${encrypted ? html`<span class="note" data-testid="compose-links-encrypted">${linksNotEncryptedText()}</span>` : nothing}
    ${
      on
        ? html`<span class="note"
            >${
              policy.notices
                ? msg('You will get a message when each recipient downloads them.', {
                    id: 'compose.asLinksNotices',
                  })
                : msg('This server does not tell you when they are downloaded.', {
                    id: 'compose.asLinksNoNotices',
                  })
            }</span
          >`
        : nothing
    }
  </p>`;
}
