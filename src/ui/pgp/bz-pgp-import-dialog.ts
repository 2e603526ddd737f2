import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { pgpServiceContext } from '../../state/context.js';
import type { PgpKeySource, PgpService, PgpServiceLoader } from '../../state/pgp-types.js';
import { baseStyles } from '../shared/styles.js';
import { BzPgpImportedEvent } from './bz-pgp-imported.js';
import { renderReviewItem } from './import-review.js';
import type { ImportChoice, ReviewItem } from './import-review.js';
import { failed } from './pgp-errors.js';
import { pgpStyles } from './pgp-styles.js';
import { StepRunner } from './step-runner.js';

/**
 * Larger than any real key file (a keyring export with thousands of certifications stays
 * well below); anything bigger is not a key and would only keep the worker busy.
 */
const MAX_KEY_FILE_BYTES = 8 * 1024 * 1024;
/** How far into a file to look for an armor header (leading blank lines, a comment). */
const ARMOR_SNIFF_BYTES = 1024;

/** Armored text is handed over as a string, anything else as the binary packets it is. */
function keyInput(bytes: Uint8Array): string | Uint8Array {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, ARMOR_SNIFF_BYTES));
  return head.includes('-----BEGIN PGP') ? new TextDecoder().decode(bytes) : bytes;
}

/**
 * PGP-1: import keys — from a file (armored or binary), a paste, or a Web Key Directory
 * lookup by address — showing each key's user ids and fingerprint and asking, for a
 * public key, whose it is (confirm, or keep it unconfirmed and unused), for a secret key,
 * to import it as the user's own. Reusable: the reader sets `input` (a key found in a
 * message) and the file/paste step is skipped. Consumes the PGP service itself.
 *
 * @fires bz-pgp-imported - when it closes, if any key was stored (their fingerprints)
 * @fires close - when it closes
 */
@customElement('bz-pgp-import-dialog')
@localized()
export class BzPgpImportDialog extends LitElement {
  static override styles = [baseStyles, pgpStyles];

  @consume({ context: pgpServiceContext, subscribe: true }) loader?: PgpServiceLoader;
  /** Key data to review at once (armored text or binary); null: the user picks. */
  @property({ attribute: false }) input: string | Uint8Array | null = null;
  /** Where `input` and pasted or picked keys come from (WKD results are always 'wkd'). */
  @property() source: PgpKeySource = 'imported';
  /** Prefills the Web Key Directory lookup. */
  @property() lookupAddress = '';
  @state() private items: ReviewItem[] = [];
  @query('dialog') private dialog!: HTMLDialogElement;
  /** One action at a time, with a progress line; a failure is said and nothing is lost. */
  private readonly steps = new StepRunner(this);
  private service: PgpService | null = null;
  private stored: string[] = [];

  /** Opens at the first step (or straight at the review of `input`). */
  async show(): Promise<void> {
    this.items = [];
    this.steps.problem = '';
    this.stored = [];
    await this.updateComplete;
    this.dialog.showModal();
    if (this.input !== null) await this.read(this.input, this.source);
  }

  private async getService(): Promise<PgpService> {
    const loader = this.loader;
    if (!loader) throw new Error(msg('OpenPGP is not available here.', { id: 'pgp.unavailable' }));
    return (this.service ??= await loader());
  }

  private read(input: string | Uint8Array, source: PgpKeySource): Promise<void> {
    return this.steps.run(
      msg('Reading the keys…', { id: 'pgp.import.reading' }),
      msg('Could not read the keys', { id: 'pgp.import.readError' }),
      async () => {
        const infos = await (await this.getService()).readKeys(input);
        if (!infos.length)
          throw new Error(msg('No OpenPGP key found in it.', { id: 'pgp.import.none' }));
        this.items = infos.map((info) => ({ info, source }));
      },
    );
  }

  private async onFile(e: Event): Promise<void> {
    const picker = e.target as HTMLInputElement;
    const file = picker.files?.[0];
    picker.value = '';
    if (!file) return;
    if (file.size > MAX_KEY_FILE_BYTES) {
      this.steps.problem = msg(str`"${file.name}" is too large to be a key file.`, {
        id: 'pgp.import.tooLarge',
      });
      return;
    }
    await this.read(keyInput(new Uint8Array(await file.arrayBuffer())), this.source);
  }

  private async onPaste(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const text = (e.target as HTMLFormElement).querySelector('textarea')?.value.trim() ?? '';
    if (!text) {
      this.steps.problem = msg('Paste a key first.', { id: 'pgp.import.emptyPaste' });
      return;
    }
    await this.read(text, this.source);
  }

