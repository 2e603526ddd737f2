import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { identityServiceContext, noticeServiceContext } from '../../state/context.js';
import { IdentityRefusedError } from '../../state/identity-types.js';
import type {
  IdentityInput,
  IdentityService,
  IdentityServiceLoader,
  SenderIdentity,
} from '../../state/identity-types.js';
import type { NoticeService } from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { reportError } from '../shared/errors.js';
import { baseStyles } from '../shared/styles.js';
import { accountListStyles } from './account-list-styles.js';
import './bz-identity-form.js';
import './bz-signature-settings.js';
import { plusAddressStart } from './bz-identity-form.js';

/** The first line of a signature with text, as the list's preview. */
const firstLine = (signature: string): string =>
  signature
    .split(/\r?\n/)
    .find((l) => l.trim() !== '')
    ?.trim() ?? '';

/**
 * SEND-7, SEND-16: "Identities and signatures" in the settings dialog: the sender
 * identities (name and address, the default marked, a signature preview), add one for a
 * plus-address of the sign-in address, edit, make default, remove (asked first; never the
 * sign-in identity), and the automatic-signature settings. Everything goes through the
 * IdentityService (which needs the network for changes); on the local mailbox (no
 * loader) the section shows nothing: there is nothing to send from.
 */
@customElement('bz-identities-section')
@localized()
export class BzIdentitiesSection extends LitElement {
  static override styles = [
    baseStyles,
    accountListStyles,
    css`
      .badge {
        font-size: 0.8em;
        border: 1px solid var(--bz-border);
        border-radius: 999px;
        padding: 0 0.5rem;
        margin-inline-start: 0.4rem;
      }
      [data-testid='identity-add'],
      bz-signature-settings {
        margin-top: 0.8rem;
      }
      bz-signature-settings {
        display: block;
      }
      .preview {
        display: block;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
    `,
  ];

  @consume({ context: identityServiceContext, subscribe: true })
  loader?: IdentityServiceLoader;
  @consume({ context: noticeServiceContext }) notices?: NoticeService;
  @state() private service: IdentityService | null = null;
  /** null until the service answered (and when asking failed: the server decides then). */
  @state() private editable: boolean | null = null;
  /** What `list()` gave: the sign-in identity before the server ever answered. */
  @state() private known: SenderIdentity[] = [];
  @state() private editing: SenderIdentity | 'new' | null = null;
  @state() private confirmRemove: string | null = null;
  private loadedFor: IdentityServiceLoader | undefined;
  private readonly identities = new SubscribeController<SenderIdentity[]>(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  override willUpdate(): void {
    // Another account signed in: another list.
    if (this.loader !== this.loadedFor) void this.reload();
  }

  /** Asks the server again (the dialog calls it when it opens); offline keeps what is known. */
  async reload(): Promise<void> {
    const loader = this.loader;
    if (loader !== this.loadedFor) {
      this.loadedFor = loader;
      this.service = null;
      this.editing = null;
      this.identities.setSource(undefined);
    }
    if (!loader) return;
    try {
      const service = await loader();
      if (loader !== this.loadedFor) return;
      this.service = service;
      this.identities.setSource(service.observe());
      // Offline the refresh fails and what is known stays; canEdit() unknown: the server decides.
      const [, editable, known] = await Promise.all([
        service.refresh().catch(() => undefined),
        service.canEdit().catch(() => null),
        service.list(),
      ]);
      if (loader !== this.loadedFor) return;
      this.editable = editable;
      this.known = known;
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not read the identities', { id: 'identities.loadError' }),
        err,
      );
    }
  }

  /** What the user signed in with: the identity that may not be removed. */
  private signIn(list: readonly SenderIdentity[]): string {
    return list.find((i) => !i.mayDelete)?.address ?? '';
  }

  private refusal(err: unknown, signIn: string): string {
    if (!(err instanceof IdentityRefusedError))
      return err instanceof Error ? err.message : String(err);
    switch (err.kind) {
      case 'offline':
        return msg('Identities can be changed only online.', { id: 'identities.offline' });
      case 'forbiddenFrom':
        return msg(
          str`This is not an address you may send from: only plus-addresses of ${signIn} can be added.`,
          {
            id: 'identities.forbiddenFrom',
          },
        );
      case 'unsupported':
        return msg('Your mail server cannot keep identities.', { id: 'identities.unsupported' });
      case 'invalid':
      case 'forbidden':
        return msg(str`The server refused the change: ${err.message}`, {
          id: 'identities.refused',
        });
    }
  }

  private async save(
    editing: SenderIdentity | 'new',
    address: string,
    input: IdentityInput,
    signIn: string,
  ) {
    const service = this.service;
    if (!service) return;
    try {
      if (editing === 'new') await service.create(address, input);
      else if (editing.id !== null) await service.update(editing.id, input);
    } catch (err) {
      throw new Error(this.refusal(err, signIn), { cause: err });
    }
    this.editing = null;
  }

