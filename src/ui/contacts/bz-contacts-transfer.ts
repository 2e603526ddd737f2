import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type {
  ContactFileKind,
  ContactImportReport,
  ContactService,
} from '../../state/contact-types.js';
import type { NoticeService } from '../../state/types.js';
import { downloadBlob } from '../shared/download.js';
import { need, reportError } from '../shared/errors.js';
import { baseStyles } from '../shared/styles.js';
import { skipText } from './contact-text.js';
import { contactsStyles } from './contacts-styles.js';

/** Skipped cards listed one by one; past this the report only counts them. */
const MAX_SKIPS_LISTED = 10;

/**
 * The file's text: UTF-8 as vCard 4.0 and Google write it, else Windows-1252, which older
 * Outlook CSV exports use (a UTF-8 decoder would turn their "ñ" into "�").
 */
async function fileText(file: Blob): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** vCard or CSV, by the file's extension, else by what it starts with. */
function kindOf(name: string, text: string): ContactFileKind {
  if (/\.(vcf|vcard)$/i.test(name)) return 'vcard';
  if (/\.csv$/i.test(name)) return 'csv';
  return /^\s*BEGIN:VCARD/i.test(text) ? 'vcard' : 'csv';
}

/**
 * CONTACTS-6: import a .vcf or .csv file (a report says what was added, merged and skipped,
 * with progress while a large file is written) and export every contact as vCard or CSV.
 */
@customElement('bz-contacts-transfer')
@localized()
export class BzContactsTransfer extends LitElement {
  static override styles = [baseStyles, contactsStyles];

  @property({ attribute: false }) service?: ContactService;
  @property({ attribute: false }) notices?: NoticeService;
  @state() private progress: { done: number; total: number } | null = null;
  @state() private report: ContactImportReport | null = null;
  @query('input[type=file]') private input!: HTMLInputElement;

  private async onFile(): Promise<void> {
    const file = this.input.files?.[0];
    this.input.value = '';
    if (!file) return;
    this.report = null;
    this.progress = { done: 0, total: 0 };
    try {
      const text = await fileText(file);
      this.report = await need(this.service).importContacts(
        text,
        kindOf(file.name, text),
        (done, total) => {
          this.progress = { done, total };
        },
      );
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not import the contacts', { id: 'contacts.importError' }),
        err,
      );
    } finally {
      this.progress = null;
    }
  }

  private async export(kind: ContactFileKind): Promise<void> {
    try {
      const text = await need(this.service).exportContacts(kind);
      const type = kind === 'vcard' ? 'text/vcard;charset=utf-8' : 'text/csv;charset=utf-8';
      downloadBlob(new Blob([text], { type }), kind === 'vcard' ? 'contacts.vcf' : 'contacts.csv');
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not export the contacts', { id: 'contacts.exportError' }),
        err,
      );
    }
  }

  private renderReport(r: ContactImportReport) {
    const listed = r.skipped.slice(0, MAX_SKIPS_LISTED);
    return html`<div role="status" data-testid="contacts-import-report">
      <p>
        ${msg(str`Added: ${r.added}; merged into existing contacts: ${r.merged}; skipped: ${r.skipped.length}.`, { id: 'contacts.importReport' })}
      </p>
      ${
        listed.length
          ? html`<ul>
              ${listed.map((s) => html`<li>${msg(str`Entry ${s.index + 1}: ${skipText(s.reason)}`, { id: 'contacts.skipLine' })}</li>`)}
            </ul>`
          : nothing
      }
    </div>`;
  }

  override render() {
    const p = this.progress;
    return html`<fieldset>
      <legend>${msg('Import and export', { id: 'contacts.transfer' })}</legend>
      <div class="bar">
        <button
          data-testid="contacts-import"
          ?disabled=${p !== null}
          @click=${() => this.input.click()}
        >
          ${msg('Import a vCard or CSV file…', { id: 'contacts.import' })}
        </button>
        <input
          class="visually-hidden"
          type="file"
          accept=".vcf,.vcard,.csv,text/vcard,text/csv"
          tabindex="-1"
          data-testid="contacts-import-input"
          aria-label=${msg('Contacts file to import', { id: 'contacts.importInput' })}
          @change=${() => void this.onFile()}
        />
        <button data-testid="contacts-export-vcard" @click=${() => void this.export('vcard')}>
          ${msg('Export as vCard', { id: 'contacts.exportVcard' })}
        </button>
        <button data-testid="contacts-export-csv" @click=${() => void this.export('csv')}>
          ${msg('Export as CSV', { id: 'contacts.exportCsv' })}
        </button>
      </div>
      ${
        p
          ? html`<progress
              aria-label=${msg('Importing contacts', { id: 'contacts.importing' })}
              max=${p.total || 1}
              value=${p.done}
            ></progress>`
          : nothing
      }
      ${this.report ? this.renderReport(this.report) : nothing}
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-contacts-transfer': BzContactsTransfer;
  }
}
