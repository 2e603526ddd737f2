import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { Contact, ContactList, ListMember } from '../../contacts/model.js';
import { displayName, resolveMember } from '../../contacts/model.js';
import type { ContactService } from '../../state/contact-types.js';
import type { NoticeService } from '../../state/types.js';
import { BzComposeEvent } from '../events/bz-compose.js';
import type { BzListMemberEvent } from '../events/bz-list-member.js';
import { downloadBlob } from '../shared/download.js';
import { need, reportError } from '../shared/errors.js';
import { baseStyles } from '../shared/styles.js';
import '../shared/bz-confirm-dialog.js';
import '../shared/bz-prompt-dialog.js';
import type { BzConfirmDialog } from '../shared/bz-confirm-dialog.js';
import type { BzPromptDialog } from '../shared/bz-prompt-dialog.js';
import { channelText, deleteListQuestion, sharedListBadges } from './contact-text.js';
import { contactsStyles } from './contacts-styles.js';
import './bz-list-member-form.js';
import './bz-list-share-dialog.js';
import type { BzListShareDialog } from './bz-list-share-dialog.js';

/** A file name from a list's name: letters, digits, spaces and ._- only. */
function csvName(name: string): string {
  return `${
    name
      .replace(/[^\p{L}\p{N} ._-]+/gu, '')
      .trim()
      .slice(0, 80) || 'list'
  }.csv`;
}

/**
 * CONTACTS-4: the Lists tab — create, rename and delete lists (their contacts stay), see and
 * change members mixing e-mail, SMS and fax, write to a list, export it as CSV. CONTACTS-5:
 * lists kept on the server say by or with whom they are shared; without the edit right
 * they are read-only here, and only their owner shares or deletes them.
 *
 * @fires bz-compose - "Write to this list": a new message whose To holds the list
 */
@customElement('bz-contact-lists')
@localized()
export class BzContactLists extends LitElement {
  static override styles = [baseStyles, contactsStyles];

  @property({ attribute: false }) service?: ContactService;
  @property({ attribute: false }) notices?: NoticeService;
  @property({ attribute: false }) contacts: Contact[] = [];
  @property({ attribute: false }) lists: ContactList[] = [];
  /** CONTACTS-5: the account's server keeps shared lists ("Share…" is offered). */
  @property({ type: Boolean }) sharing = false;
  @state() private selectedId: string | null = null;
  @query('bz-confirm-dialog') private confirm!: BzConfirmDialog;
  @query('bz-prompt-dialog') private prompt!: BzPromptDialog;
  @query('bz-list-share-dialog') private shareDialog!: BzListShareDialog;

  private async act(what: string, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (err) {
      reportError(this.notices, what, err);
    }
  }

  private async create(): Promise<void> {
    const name = await this.prompt.ask(
      msg('New list', { id: 'contacts.newList' }),
      msg('Name', { id: 'folders.name' }),
    );
    if (name)
      await this.act(msg('Could not save the list', { id: 'contacts.listSaveError' }), async () => {
        this.selectedId = await need(this.service).createList(name);
      });
  }

  private async rename(list: ContactList): Promise<void> {
    const name = await this.prompt.ask(
      msg('Rename list', { id: 'contacts.renameList' }),
      msg('Name', { id: 'folders.name' }),
      list.name,
    );
    if (name && name !== list.name)
      await this.act(msg('Could not save the list', { id: 'contacts.listSaveError' }), () =>
        need(this.service).renameList(list.id, name),
      );
  }

  private async removeList(list: ContactList): Promise<void> {
    const ok = await this.confirm.ask(
      deleteListQuestion(list),
      msg('Delete', { id: 'common.delete' }),
    );
    if (ok)
      await this.act(
        msg('Could not delete the list', { id: 'contacts.deleteListError' }),
        async () => {
          await need(this.service).deleteList(list.id);
          this.selectedId = null;
        },
      );
  }

  private async write(list: ContactList): Promise<void> {
    await this.act(msg('Could not write to the list', { id: 'contacts.writeError' }), async () => {
      const { recipients, unreachable } = await need(this.service).recipientsOf(list.id);
      if (unreachable)
        this.notices?.notify(
          'info',
          msg(str`${unreachable} members of the list cannot be reached and were left out.`, {
            id: 'contacts.unreachable',
          }),
        );
      this.dispatchEvent(
        new BzComposeEvent({ to: recipients, cc: [], bcc: [], subject: '', text: '' }),
      );
    });
  }

  private async exportCsv(list: ContactList): Promise<void> {
    await this.act(
      msg('Could not export the list', { id: 'contacts.exportListError' }),
      async () => {
        const text = await need(this.service).exportList(list.id);
        downloadBlob(new Blob([text], { type: 'text/csv;charset=utf-8' }), csvName(list.name));
      },
    );
  }

  private async setMembers(list: ContactList, members: ListMember[]): Promise<void> {
    await this.act(msg('Could not save the list', { id: 'contacts.listSaveError' }), () =>
      need(this.service).setListMembers(list.id, members),
    );
  }