  private async onLookup(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const address = (e.target as HTMLFormElement).querySelector('input')?.value.trim() ?? '';
    this.lookupAddress = address;
    if (!address) return;
    await this.steps.run(
      msg(str`Looking up a key for ${address}…`, { id: 'pgp.wkd.busy' }),
      msg(str`The lookup for ${address} failed`, { id: 'pgp.wkd.error' }),
      async () => {
        const infos = await (await this.getService()).lookupWkd(address);
        if (!infos.length)
          this.steps.problem = msg(str`No key is published for ${address}.`, {
            id: 'pgp.wkd.none',
          });
        else this.items = infos.map((info) => ({ info, source: 'wkd' as const }));
      },
    );
  }

  private patchItem(item: ReviewItem, patch: Partial<ReviewItem>): void {
    this.items = this.items.map((i) => (i === item ? Object.assign(item, patch) : i));
  }

  private async choose(item: ReviewItem, choice: ImportChoice): Promise<void> {
    if (choice === 'skip') return this.patchItem(item, { outcome: 'skip', problem: '' });
    this.patchItem(item, { working: true, problem: '' });
    try {
      const service = await this.getService();
      await service.addKey(item.info, item.source, { confirm: choice === 'confirm' });
      this.stored.push(item.info.fingerprint);
      this.patchItem(item, { outcome: choice, working: false });
    } catch (err) {
      const what = msg('Could not import the key', { id: 'pgp.import.addError' });
      this.patchItem(item, { working: false, problem: failed(what, err) });
    }
  }

  private onClose(): void {
    // A close event queued by an earlier close arrives after `show()` opened it again.
    if (this.dialog.open) return;
    if (this.stored.length) this.dispatchEvent(new BzPgpImportedEvent([...this.stored]));
    this.stored = [];
    this.dispatchEvent(new Event('close'));
  }

  private renderChoose() {
    return html`<section aria-labelledby="file-h">
        <h3 id="file-h">${msg('From a file or a paste', { id: 'pgp.import.fromFile' })}</h3>
        <label class="field">
          ${msg('Key file (.asc, .gpg, .pgp, .key)', { id: 'pgp.import.file' })}
          <input
            type="file"
            accept=".asc,.gpg,.pgp,.key,application/pgp-keys"
            ?disabled=${!!this.steps.busy}
            @change=${this.onFile}
          />
        </label>
        <form @submit=${this.onPaste}>
          <label class="field">
            ${msg('Or paste the key (-----BEGIN PGP … KEY BLOCK-----)', { id: 'pgp.import.paste' })}
            <textarea name="armored" spellcheck="false" ?disabled=${!!this.steps.busy}></textarea>
          </label>
          <div class="actions">
            <button type="submit" ?disabled=${!!this.steps.busy}>
              ${msg('Read the pasted key', { id: 'pgp.import.readPaste' })}
            </button>
          </div>
        </form>
      </section>
      <section aria-labelledby="wkd-h">
        <h3 id="wkd-h">${msg('Look up by address', { id: 'pgp.wkd.title' })}</h3>
        <form @submit=${this.onLookup}>
          <label class="field">
            ${msg('Address', { id: 'pgp.gen.address' })}
            <input
              type="email"
              name="address"
              .value=${this.lookupAddress}
              ?disabled=${!!this.steps.busy}
            />
          </label>
          <p class="hint">
            ${msg("Asks the address's mail provider for the key it publishes (Web Key Directory).", { id: 'pgp.wkd.hint' })}
          </p>
          <div class="actions">
            <button type="submit" ?disabled=${!!this.steps.busy}>
              ${msg('Look up', { id: 'pgp.wkd.lookup' })}
            </button>
          </div>
        </form>
      </section>`;
  }

  override render() {
    const reviewing = this.items.length > 0;
    return html`<dialog aria-labelledby="imp-h" @close=${this.onClose}>
      <h2 id="imp-h">${msg('Import keys', { id: 'pgp.import.title' })}</h2>
      ${
        reviewing
          ? html`<ul class="keys">
              ${this.items.map((i) => renderReviewItem(i, (c) => void this.choose(i, c)))}
            </ul>`
          : this.input === null
            ? this.renderChoose()
            : nothing
      }
      ${this.steps.render()}
      <div class="dialog-actions">
        ${
          reviewing && this.input === null
            ? html`<button type="button" @click=${() => (this.items = [])}>
                ${msg('Import other keys', { id: 'pgp.import.more' })}
              </button>`
            : nothing
        }
        <button type="button" @click=${() => this.dialog.close()}>
          ${msg('Close', { id: 'common.close' })}
        </button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-pgp-import-dialog': BzPgpImportDialog;
  }
}
