import { html, nothing } from 'lit';
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { ContactServiceLoader } from '../../state/contact-types.js';
import type { ComposeService, MailAddress } from '../../state/types.js';
import { addressBookButton, pickIntoField } from './contact-actions.js';
import { recipientField } from './recipient-field.js';
import { RECIPIENT_FIELDS } from './recipients.js';
import type { RecipientField } from './recipients.js';
import { smsNote } from './sending-notes.js';

/** What the controller needs of the composer: the typed text lives with the other fields. */
export interface RecipientsHost {
  /** The field's text as typed. */
  text(name: RecipientField): string;
  /** The user changed the field's text (the composer keeps it and autosaves). */
  setText(name: RecipientField, text: string): void;
  /** Parses what was typed (SEND-1; SEND-8 phone numbers); absent: nothing parses. */
  compose(): ComposeService | undefined;
  /** CONTACTS-2: the address book; absent: no address-book buttons. */
  contacts(): ContactServiceLoader | undefined;
  /** Moves focus to the element with this id once rendered. */
  focus(id: string): void;
  /** Where the address-book picker opens (the composer's shadow root). */
  root(): ShadowRoot;
}

/** The three fields' addresses, as Send takes them. */
export type RecipientLists = Record<RecipientField, MailAddress[]>;

/**
 * SEND-1 in the composer: To, Cc and Bcc (Cc/Bcc behind buttons until used), what was
 * typed parsed by the service, and what is wrong with it shown under its field until it is
 * fixed; the address-book button and picker (CONTACTS-2) and the suggestions while typing
 * (CONTACTS-1, in bz-recipient-input). Kept apart from the composer because every other
 * part (autosave, Send, PGP-3's recipients without a key, SEND-8's SMS note) only asks it
 * for the addresses.
 */
export class RecipientsController implements ReactiveController {
  private showCc = false;
  private showBcc = false;
  /** The typed parts that are not addresses, per field, as last parsed. */
  private invalid: Partial<Record<RecipientField, string[]>> = {};
  /** Send found no recipient at all (said under To until the user types in a field). */
  private noRecipient = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly access: RecipientsHost,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** A message opens: Cc and Bcc shown when they hold something, no errors yet. */
  reset(): void {
    this.showCc = this.access.text('cc') !== '';
    this.showBcc = this.access.text('bcc') !== '';
    this.invalid = {};
    this.noRecipient = false;
    this.host.requestUpdate();
  }

  /** A field's addresses as far as they parse (a draft may be unfinished). */
  addresses(name: RecipientField): MailAddress[] {
    return this.access.compose()?.parseRecipients(this.access.text(name)).addresses ?? [];
  }

  /** Every address typed so far, To then Cc then Bcc. */
  all(): MailAddress[] {
    return RECIPIENT_FIELDS.flatMap((f) => this.addresses(f));
  }

  /** The field's addresses; what is not one is remembered to be shown under it. */
  private parse(name: RecipientField): MailAddress[] {
    const parsed = this.access.compose()?.parseRecipients(this.access.text(name)) ?? {
      addresses: [],
      invalid: [],
    };
    this.invalid = { ...this.invalid, [name]: parsed.invalid };
    this.host.requestUpdate();
    return parsed.addresses;
  }

  /**
   * Before Send: the three lists, or null (the first wrong field focused, or "Add at least
   * one recipient" under To) when they cannot go as typed.
   */
  forSending(): RecipientLists | null {
    const [to, cc, bcc] = RECIPIENT_FIELDS.map((f) => this.parse(f)) as [
      MailAddress[],
      MailAddress[],
      MailAddress[],
    ];
    const wrong = RECIPIENT_FIELDS.find((f) => this.invalid[f]?.length);
    if (wrong) {
      this.access.focus(wrong);
      return null;
    }
    if (to.length + cc.length + bcc.length === 0) {
      this.noRecipient = true;
      this.host.requestUpdate();
      this.access.focus('to');
      return null;
    }
    return { to, cc, bcc };
  }

  private onInput(name: RecipientField, value: string): void {
    this.access.setText(name, value);
    this.noRecipient = false;
    this.host.requestUpdate();
    // An error already shown follows the typing, so it goes away once fixed.
    if (this.invalid[name]?.length) this.parse(name);
  }

  private async pick(name: RecipientField): Promise<void> {
    const text = await pickIntoField(this.access.root(), name, this.access.text(name));
    if (text === null) return;
    this.onInput(name, text);
    this.parse(name);
  }

  private field(name: RecipientField, label: string, extra: unknown = nothing) {
    return recipientField({
      name,
      label,
      extra: html`${
        this.access.contacts()
          ? addressBookButton(name, label, () => void this.pick(name))
          : nothing
      }${extra}`,
      value: this.access.text(name),
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
        this.host.requestUpdate();
        this.access.focus(which);
      }}
    >
      ${name}
    </button>`;
  }

  /** The To row (with Add Cc / Add Bcc), then Cc and Bcc once shown. */
  render(): TemplateResult {
    const cc = msg('Cc', { id: 'compose.cc' });
    const bcc = msg('Bcc', { id: 'compose.bcc' });
    return html`${this.field(
      'to',
      msg('To', { id: 'compose.to' }),
      html`${this.reveal('cc', msg('Add Cc recipients', { id: 'compose.addCc' }), cc)}${this.reveal('bcc', msg('Add Bcc recipients', { id: 'compose.addBcc' }), bcc)}`,
    )}
    ${this.showCc ? this.field('cc', cc) : nothing}
    ${this.showBcc ? this.field('bcc', bcc) : nothing}`;
  }

  /** SEND-8: the note that SMS recipients get no attachments, when both are there. */
  renderSmsNote(hasFiles: boolean): TemplateResult | typeof nothing {
    return smsNote(hasFiles, this.all());
  }
}
