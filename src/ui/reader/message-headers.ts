import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { HeaderWarning, MailAddress } from '../../mail/types.js';
import { BzSaveContactEvent } from '../events/bz-save-contact.js';
import { BzSearchEvent } from '../events/bz-search.js';
import { personQuery } from '../search/person-query.js';
import { searchIcon } from '../search/search-icon.js';
import { formatFullDate } from '../shared/format.js';
import { icons } from '../shared/icons.js';

/** What each header warning tells the user (hostile headers, see issue 2). */
export function warningText(w: HeaderWarning): string {
  switch (w) {
    case 'multiple-from':
      return msg(
        'This message has several senders; only the first is shown. Be careful: it may not be from who it seems.',
        {
          id: 'warning.multipleFrom',
        },
      );
    case 'address-in-display-name':
      return msg(
        'The sender’s name contains an e-mail address that is not the real one. Check the address shown beside it.',
        {
          id: 'warning.addressInName',
        },
      );
    case 'bidi-controls':
      return msg('The sender’s name or subject contains hidden text-direction characters.', {
        id: 'warning.bidi',
      });
    case 'unparseable':
      return msg('This message could not be read; its raw source is shown.', {
        id: 'warning.unparseable',
      });
    case 'limit-exceeded':
      return msg('This message is too large or too complex to show completely.', {
        id: 'warning.limit',
      });
  }
}

/**
 * CONTACTS-3: a small button beside a correspondent; the app answers its event with "Save in
 * contacts" / "Add to a contact" (loaded then, so the reader carries only this button).
 */
function keepButton(a: MailAddress) {
  const label = msg(str`Keep ${a.address} in contacts`, { id: 'contacts.keep' });
  return html`<button
    class="keep"
    data-testid="keep-contact"
    aria-label=${label}
    title=${label}
    @click=${(e: Event) => e.currentTarget?.dispatchEvent(new BzSaveContactEvent(a))}
  >
    ${icons.user}
  </button>`;
}

/** SEARCH-5: "All messages with this person", an everywhere search on their address. */
function personButton(a: MailAddress) {
  const label = msg(str`All messages with ${a.address}`, { id: 'search.person' });
  return html`<button
    class="keep"
    data-testid="person-search"
    aria-label=${label}
    title=${label}
    @click=${(e: Event) =>
      e.currentTarget?.dispatchEvent(
        new BzSearchEvent({ text: personQuery(a.address), folderId: null }),
      )}
  >
    ${searchIcon}
  </button>`;
}

/** The buttons beside a correspondent; `searchable` when a search service exists. */
function actions(a: MailAddress, searchable: boolean) {
  return html`${keepButton(a)}${searchable && a.address ? personButton(a) : nothing}`;
}

/** A list of addresses: every one as name AND real address, both as isolated text. */
export function renderAddresses(list: readonly MailAddress[], searchable = false) {
  return list.map(
    (a, i) =>
      html`${i ? ', ' : ''}<span class="addr"
          >${a.name ? html`<bdi class="name">${a.name}</bdi> ` : nothing}<span class="address"
            >&lt;<bdi>${a.address}</bdi>&gt;</span
          >${actions(a, searchable)}</span
        >`,
  );
}

export interface HeaderData {
  subject: string;
  from: readonly MailAddress[];
  to: readonly MailAddress[];
  cc: readonly MailAddress[];
  replyTo: readonly MailAddress[];
  date: number | null;
  warnings: readonly HeaderWarning[];
  /** SEARCH-5: offer "All messages with this person" beside each correspondent. */
  searchable?: boolean;
}

/** The reader's header block (VIEW-2): subject, sender name and real address, To/Cc/Date. */
export function renderHeaders(h: HeaderData) {
  const sender = h.from[0];
  const searchable = h.searchable ?? false;
  const others = h.from.slice(1);
  return html`<h2 class="subject" data-testid="subject">
      <bdi>${h.subject || msg('(no subject)', { id: 'list.noSubject' })}</bdi>
    </h2>
    ${
      h.warnings.length
        ? html`<div class="warnings" role="alert">
            ${h.warnings.map((w) => html`<p class="warning">${icons.warning} <span>${warningText(w)}</span></p>`)}
          </div>`
        : nothing
    }
    <dl class="headers">
      <dt>${msg('From', { id: 'header.from' })}</dt>
      <dd>
        ${
          sender
            ? html`<bdi class="name" data-testid="sender-name"
                  >${sender.name || sender.address}</bdi
                >
                <span class="address"
                  >&lt;<bdi data-testid="sender-address">${sender.address}</bdi>&gt;</span
                >${actions(sender, searchable)}${others.length ? html`, ${renderAddresses(others, searchable)}` : nothing}`
            : html`<span class="muted">${msg('(no sender)', { id: 'list.noSender' })}</span>`
        }
      </dd>
      ${
        h.to.length
          ? html`<dt>${msg('To', { id: 'header.to' })}</dt>
              <dd>${renderAddresses(h.to, searchable)}</dd>`
          : nothing
      }
      ${
        h.cc.length
          ? html`<dt>${msg('Cc', { id: 'header.cc' })}</dt>
              <dd>${renderAddresses(h.cc, searchable)}</dd>`
          : nothing
      }
      ${
        h.replyTo.length && h.replyTo[0]?.address !== sender?.address
          ? html`<dt>${msg('Reply to', { id: 'header.replyTo' })}</dt>
              <dd>${renderAddresses(h.replyTo)}</dd>`
          : nothing
      }
      ${
        h.date !== null
          ? html`<dt>${msg('Date', { id: 'header.date' })}</dt>
              <dd>
                <time datetime=${new Date(h.date).toISOString()}>${formatFullDate(h.date)}</time>
              </dd>`
          : nothing
      }
    </dl>`;
}
