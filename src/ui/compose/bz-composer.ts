import { LitElement, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg } from '@lit/localize';
import {
  composeServiceContext,
  documentServiceContext,
  contactServiceContext,
  settingsServiceContext,
  pgpServiceContext,
} from '../../state/context.js';
import type { PgpServiceLoader } from '../../state/pgp-types.js';
import { PgpSendController } from './pgp/pgp-send-controller.js';
import type { ContactServiceLoader } from '../../state/contact-types.js';
import { currentSettings } from '../shared/settings-now.js';
import type {
  ComposeService,
  DocumentService,
  DraftInput,
  MailAddress,
  SettingsService,
} from '../../state/types.js';
import { SignatureController } from './signature-controller.js';
import { RichController } from './rich-controller.js';
import { signatureRow } from './signature-row.js';
import { myCardAttachment } from './contact-actions.js';
import type { BzComposeEvent } from '../events/bz-compose.js';
import { baseStyles } from '../shared/styles.js';
import { composerActions } from './composer-actions.js';
import type { Question } from './composer-actions.js';
import { composerStyles } from './composer-styles.js';
import { EMPTY_FIELDS, fieldsFromDraft, hasContent } from './recipients.js';
import type { ComposerFields } from './recipients.js';
import { RecipientsController } from './recipients-controller.js';
import { SenderController } from './sender-controller.js';
import { DraftController } from './draft-controller.js';
import { SendOptionsController } from './send-options-controller.js';
import { errorText, fileUnreadableText, heavyImageText, noMyCardText } from './composer-text.js';
import { messageBody } from './message-body.js';
import './bz-undo-send.js';
import './bz-document-picker.js';
import type { BzDocumentPicker } from './bz-document-picker.js';
import { attachmentBar, fileInput } from './attachment-list.js';
import { AttachmentsController } from './attachments-controller.js';

/**
 * SEND-1, SEND-13: the New message dialog. From (the service's senders), To, Cc and Bcc
 * (Cc/Bcc behind buttons), Subject and a plain-text body. Recipients are parsed by the
 * service; what is not an address is shown as text under its field and Send is refused
 * until it is fixed. After Send the dialog closes and the Undo bar takes over.
 *
 * The element opens, lays out and sends; each part with state of its own is a controller
 * (sender, recipients, draft, signature, rich text, attachments, OpenPGP) that it wires to
 * the fields it owns.
 */
@customElement('bz-composer')
@localized()
export class BzComposer extends LitElement {
  static override styles = [baseStyles, composerStyles];

  @consume({ context: composeServiceContext, subscribe: true }) compose?: ComposeService;
  @consume({ context: documentServiceContext, subscribe: true }) documents?: DocumentService;
  @consume({ context: settingsServiceContext, subscribe: true }) settingsService?: SettingsService;
  @consume({ context: contactServiceContext, subscribe: true }) contacts?: ContactServiceLoader;
  @consume({ context: pgpServiceContext, subscribe: true }) pgpLoader?: PgpServiceLoader;
  /** SEND-5: a reply's original as HTML, for quoting it as it looked in rich text. */
  private quotedHtml: DraftInput['quotedHtml'];

  /** SEND-7: who the message is from, and who each sent one was from (for Undo). */
  private readonly sender = new SenderController(this, {
    compose: () => this.compose,
    warn: (text) => (this.error = text),
  });

  /** SEND-1, CONTACTS-1/2: To, Cc and Bcc, parsed and checked. */
  private readonly recipients = new RecipientsController(this, {
    text: (name) => this.fields[name],
    setText: (name, text) => this.edit(name, text),
    compose: () => this.compose,
    contacts: () => this.contacts,
    focus: (id) => this.focusField(id),
    root: () => this.renderRoot as ShadowRoot,
  });

  /** SEND-2, TEMPLATE-2: the saved draft (autosave, Save draft, Discard) and templates. */
  private readonly draft = new DraftController(this, {
    compose: () => this.compose,
    sender: () => this.sender.address(),
    worthSaving: () => Boolean(this.dialog?.open) && this.hasContent(),
    written: () => this.written(),
    failed: (err) => (this.error = errorText(err)),
  });