  /** Make default and Remove: a refusal goes to the one notice service. */
  private async act(what: string, run: (s: IdentityService) => Promise<void>, signIn: string) {
    this.confirmRemove = null;
    const service = this.service;
    if (!service) return;
    try {
      await run(service);
    } catch (err) {
      reportError(this.notices, what, new Error(this.refusal(err, signIn)));
    }
  }

  private renderActions(i: SenderIdentity, signIn: string) {
    const id = i.id;
    if (this.editable === false || id === null) return nothing;
    if (this.confirmRemove === id)
      return html`<div
        class="row"
        role="group"
        aria-label=${msg(str`Remove ${i.address}`, { id: 'identities.removeNamed' })}
      >
        <span data-testid="identity-remove-question"
          >${msg(str`Remove the identity ${i.address}? Messages already sent stay as they are.`, { id: 'identities.removeConfirm' })}</span
        >
        <button
          class="danger"
          data-testid="identity-remove-confirm"
          @click=${() => void this.act(msg('Could not remove the identity', { id: 'identities.removeError' }), (s) => s.remove(id), signIn)}
        >
          ${msg('Remove', { id: 'identities.remove' })}
        </button>
        <button @click=${() => (this.confirmRemove = null)}>
          ${msg('Cancel', { id: 'common.cancel' })}
        </button>
      </div>`;
    return html`<div class="row">
      <button
        data-testid="identity-edit"
        aria-label=${msg(str`Edit ${i.address}`, { id: 'identities.editNamed' })}
        @click=${() => (this.editing = i)}
      >
        ${msg('Edit…', { id: 'identities.edit' })}
      </button>
      ${
        i.isDefault
          ? nothing
          : html`<button
              data-testid="identity-make-default"
              aria-label=${msg(str`Make ${i.address} the default`, { id: 'identities.makeDefaultNamed' })}
              @click=${() => void this.act(msg('Could not change the default identity', { id: 'identities.defaultError' }), (s) => s.makeDefault(id), signIn)}
            >
              ${msg('Make default', { id: 'identities.makeDefault' })}
            </button>`
      }
      ${
        i.mayDelete
          ? html`<button
              data-testid="identity-remove"
              aria-label=${msg(str`Remove ${i.address}`, { id: 'identities.removeNamed' })}
              @click=${() => (this.confirmRemove = id)}
            >
              ${msg('Remove', { id: 'identities.remove' })}
            </button>`
          : nothing
      }
    </div>`;
  }

  private renderIdentity(i: SenderIdentity, signIn: string) {
    const preview = firstLine(i.signature);
    return html`<li data-testid="identity" data-identity-address=${i.address}>
      <div>
        ${i.name ? html`<strong data-testid="identity-name-text">${i.name}</strong> ` : nothing}
        <span data-testid="identity-address-text">${i.name ? `<${i.address}>` : i.address}</span>
        ${i.isDefault ? html`<span class="badge" data-testid="identity-default">${msg('Default', { id: 'identities.default' })}</span>` : nothing}
        ${preview ? html`<span class="muted preview" data-testid="identity-preview">${preview}</span>` : nothing}
      </div>
      ${this.renderActions(i, signIn)}
    </li>`;
  }

  override render() {
    if (!this.loader) return nothing;
    const heading = html`<h3>
      ${msg('Identities and signatures', { id: 'identities.heading' })}
    </h3>`;
    const observed = this.identities.value ?? [];
    const list = observed.length > 0 ? observed : this.known;
    const signIn = this.signIn(list);
    const editing = this.editing;
    if (editing !== null)
      return html`${heading}<bz-identity-form
          .identity=${editing === 'new' ? null : editing}
          .signIn=${signIn}
          .save=${(address: string, input: IdentityInput) => this.save(editing, address, input, signIn)}
          .cancel=${() => (this.editing = null)}
        ></bz-identity-form>`;
    const example = plusAddressStart(signIn).replace('+@', '+shop@');
    return html`${heading}
      ${
        this.editable === false
          ? html`<p class="muted" data-testid="identities-read-only">
              ${msg('Your mail server does not let Buzón change identities, so they can only be viewed here.', { id: 'identities.readOnly' })}
            </p>`
          : signIn
            ? html`<p class="muted">
                ${msg(str`Only plus-addresses of your sign-in address, such as ${example}, can be added.`, { id: 'identities.intro' })}
              </p>`
            : nothing
      }
      ${
        list.length === 0
          ? nothing
          : html`<ul data-testid="identity-list">
              ${list.map((i) => this.renderIdentity(i, signIn))}
            </ul>`
      }
      ${
        this.editable === false || !this.service
          ? nothing
          : html`<button data-testid="identity-add" @click=${() => (this.editing = 'new')}>
              ${msg('Add identity…', { id: 'identities.addButton' })}
            </button>`
      } <bz-signature-settings></bz-signature-settings>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-identities-section': BzIdentitiesSection;
  }
}
