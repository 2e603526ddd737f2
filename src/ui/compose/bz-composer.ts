import { LitElement, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import {
  composeServiceContext,
  documentServiceContext,
  contactServiceContext,
  settingsServiceContext,
  pgpServiceContext,
} from '../../state/context.js';
import type { PgpServiceLoader } from '../../state/pgp-types.js';
import { PgpSendController } from './pgp/pgp-send-controller.js';
import { pgpErrorText } from './pgp/pgp-text.js';
import type { ContactServiceLoader } from '../../state/contact-types.js';
import { currentSettings } from '../shared/settings-now.js';
import type {
  ComposeService,
  DocumentService,
  DraftInput,
  MailAddress,
  SettingsService,
} from '../../state/types.js';
import type { SenderIdentity } from '../../state/identity-types.js';
import { SignatureController } from './signature-controller.js';
import { RichController } from './rich-controller.js';
import type { BzRichInputEvent } from './rich/bz-rich-input.js';
import type { BzRichImageFilesEvent } from './rich/bz-rich-image-files.js';
import { signatureRow } from './signature-row.js';
import { sendOptions } from './send-options.js';
import { addressBookButton, myCardAttachment, pickIntoField } from './contact-actions.js';
import { linksOption, smsNote } from './sending-notes.js';
import { LinksNeedNetworkError, MessageTooLargeError } from '../../state/compose-errors.js';
import type { BzComposeEvent } from '../events/bz-compose.js';
import { baseStyles } from '../shared/styles.js';
import { composerActions } from './composer-actions.js';
import type { Question } from './composer-actions.js';
import { composerStyles } from './composer-styles.js';
import { recipientField } from './recipient-field.js';
import {
  EMPTY_FIELDS,
  RECIPIENT_FIELDS,
  fieldsFromDraft,
  formatAddress,
  hasContent,
} from './recipients.js';
import type { ComposerFields, RecipientField } from './recipients.js';
import './bz-undo-send.js';
import './bz-document-picker.js';
import type { BzDocumentPicker } from './bz-document-picker.js';
import { attachmentBar } from './attachment-list.js';
import { AttachmentsController } from './attachments-controller.js';
import { formatSize } from '../shared/format.js';

/**
 * SEND-1, SEND-13: the New message dialog. From (the service's senders), To, Cc and Bcc
 * (Cc/Bcc behind buttons), Subject and a plain-text body. Recipients are parsed by the
 * service; what is not an address is shown as text under its field and Send is refused
 * until it is fixed. After Send the dialog closes and the Undo bar takes over.
 */
/** Autosave after this pause in typing (SEND-2): often enough to lose little, rarely enough not to churn. */
const AUTOSAVE_AFTER_MS = 3_000;

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

  /** SEND-3, SEND-4: rich text for this message, and the images it shows. */
  private readonly rich = new RichController(this, {
    editor: () => this.renderRoot.querySelector('bz-rich-editor'),
    text: () => this.fields.text,
    setText: (text) => (this.fields = { ...this.fields, text }),
    documents: () => this.documents,
    warn: (text) => (this.error = text),
    heavyImage: (name, bytes) =>
      msg(
        str`${name} is ${formatSize(bytes)}: heavy for a picture in a message. Recipients on a slow connection wait for it.`,
        { id: 'compose.heavyImage' },
      ),
  });

  /** SEND-16: the sender's signature in the text. */
  private readonly signature = new SignatureController(this, {
    text: () => this.fields.text,
    setText: (text) => (this.fields = { ...this.fields, text }),
    signature: () => this.senders[this.fromIndex]?.signature ?? '',
    settings: () => this.settingsService,
  });
  /** SEND-16: what the server appends to every message, shown under the text. */
  @state() private required: string | null = null;
  /** SEND-15: files as links for this message, and what the server allows. */
  @state() private asLinks = false;
  @state() private linkPolicy: { days: number; notices: boolean } | null = null;
  /** PGP-2/3: Sign and Encrypt for this message, and the passphrase before Send. */
  private readonly pgp = new PgpSendController(this, {
    loader: () => this.pgpLoader,
    settings: () => this.settingsService,
    sender: () => this.senders[this.fromIndex]?.address,
    recipients: () =>
      RECIPIENT_FIELDS.flatMap(
        (f) => this.compose?.parseRecipients(this.fields[f]).addresses ?? [],
      ).map((a) => a.address),
    links: () => this.asLinks && this.attachments.list.length > 0,
    warn: (text) => (this.error = text),
  });
  /** ATTACH-1: what goes with the message; a change autosaves like typing does. */
  private readonly attachments = new AttachmentsController(
    this,
    () => this.scheduleAutosave(),
    (err) =>
      (this.error = msg(str`Could not read the file: ${this.describe(err)}`, {
        id: 'compose.fileUnreadable',
      })),
  );
  @query('#files') private filePicker!: HTMLInputElement;
  @query('bz-document-picker') private documentPicker!: BzDocumentPicker;

  @state() private fields: ComposerFields = EMPTY_FIELDS;
  @state() private showCc = false;
  @state() private showBcc = false;
  @state() private senders: SenderIdentity[] = [];
  @state() private fromIndex = 0;
  @state() private invalid: Partial<Record<RecipientField, string[]>> = {};
  @state() private noRecipient = false;
  @state() private question: Question | null = null;
  @state() private error = '';
  @state() private sending = false;
  /** SEND-2: the draft saved for this message, replaced by each later save. */
  private draftId: string | null = null;
  private autosave: ReturnType<typeof setTimeout> | undefined;
  /** The save running now: Send and Discard wait for it, so no draft outlives them. */
  private saving: Promise<void> = Promise.resolve();
  @state() private savedAt: number | null = null;
  /** TEMPLATE-2: this message was saved as a template (the line under the text says so). */
  @state() private templateSaved = false;
  /** SEND-10, SEND-11. */
  @state() private priority: NonNullable<DraftInput['priority']> = 'normal';
  @state() private requestReceipt = false;
  /** The message just sent, for the Undo bar. */
  @state() private undoId: string | null = null;
  /** Who each sent message was from, so Undo gives the sender back too. */
  private readonly sentFrom = new Map<string, MailAddress>();
  @query('dialog') private dialog!: HTMLDialogElement;

  /**
   * What the opened draft carries besides its fields (a reply's threading headers and the
   * message it answers; whether a template's variables are to be filled), sent along
   * unchanged.
   */
  private threading: Pick<DraftInput, 'inReplyTo' | 'references' | 'respondsTo' | 'fillVariables'> =
    {};

  /** Opens the composer: blank, a draft that Undo send gave back, or a reply/forward. */
  async open(
    draft: DraftInput | null = null,
    outboxId: string | null = null,
    from: MailAddress | null = null,
  ): Promise<void> {
    this.fields = draft ? fieldsFromDraft(draft) : EMPTY_FIELDS;
    this.threading = draft
      ? {
          inReplyTo: draft.inReplyTo ?? null,
          references: draft.references ?? [],
          respondsTo: draft.respondsTo ?? null,
          ...(draft.fillVariables ? { fillVariables: true } : {}),
        }
      : {};
    this.draftId = draft?.draftId ?? null;
    this.quotedHtml = draft?.quotedHtml;
    this.templateSaved = false;
    // SEND-4: inline images belong to the rich text, not to the attachment list.
    this.attachments.set((draft?.attachments ?? []).filter((a) => !a.contentId));
    this.rich.reset();
    this.savedAt = null;
    this.priority = draft?.priority ?? 'normal';
    this.requestReceipt = draft?.requestReceipt ?? false;
    this.showCc = this.fields.cc !== '';
    this.showBcc = this.fields.bcc !== '';
    this.invalid = {};
    this.noRecipient = false;
    this.question = null;
    this.error = '';
    const pgpStarted = this.pgp.start(draft?.pgp);
    if (outboxId && outboxId === this.undoId) this.undoId = null;
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    this.focusField(this.fields.to ? 'body' : 'to');
    await this.loadSenders(
      (outboxId ? this.sentFrom.get(outboxId) : undefined) ?? from ?? undefined,
    );
    // SEND-16: a new message, reply or forward gets the sender's signature; a draft or a
    // message Undo gave back already has what the user left in it.
    const fresh = !outboxId && !draft?.draftId;
    await this.signature.start(fresh);
    // SEND-3: a rich draft reopens rich; a new message is rich when Settings say so.
    if (draft?.html) await this.rich.enable(draft.html, draft.attachments ?? []);
    else if (fresh && (await currentSettings(this.settingsService))?.richText) {
      // SEND-16: a rich signature goes in as itself, not as its text version.
      const sender = this.senders[this.fromIndex];
      const rich = sender?.htmlSignature.trim() ? this.signature.detach() : false;
      await this.rich.enable(undefined, [], this.quotedHtml);
      if (rich && sender) await this.rich.appendSignature(sender.signature, sender.htmlSignature);
    }
    this.required = (await this.compose?.requiredSignature().catch(() => null)) ?? null;
    this.asLinks = draft?.sendAsLinks === true;
    this.linkPolicy = (await this.compose?.linkPolicy().catch(() => null)) ?? null;
    // SEND-12: the account's limit, so a too-big message is flagged while attaching.
    this.attachments.limit =
      (await this.compose?.maxMessageBytes().catch(() => null)) ?? this.attachments.limit;
    await pgpStarted;
    this.requestUpdate();
  }

  private async loadSenders(previous: MailAddress | undefined): Promise<void> {
    if (!this.compose) return;
    try {
      this.senders = await this.compose.senders();
      // The identity the original was written to (SEND-7), else the default one.
      const lower = previous?.address.toLowerCase();
      const exact = previous
        ? this.senders.findIndex(
            (s) => s.address.toLowerCase() === lower && s.name === previous.name,
          )
        : -1;
      const at =
        exact >= 0 ? exact : this.senders.findIndex((s) => s.address.toLowerCase() === lower);
      const fallback = Math.max(
        this.senders.findIndex((s) => s.isDefault),
        0,
      );
      this.fromIndex = at >= 0 ? at : fallback;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  /** The chosen sender as an address (the service knows the identity that goes with it). */
  private chosenSender(): MailAddress | undefined {
    const s = this.senders[this.fromIndex];
    return s ? { name: s.name, address: s.address } : undefined;
  }

  private canSend(): boolean {
    return this.compose?.canSend() ?? false;
  }

  private focusField(id: string): void {
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`#${id}`)?.focus(),
    );
  }

  private scheduleAutosave(): void {
    clearTimeout(this.autosave);
    this.autosave = setTimeout(() => void this.saveDraft(), AUTOSAVE_AFTER_MS);
  }

  private onInput(name: keyof ComposerFields, value: string): void {
    this.fields = { ...this.fields, [name]: value };
    this.scheduleAutosave();
    if (name === 'to' || name === 'cc' || name === 'bcc') {
      this.noRecipient = false;
      // An error already shown follows the typing, so it goes away once fixed.
      if (this.invalid[name]?.length) this.parse(name);
    }
  }

  /** The field's addresses; what is not one is remembered to be shown under it. */
  private parse(name: RecipientField): MailAddress[] {
    const parsed = this.compose?.parseRecipients(this.fields[name]) ?? {
      addresses: [],
      invalid: [],
    };
    this.invalid = { ...this.invalid, [name]: parsed.invalid };
    return parsed.addresses;
  }

  /** Whether there is anything to save or to ask about before throwing it away. */
  private hasContent(): boolean {
    return hasContent(this.fields) || this.attachments.list.length > 0;
  }

  /** Files, and with rich text its HTML and the images it shows (SEND-3, SEND-4). */
  private async body(): Promise<Pick<DraftInput, 'attachments' | 'html'>> {
    const files = await this.attachments.settled();
    const rich = this.rich.forSending();
    const attachments = [...files, ...(rich?.inline ?? [])];
    return {
      ...(attachments.length > 0 ? { attachments } : {}),
      ...(rich ? { html: rich.html } : {}),
    };
  }

  /** What is written, as a draft: recipients as far as they parse (a draft may be unfinished). */
  private async written(): Promise<DraftInput> {
    const list = (name: RecipientField) =>
      this.compose?.parseRecipients(this.fields[name]).addresses ?? [];
    return {
      ...(await this.body()),
      to: list('to'),
      cc: list('cc'),
      bcc: list('bcc'),
      subject: this.fields.subject.trim(),
      text: this.fields.text,
      ...this.threading,
      draftId: this.draftId,
      ...this.options(),
    };
  }

  /** SEND-10/11/15 and PGP-2/3 as chosen; nothing when left at their defaults. */
  private options(): Pick<DraftInput, 'priority' | 'requestReceipt' | 'sendAsLinks' | 'pgp'> {
    return {
      ...this.pgp.options(),
      ...(this.asLinks && this.attachments.list.length > 0 ? { sendAsLinks: true } : {}),
      ...(this.priority !== 'normal' ? { priority: this.priority } : {}),
      ...(this.requestReceipt ? { requestReceipt: true } : {}),
    };
  }

  /** SEND-2: saves to Drafts (autosave, or Save draft); each save replaces the last. */
  private saveDraft(): Promise<void> {
    clearTimeout(this.autosave);
    const compose = this.compose;
    const from = this.chosenSender();
    if (!compose || !from || !this.dialog?.open || !this.hasContent()) return this.saving;
    const written = this.written();
    this.saving = this.saving.then(async () => {
      try {
        const draft = await written;
        this.draftId = await compose.saveDraft(from, { ...draft, draftId: this.draftId });
        this.savedAt = Date.now();
      } catch (err) {
        this.error = this.describe(err);
      }
    });
    return this.saving;
  }

  /** TEMPLATE-2: a copy of what is written goes to Templates; editing on changes only the message. */
  private async saveTemplate(): Promise<void> {
    const compose = this.compose;
    const from = this.chosenSender();
    if (!compose || !from) return;
    try {
      await compose.saveTemplate(from, await this.written());
      this.templateSaved = true;
    } catch (err) {
      this.error = this.describe(err);
    }
  }

  /** Save draft: kept in Drafts, the composer closes. */
  private async saveAndClose(): Promise<void> {
    await this.saveDraft();
    if (!this.error) this.close();
  }

  private async send(subjectConfirmed = false): Promise<void> {
    const compose = this.compose;
    if (!compose || !this.canSend() || this.sending) return;
    this.question = null;
    const [to, cc, bcc] = RECIPIENT_FIELDS.map((f) => this.parse(f)) as [
      MailAddress[],
      MailAddress[],
      MailAddress[],
    ];
    const wrong = RECIPIENT_FIELDS.find((f) => this.invalid[f]?.length);
    if (wrong) return this.focusField(wrong);
    if (to.length + cc.length + bcc.length === 0) {
      this.noRecipient = true;
      return this.focusField('to');
    }
    const subject = this.fields.subject.trim();
    if (!subject && !subjectConfirmed) {
      this.question = 'no-subject';
      return this.focusField('question-cancel');
    }
    const from = this.chosenSender();
    if (!from) {
      this.error = msg('There is no address to send from.', { id: 'compose.noSender' });
      return;
    }
    if (!(await this.pgp.ready())) return;
    this.sending = true;
    this.error = '';
    clearTimeout(this.autosave);
    try {
      await this.saving;
      const body = await this.body();
      const id = await compose.send(from, {
        to,
        cc,
        bcc,
        subject,
        text: this.fields.text,
        ...this.threading,
        draftId: this.draftId,
        ...this.options(),
        ...body,
      });
      this.draftId = null;
      this.sentFrom.set(id, from);
      this.undoId = id;
      this.close();
    } catch (err) {
      this.error = this.describe(err);
    } finally {
      this.sending = false;
    }
  }

  /** An error as the user reads it. */
  private describe(err: unknown): string {
    if (err instanceof LinksNeedNetworkError) {
      return msg(
        'Sending files as links needs a connection. Send them as attachments, or try again when you are online.',
        { id: 'compose.linksOffline' },
      );
    }
    if (err instanceof MessageTooLargeError) {
      return msg(
        str`This message is ${formatSize(err.size)}; this account sends at most ${formatSize(err.limit)}. Remove some attachments.`,
        { id: 'compose.tooLarge' },
      );
    }
    return pgpErrorText(err) ?? (err instanceof Error ? err.message : String(err));
  }

  /** SEND-3: the plain-text field, or the rich editor (loaded when chosen), and the switch. */
  private renderBody() {
    const toggle = html`<button
      type="button"
      class="rich-toggle"
      data-testid="compose-rich-toggle"
      aria-pressed=${this.rich.on ? 'true' : 'false'}
      @click=${() =>
        void (this.rich.on
          ? this.rich.disable()
          : this.rich.enable(undefined, [], this.quotedHtml))}
    >
      ${msg('Rich text', { id: 'compose.richText' })}
    </button>`;
    const editor = this.rich.on
      ? html`<bz-rich-editor
          id="body"
          data-testid="compose-rich"
          .html=${this.rich.html}
          placeholder=${msg('Message text', { id: 'compose.body' })}
          @bz-rich-input=${(e: BzRichInputEvent) => {
            this.rich.onInput(e.html, e.text);
            this.scheduleAutosave();
          }}
          @bz-rich-image-files=${(e: BzRichImageFilesEvent) =>
            void this.rich
              .addImages(e.files)
              .catch((err: unknown) => (this.error = this.describe(err)))}
        ></bz-rich-editor>`
      : html`<textarea
          id="body"
          data-testid="compose-body"
          .value=${this.fields.text}
          @input=${(e: InputEvent) => this.onInput('text', (e.target as HTMLTextAreaElement).value)}
        ></textarea>`;
    return html`<div class="body-row">${toggle}</div>
      ${editor}`;
  }

  private async pickRecipients(name: RecipientField): Promise<void> {
    const text = await pickIntoField(this.renderRoot as ShadowRoot, name, this.fields[name]);
    if (text === null) return;
    this.onInput(name, text);
    this.parse(name);
  }

  /** SEND-14: the user's own card (Contacts → My card) as a vCard attachment. */
  private async attachMyCard(): Promise<void> {
    if (!this.contacts) return;
    try {
      const card = await myCardAttachment(this.contacts);
      if (card) this.attachments.add([card]);
      else
        this.error = msg('Fill in My card under Contacts first: it is what this attaches.', {
          id: 'compose.noMyCard',
        });
    } catch (err) {
      this.error = this.describe(err);
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
  private async discard(): Promise<void> {
    clearTimeout(this.autosave);
    await this.saving;
    const id = this.draftId;
    this.close();
    if (id) await this.compose?.discardDraft(id).catch(() => undefined);
  }

  private close(): void {
    clearTimeout(this.autosave);
    this.draftId = null;
    this.fields = EMPTY_FIELDS;
    this.attachments.set([]);
    this.threading = {};
    this.question = null;
    if (this.dialog.open) this.dialog.close();
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.key !== 'Escape') return;
    // Handled here, not by the dialog, so typed text is never lost to a stray Escape.
    e.preventDefault();
    this.requestDiscard();
  }

  private recipientField(name: RecipientField, label: string, extra: unknown = nothing) {
    return recipientField({
      name,
      label,
      extra: html`${
        this.contacts
          ? addressBookButton(name, label, () => void this.pickRecipients(name))
          : nothing
      }${extra}`,
      value: this.fields[name],
      invalid: this.invalid[name] ?? [],
      missing: name === 'to' && this.noRecipient,
      onInput: (value) => this.onInput(name, value),
      onChange: () => this.parse(name),
    });
  }

  private reveal(which: 'cc' | 'bcc', label: string, name: string) {
    const shown = which === 'cc' ? this.showCc : this.showBcc;
    if (shown) return nothing;
    return html`<button
      type="button"
      aria-label=${label}
      title=${label}
      @click=${() => {
        if (which === 'cc') this.showCc = true;
        else this.showBcc = true;
        this.focusField(which);
      }}
    >
      ${name}
    </button>`;
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
      saveTemplate: () => void this.saveTemplate(),
      templateSaved: this.templateSaved,
      canSaveDraft: this.senders.length > 0,
      savedAt: this.savedAt,
    });
  }

  override render() {
    const cc = msg('Cc', { id: 'compose.cc' });
    const bcc = msg('Bcc', { id: 'compose.bcc' });
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
          <label for="from">${msg('From', { id: 'compose.from' })}</label>
          <select
            id="from"
            data-testid="compose-from"
            @change=${(e: Event) =>
              void this.signature.swap(
                () => (this.fromIndex = Number((e.target as HTMLSelectElement).value)),
              )}
          >
            ${this.senders.map(
              (s, i) =>
                html`<option value=${i} ?selected=${i === this.fromIndex}>
                  ${formatAddress(s)}
                </option>`,
            )}
          </select>
          ${this.recipientField(
            'to',
            msg('To', { id: 'compose.to' }),
            html`${this.reveal('cc', msg('Add Cc recipients', { id: 'compose.addCc' }), cc)}${this.reveal('bcc', msg('Add Bcc recipients', { id: 'compose.addBcc' }), bcc)}`,
          )}
          ${this.showCc ? this.recipientField('cc', cc) : nothing}
          ${this.showBcc ? this.recipientField('bcc', bcc) : nothing}
          <label for="subject">${msg('Subject', { id: 'compose.subject' })}</label>
          <input
            id="subject"
            type="text"
            data-testid="compose-subject"
            .value=${this.fields.subject}
            @input=${(e: InputEvent) => this.onInput('subject', (e.target as HTMLInputElement).value)}
          />
        </div>
        <label for="body" class="visually-hidden"
          >${msg('Message text', { id: 'compose.body' })}</label
        >
        ${this.renderBody()}
        ${signatureRow(
          this.signature,
          () => {
            const sig = this.senders[this.fromIndex]?.signature ?? '';
            const htmlSig = this.senders[this.fromIndex]?.htmlSignature ?? '';
            if (this.rich.on) void this.rich.insertSignature(sig, htmlSig);
            else
              this.signature.insertAt(
                this.renderRoot.querySelector<HTMLTextAreaElement>('#body')?.selectionStart ?? 0,
              );
            this.scheduleAutosave();
          },
          this.required,
          this.rich.on,
        )}
        ${attachmentBar({
          attachments: this.attachments,
          pick: () => this.filePicker.click(),
          ...(this.documents ? { fromDocuments: () => void this.attachFromDocuments() } : {}),
          ...(this.contacts ? { myCard: () => void this.attachMyCard() } : {}),
        })}
        ${smsNote(
          this.attachments.list.length > 0,
          RECIPIENT_FIELDS.flatMap(
            (f) => this.compose?.parseRecipients(this.fields[f]).addresses ?? [],
          ),
        )}${linksOption(
          this.linkPolicy,
          this.attachments.list.length > 0,
          this.asLinks,
          (on) => (this.asLinks = on),
          this.pgp.encrypt,
        )}
        <input
          id="files"
          type="file"
          multiple
          hidden
          data-testid="compose-file-input"
          @change=${(e: Event) => {
            const input = e.target as HTMLInputElement;
            this.attachments.attachFiles(input.files);
            input.value = '';
          }}
        />
        ${sendOptions({
          priority: this.priority,
          requestReceipt: this.requestReceipt,
          setPriority: (p) => (this.priority = p),
          setRequestReceipt: (on) => (this.requestReceipt = on),
        })}
        ${this.pgp.render()}
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