  /** SEND-3, SEND-4: rich text for this message, and the images it shows. */
  private readonly rich = new RichController(this, {
    editor: () => this.renderRoot.querySelector('bz-rich-editor'),
    text: () => this.fields.text,
    setText: (text) => (this.fields = { ...this.fields, text }),
    documents: () => this.documents,
    warn: (text) => (this.error = text),
    heavyImage: heavyImageText,
  });

  /** SEND-16: the sender's signature in the text. */
  private readonly signature = new SignatureController(this, {
    text: () => this.fields.text,
    setText: (text) => (this.fields = { ...this.fields, text }),
    signature: () => this.sender.chosen?.signature ?? '',
    settings: () => this.settingsService,
  });
  /** SEND-16: what the server appends to every message, shown under the text. */
  @state() private required: string | null = null;
  /** SEND-10/11/15: priority, read receipt, files as links. */
  private readonly sendOptions = new SendOptionsController(
    this,
    () => this.attachments.list.length > 0,
  );
  /** PGP-2/3: Sign and Encrypt for this message, and the passphrase before Send. */
  private readonly pgp = new PgpSendController(this, {
    loader: () => this.pgpLoader,
    settings: () => this.settingsService,
    sender: () => this.sender.chosen?.address,
    recipients: () => this.recipients.all().map((a) => a.address),
    links: () => this.sendOptions.links,
    warn: (text) => (this.error = text),
  });
  /** ATTACH-1: what goes with the message; a change autosaves like typing does. */
  private readonly attachments = new AttachmentsController(
    this,
    () => this.draft.schedule(),
    (err) => (this.error = fileUnreadableText(err)),
  );
  @query('#files') private filePicker!: HTMLInputElement;
  @query('bz-document-picker') private documentPicker!: BzDocumentPicker;

  @state() private fields: ComposerFields = EMPTY_FIELDS;
  @state() private question: Question | null = null;
  @state() private error = '';
  @state() private sending = false;
  /** The message just sent, for the Undo bar. */
  @state() private undoId: string | null = null;
  @query('dialog') private dialog!: HTMLDialogElement;

  /** Opens the composer: blank, a draft that Undo send gave back, or a reply/forward. */
  async open(
    draft: DraftInput | null = null,
    outboxId: string | null = null,
    from: MailAddress | null = null,
  ): Promise<void> {
    this.fields = draft ? fieldsFromDraft(draft) : EMPTY_FIELDS;
    this.draft.open(draft);
    this.quotedHtml = draft?.quotedHtml;
    // SEND-4: inline images belong to the rich text, not to the attachment list.
    this.attachments.set((draft?.attachments ?? []).filter((a) => !a.contentId));
    this.rich.reset();
    this.sendOptions.reset(draft);
    this.recipients.reset();
    this.question = null;
    this.error = '';
    const pgpStarted = this.pgp.start(draft?.pgp);
    if (outboxId && outboxId === this.undoId) this.undoId = null;
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    this.focusField(this.fields.to ? 'body' : 'to');
    await this.sender.load(outboxId, from);
    // SEND-16: a new message, reply or forward gets the sender's signature; a draft or a
    // message Undo gave back already has what the user left in it.
    const fresh = !outboxId && !draft?.draftId;
    await this.signature.start(fresh);
    // SEND-3: a rich draft reopens rich; a new message is rich when Settings say so.
    if (draft?.html) await this.rich.enable(draft.html, draft.attachments ?? []);
    else if (fresh && (await currentSettings(this.settingsService))?.richText) {
      // SEND-16: a rich signature goes in as itself, not as its text version.
      const sender = this.sender.chosen;
      const rich = sender?.htmlSignature.trim() ? this.signature.detach() : false;
      await this.rich.enable(undefined, [], this.quotedHtml);
      if (rich && sender) await this.rich.appendSignature(sender.signature, sender.htmlSignature);
    }
    this.required = (await this.compose?.requiredSignature().catch(() => null)) ?? null;
    await this.sendOptions.loadLinks(draft, this.compose);
    // SEND-12: the account's limit, so a too-big message is flagged while attaching.
    this.attachments.limit =
      (await this.compose?.maxMessageBytes().catch(() => null)) ?? this.attachments.limit;
    await pgpStarted;
    this.requestUpdate();
  }

