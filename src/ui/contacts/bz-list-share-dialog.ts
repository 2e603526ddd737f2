import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import type { Contact, ContactList } from '../../contacts/model.js';
import { displayName, resolveMember } from '../../contacts/model.js';
import { MAX_LIST_GRANTS } from '../../protocol/jmap-lists.js';
import type { ListGrant } from '../../protocol/jmap-lists.js';
import { accountServiceContext } from '../../state/context.js';
import type { ContactService } from '../../state/contact-types.js';
import type { AccountService, NoticeService } from '../../state/types.js';
import { need } from '../shared/errors.js';
import { personRefusal } from '../shared/share-person.js';
import { baseStyles } from '../shared/styles.js';
import { grantText } from './contact-text.js';
import { contactsStyles } from './contacts-styles.js';

const why = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The names of the members a first share leaves out: they reach nobody. */
function unreachableNames(list: ContactList, contacts: Contact[]): string[] {
  const byId = new Map(contacts.map((c) => [c.id, c]));
  return list.members
    .filter((m) => resolveMember(m, byId) === null)
    .map((m) => {
      const contact = m.kind === 'contact' ? byId.get(m.contactId) : undefined;
      return contact
        ? displayName(contact)
        : msg('a deleted contact', { id: 'contacts.shared.deletedContact' });
    });
}

/**
 * CONTACTS-5: "Share…" on one of the user's lists: the people it is shared with, each who
 * "Can use" or "Can edit" it; add by address (checked here, then by the server), remove,
 * Save. The first share says the members become plain names and addresses and names those
 * left out. Addresses and names are text only.
 */
@customElement('bz-list-share-dialog')
@localized()
export class BzListShareDialog extends LitElement {
  static override styles = [
    baseStyles,
    contactsStyles,
    css`
      dialog {
        max-width: min(32rem, 90vw);
      }
    `,
  ];

  @property({ attribute: false }) service?: ContactService;
  @property({ attribute: false }) notices?: NoticeService;
  @property({ attribute: false }) contacts: Contact[] = [];
  @consume({ context: accountServiceContext, subscribe: true }) accounts?: AccountService;
  @state() private list: ContactList | undefined;
  @state() private grants: ListGrant[] = [];
  @state() private error = '';
  @state() private working = false;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('#share-address') private input!: HTMLInputElement;
  @query('#share-right') private right!: HTMLSelectElement;

  /** Opens the dialog on `list` with the people it is shared with now. */
  async open(list: ContactList): Promise<void> {
    this.list = list;
    this.grants = (list.shared?.sharedWith ?? []).map((g) => ({ ...g }));
    this.error = '';
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
  }

  /** Why the typed address cannot be added, in the user's language, or ''. */
  private refusal(value: string): string {
    const notPerson = personRefusal(value, this.accounts?.current()?.username ?? '');
    if (notPerson) return notPerson;
    if (this.grants.some((g) => g.address.toLowerCase() === value.toLowerCase()))
      return msg(str`The list is already shared with ${value}.`, {
        id: 'contacts.shared.already',
      });
    if (this.grants.length >= MAX_LIST_GRANTS)
      return msg(str`A list can be shared with at most ${MAX_LIST_GRANTS} people.`, {
        id: 'contacts.shared.tooMany',
      });
    return '';
  }

  private add(e: SubmitEvent): void {
    e.preventDefault();
    const address = this.input.value.trim();
    this.error = this.refusal(address);
    if (this.error) return;
    this.grants = [...this.grants, { address, mayEdit: this.right.value === 'edit' }];
    this.input.value = '';
  }

  private setRight(i: number, mayEdit: boolean): void {
    this.grants = this.grants.map((g, j) => (j === i ? { ...g, mayEdit } : g));
  }

  private async save(): Promise<void> {
    const list = this.list;
    if (!list || this.working) return;
    this.working = true;
    this.error = '';
    try {
      await need(this.service).shareList(list.id, this.grants);
      this.dialog.close();
      this.notices?.notify(
        'info',
        msg(str`Who can use "${list.name}" was saved.`, { id: 'contacts.shared.saved' }),
      );
    } catch (err) {
      this.error = msg(str`Could not share the list: ${why(err)}`, {
        id: 'contacts.shared.saveError',
      });
    } finally {
      this.working = false;
    }
  }