  private renderMember(
    list: ContactList,
    m: ListMember,
    i: number,
    byId: Map<string, Contact>,
    editable: boolean,
  ) {
    const r = resolveMember(m, byId);
    const contact = m.kind === 'contact' ? byId.get(m.contactId) : undefined;
    const name =
      r?.name || (contact ? displayName(contact) : '') || (m.kind === 'address' ? m.address : '');
    const via = r?.via ?? (m.kind === 'contact' ? m.via : 'email');
    return html`<li data-testid="list-member">
      <span class="who">
        <bdi class="name">${name}</bdi>
        <span class="address"
          >${channelText(via)} ·
          ${r ? html`<bdi>${r.address}</bdi>` : html`<span class="error">${msg('no address or number for this', { id: 'contacts.memberUnreachable' })}</span>`}</span
        >
      </span>
      ${editable ? this.renderRemove(list, i, name) : nothing}
    </li>`;
  }

  private renderRemove(list: ContactList, i: number, name: string) {
    return html`<button
      class="danger"
      aria-label=${msg(str`Remove ${name} from the list`, { id: 'contacts.removeMember' })}
      @click=${() =>
        void this.setMembers(
          list,
          list.members.filter((_, j) => j !== i),
        )}
    >
      ${msg('Remove', { id: 'contacts.remove' })}
    </button>`;
  }

  /** CONTACTS-5: where a server list comes from, as text; nothing for a local list. */
  private renderBadges(list: ContactList, testid: string) {
    const badges = sharedListBadges(list);
    return badges.length
      ? html`<span class="muted" data-testid=${testid}><bdi>${badges.join(' · ')}</bdi></span>`
      : nothing;
  }

  private renderList(list: ContactList) {
    const byId = new Map(this.contacts.map((c) => [c.id, c]));
    const editable = !list.shared || list.shared.mayEdit;
    const owner = !list.shared || list.shared.isMine;
    return html`<section aria-labelledby="list-h" data-testid="list-detail">
      <h3 id="list-h"><bdi>${list.name}</bdi></h3>
      ${this.renderBadges(list, 'list-shared')}
      <div class="bar">
        <button
          class="primary"
          data-testid="list-write"
          ?disabled=${list.members.length === 0}
          @click=${() => void this.write(list)}
        >
          ${msg('Write to this list', { id: 'contacts.writeToList' })}
        </button>
        <button data-testid="list-export" @click=${() => void this.exportCsv(list)}>
          ${msg('Export as CSV', { id: 'contacts.exportCsv' })}
        </button>
        ${
          editable
            ? html`<button data-testid="list-rename" @click=${() => void this.rename(list)}>
                ${msg('Rename…', { id: 'folders.renameAction' })}
              </button>`
            : nothing
        }
        ${
          owner && this.sharing
            ? html`<button
                data-testid="list-share"
                @click=${() => void this.shareDialog.open(list)}
              >
                ${msg('Share…', { id: 'contacts.shared.share' })}
              </button>`
            : nothing
        }
        ${
          owner
            ? html`<button
                class="danger"
                data-testid="list-delete"
                @click=${() => void this.removeList(list)}
              >
                ${msg('Delete', { id: 'common.delete' })}
              </button>`
            : nothing
        }
      </div>
      ${
        list.members.length
          ? html`<ul class="rows" aria-label=${msg('Members', { id: 'contacts.members' })}>
              ${list.members.map((m, i) => this.renderMember(list, m, i, byId, editable))}
            </ul>`
          : html`<p class="muted">
              ${msg('This list has no members yet.', { id: 'contacts.noMembers' })}
            </p>`
      }
      ${
        editable
          ? html`<bz-list-member-form
              .contacts=${this.contacts}
              @bz-list-member=${(e: BzListMemberEvent) => void this.setMembers(list, [...list.members, e.member])}
            ></bz-list-member-form>`
          : nothing
      }
    </section>`;
  }

  override render() {
    const selected = this.lists.find((l) => l.id === this.selectedId);
    return html`<div class="bar">
        <span class="grow muted"
          >${this.lists.length ? '' : msg('No lists yet.', { id: 'contacts.noLists' })}</span
        >
        <button class="primary" data-testid="list-new" @click=${() => void this.create()}>
          ${msg('New list', { id: 'contacts.newList' })}
        </button>
      </div>
      ${
        this.lists.length
          ? html`<ul class="rows" aria-label=${msg('Lists', { id: 'contacts.lists' })}>
              ${this.lists.map(
                (l) =>
                  html`<li>
                    <button
                      class="grow"
                      data-testid="list-item"
                      aria-pressed=${l.id === this.selectedId ? 'true' : 'false'}
                      @click=${() => (this.selectedId = l.id)}
                    >
                      <bdi>${l.name}</bdi>
                    </button>
                    <span class="muted"
                      >${msg(str`Members: ${l.members.length}`, { id: 'contacts.memberCount' })}</span
                    >
                    ${this.renderBadges(l, 'list-badge')}
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      ${selected ? this.renderList(selected) : nothing}
      <bz-confirm-dialog></bz-confirm-dialog>
      <bz-prompt-dialog></bz-prompt-dialog>
      <bz-list-share-dialog
        .service=${this.service}
        .notices=${this.notices}
        .contacts=${this.contacts}
      ></bz-list-share-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-contact-lists': BzContactLists;
  }
}