  private canSend(): boolean {
    return this.compose?.canSend() ?? false;
  }

  private focusField(id: string): void {
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`#${id}`)?.focus(),
    );
  }

  /** The user changed a field: kept, and saved after a pause. */
  private edit(name: keyof ComposerFields, value: string): void {
    this.fields = { ...this.fields, [name]: value };
    this.draft.schedule();
  }

  /** Whether there is anything to save or to ask about before throwing it away. */
  private hasContent(): boolean {
    return hasContent(this.fields) || this.attachments.list.length > 0;
  }

  /**
   * What is written, as a draft: recipients as far as they parse (a draft may be
   * unfinished); files, and with rich text its HTML and the images it shows (SEND-3,
   * SEND-4); SEND-10/11/15 and PGP-2/3 as chosen (nothing when left at their defaults).
   */
  private async written(): Promise<DraftInput> {
    const files = await this.attachments.settled();
    const rich = this.rich.forSending();
    const attachments = [...files, ...(rich?.inline ?? [])];
    return {
      ...(attachments.length > 0 ? { attachments } : {}),
      ...(rich ? { html: rich.html } : {}),
      to: this.recipients.addresses('to'),
      cc: this.recipients.addresses('cc'),
      bcc: this.recipients.addresses('bcc'),
      subject: this.fields.subject.trim(),
      text: this.fields.text,
      ...this.draft.carried(),
      ...this.pgp.options(),
      ...this.sendOptions.options(),
    };
  }

  /** Save draft: kept in Drafts, the composer closes. */
  private async saveAndClose(): Promise<void> {
    await this.draft.save();
    if (!this.error) this.close();
  }

  private async send(subjectConfirmed = false): Promise<void> {
    const compose = this.compose;
    if (!compose || !this.canSend() || this.sending) return;
    this.question = null;
    const recipients = this.recipients.forSending();
    if (!recipients) return;
    const subject = this.fields.subject.trim();
    if (!subject && !subjectConfirmed) {
      this.question = 'no-subject';
      return this.focusField('question-cancel');
    }
    const from = this.sender.address();
    if (!from) {
      this.error = msg('There is no address to send from.', { id: 'compose.noSender' });
      return;
    }
    if (!(await this.pgp.ready())) return;
    this.sending = true;
    this.error = '';
    try {
      await this.draft.settle();
      // What is written, with the recipients and subject as checked above.
      const id = await compose.send(from, { ...(await this.written()), ...recipients, subject });
      this.draft.sent();
      this.sender.sent(id, from);
      this.undoId = id;
      this.close();
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.sending = false;
    }
  }

  /** SEND-14: the user's own card (Contacts → My card) as a vCard attachment. */
  private async attachMyCard(): Promise<void> {
    if (!this.contacts) return;
    try {
      const card = await myCardAttachment(this.contacts);
      if (card) this.attachments.add([card]);
      else this.error = noMyCardText();
    } catch (err) {
      this.error = errorText(err);
    }
  }

  private async attachFromDocuments(): Promise<void> {
    this.attachments.add(await this.documentPicker.pick());
  }

  /** Discard or Escape: asks first when something was typed. */
  private requestDiscard(): void {
    if (this.question) this.question = null;
    else if (this.hasContent()) {
      this.question = 'discard';
      this.focusField('question-cancel');
    } else void this.discard();
  }

  /** Discard confirmed: the saved draft goes too. */
  private discard(): Promise<void> {
    return this.draft.discard(() => this.close());
  }

  private close(): void {
    this.draft.close();
    this.fields = EMPTY_FIELDS;
    this.attachments.set([]);
    this.question = null;
    if (this.dialog.open) this.dialog.close();
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.key !== 'Escape') return;
    // Handled here, not by the dialog, so typed text is never lost to a stray Escape.
    e.preventDefault();
    this.requestDiscard();
  }

  private renderActions() {
    return composerActions({
      question: this.question,
      sendDisabled: !this.canSend() || this.sending,
      keepEditing: () => (this.question = null),
      confirm: () => void (this.question === 'no-subject' ? this.send(true) : this.discard()),
      discard: () => this.requestDiscard(),
      send: () => void this.send(),
      saveDraft: () => void this.saveAndClose(),
      saveTemplate: () => void this.draft.saveTemplate(),
      templateSaved: this.draft.templateSaved,
      canSaveDraft: this.sender.list.length > 0,
      savedAt: this.draft.savedAt,
    });
  }

  /** SEND-16 "Insert signature": into the rich text, else at the plain text's cursor. */
  private insertSignature(): void {
    const sig = this.sender.chosen?.signature ?? '';
    const htmlSig = this.sender.chosen?.htmlSignature ?? '';
    if (this.rich.on) void this.rich.insertSignature(sig, htmlSig);
    else
      this.signature.insertAt(
        this.renderRoot.querySelector<HTMLTextAreaElement>('#body')?.selectionStart ?? 0,
      );
    this.draft.schedule();
  }

  override render() {
    return html`<dialog
        aria-labelledby="title"
        data-testid="composer"
        @keydown=${this.onKeydown}
        @dragover=${(e: DragEvent) => this.attachments.onDragOver(e)}
        @drop=${(e: DragEvent) => this.attachments.onDrop(e)}
        @paste=${(e: ClipboardEvent) => this.attachments.onPaste(e)}
        @cancel=${(e: Event) => {
          e.preventDefault();
          this.requestDiscard();
        }}
      >
        <header><h2 id="title">${msg('New message', { id: 'compose.title' })}</h2></header>
        ${
          this.canSend()
            ? nothing
            : html`<p class="cannot-send" data-testid="compose-cannot-send">
                ${msg('Sending needs a signed-in account whose mail server can send. Sign in to an account to send this message.', { id: 'compose.cannotSend' })}
              </p>`
        }
        <div class="fields">
          ${this.sender.render((i) => void this.signature.swap(() => this.sender.choose(i)))}
          ${this.recipients.render()}
          <label for="subject">${msg('Subject', { id: 'compose.subject' })}</label>
          <input
            id="subject"
            type="text"
            data-testid="compose-subject"
            .value=${this.fields.subject}
            @input=${(e: InputEvent) => this.edit('subject', (e.target as HTMLInputElement).value)}
          />
        </div>
        ${messageBody({
          rich: this.rich,
          text: this.fields.text,
          quotedHtml: this.quotedHtml,
          setText: (text) => this.edit('text', text),
          richEdited: () => this.draft.schedule(),
          failed: (err) => (this.error = errorText(err)),
        })}
        ${signatureRow(this.signature, () => this.insertSignature(), this.required, this.rich.on)}
        ${attachmentBar({
          attachments: this.attachments,
          pick: () => this.filePicker.click(),
          ...(this.documents ? { fromDocuments: () => void this.attachFromDocuments() } : {}),
          ...(this.contacts ? { myCard: () => void this.attachMyCard() } : {}),
        })}
        ${this.recipients.renderSmsNote(this.attachments.list.length > 0)}${this.sendOptions.renderLinks(this.pgp.encrypt)}
        ${fileInput(this.attachments)} ${this.sendOptions.render()} ${this.pgp.render()}
        <p class="error" role="alert" data-testid="compose-error">${this.error}</p>
        ${this.renderActions()}
      </dialog>
      <bz-document-picker></bz-document-picker>
      <bz-undo-send
        .itemId=${this.undoId}
        @bz-compose=${(e: BzComposeEvent) => {
          e.stopPropagation();
          void this.open(e.draft, e.outboxId);
        }}
      ></bz-undo-send>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-composer': BzComposer;
  }
}