  private renderFirstShare(list: ContactList) {
    if (list.shared) return nothing;
    const left = unreachableNames(list, this.contacts);
    return html`<p class="muted" data-testid="share-list-convert">
        ${msg(
          'Sharing keeps the list on the server: its members become plain names and addresses, which no longer follow changes to your contacts.',
          { id: 'contacts.shared.convert' },
        )}
      </p>
      ${
        left.length
          ? html`<p class="error" data-testid="share-list-left-out">
              ${msg('These members have no address or number and are left out:', { id: 'contacts.shared.leftOut' })}
              <bdi>${left.join(', ')}</bdi>
            </p>`
          : nothing
      }`;
  }

  private renderGrant(g: ListGrant, i: number) {
    return html`<li data-testid="share-list-person">
      <span class="who"><bdi class="name">${g.address}</bdi></span>
      <select
        data-testid="share-list-right"
        aria-label=${msg(str`What ${g.address} may do`, { id: 'contacts.shared.rightOf' })}
        @change=${(e: Event) => this.setRight(i, (e.target as HTMLSelectElement).value === 'edit')}
      >
        <option value="use" ?selected=${!g.mayEdit}>${grantText(false)}</option>
        <option value="edit" ?selected=${g.mayEdit}>${grantText(true)}</option>
      </select>
      <button
        class="danger"
        data-testid="share-list-remove"
        aria-label=${msg(str`Stop sharing with ${g.address}`, { id: 'contacts.shared.removeOne' })}
        @click=${() => (this.grants = this.grants.filter((_, j) => j !== i))}
      >
        ${msg('Remove', { id: 'contacts.remove' })}
      </button>
    </li>`;
  }

  override render() {
    const list = this.list;
    return html`<dialog aria-labelledby="share-list-h" data-testid="share-list-dialog">
      <h2 id="share-list-h">
        ${msg(str`Share the list "${list?.name ?? ''}"`, { id: 'contacts.shared.title' })}
      </h2>
      <p class="muted">
        ${msg(
          'The people you add find this list in their address book and can write to it; with "Can edit" they can also change its name and members.',
          { id: 'contacts.shared.explain' },
        )}
      </p>
      ${list ? this.renderFirstShare(list) : nothing}
      ${
        this.grants.length
          ? html`<ul class="rows" aria-label=${msg('Shared with', { id: 'share.listLabel' })}>
              ${this.grants.map((g, i) => this.renderGrant(g, i))}
            </ul>`
          : html`<p class="muted" data-testid="share-list-none">
              ${msg('Not shared with anyone yet.', { id: 'contacts.shared.none' })}
            </p>`
      }
      <form class="bar" @submit=${this.add} novalidate>
        <input
          id="share-address"
          class="grow"
          type="email"
          autocomplete="off"
          spellcheck="false"
          data-testid="share-list-address"
          aria-label=${msg('Address of the person', { id: 'share.address' })}
          placeholder=${msg('Address of the person', { id: 'share.address' })}
          @input=${() => (this.error = '')}
        />
        <select
          id="share-right"
          data-testid="share-list-new-right"
          aria-label=${msg('What they may do', { id: 'contacts.shared.right' })}
        >
          <option value="use">${grantText(false)}</option>
          <option value="edit">${grantText(true)}</option>
        </select>
        <button type="submit" data-testid="share-list-add">
          ${msg('Add', { id: 'contacts.add' })}
        </button>
      </form>
      <p class="error" role="alert" data-testid="share-list-error">${this.error}</p>
      <div class="dialog-actions">
        <button data-testid="share-list-cancel" @click=${() => this.dialog.close()}>
          ${msg('Cancel', { id: 'common.cancel' })}
        </button>
        <button
          class="primary"
          data-testid="share-list-save"
          ?disabled=${this.working}
          @click=${() => void this.save()}
        >
          ${msg('Save', { id: 'contacts.save' })}
        </button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-list-share-dialog': BzListShareDialog;
  }
}
