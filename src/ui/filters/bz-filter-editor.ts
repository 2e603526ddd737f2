import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { Filter } from '../../filters/model.js';
import type { FilterRunProgress, FilterService } from '../../state/filter-types.js';
import { baseStyles } from '../shared/styles.js';
import { folderLabel } from '../shared/folder-names.js';
import '../shared/bz-confirm-dialog.js';
import type { BzConfirmDialog } from '../shared/bz-confirm-dialog.js';
import type { ActionChoices } from './filter-rows.js';
import { actionRow, conditionRow, newAction, newCondition } from './filter-rows.js';
import { filterStyles } from './filter-styles.js';
import { filterProblem } from './validate.js';

/**
 * FILTER-1 editor: description, ALL/ANY, condition and action rows, and on a folder the
 * "how many match" preview and "run now", both with progress and Cancel (PWA-5).
 */
@customElement('bz-filter-editor')
@localized()
export class BzFilterEditor extends LitElement {
  static override styles = [
    baseStyles,
    filterStyles,
    css`
      fieldset {
        border: 1px solid var(--bz-border);
        border-radius: 6px;
        display: grid;
        gap: 0.4rem;
      }
    `,
  ];

  @property({ attribute: false }) service?: FilterService;
  @property({ attribute: false }) choices: ActionChoices = { folders: [], tags: [], templates: [] };
  @property({ attribute: false }) onSave?: (f: Filter) => Promise<void>;
  @property({ attribute: false }) onCancel?: () => void;
  @state() private draft!: Filter;
  @state() private problem: string | null = null;
  @state() private folderId = 'inbox';
  @state() private progress: FilterRunProgress | null = null;
  @state() private result = '';
  @query('bz-confirm-dialog') private confirm!: BzConfirmDialog;
  private abort: AbortController | null = null;
  private source: Filter | undefined;

  @property({ attribute: false })
  set filter(f: Filter) {
    // The parent re-sets the same filter on its renders: only a new one starts a new draft.
    if (f === this.source) return;
    this.source = f;
    this.draft = structuredClone(f);
    this.problem = null;
    this.result = '';
  }
  get filter(): Filter {
    return this.draft;
  }

  private set(patch: Partial<Filter>): void {
    this.draft = { ...this.draft, ...patch };
    this.problem = null;
  }

  private checked(): Filter | null {
    this.problem = filterProblem(this.draft);
    return this.problem ? null : this.draft;
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const f = this.checked();
    if (!f) return;
    try {
      await this.onSave?.(f);
    } catch (err) {
      this.problem = err instanceof Error ? err.message : String(err);
    }
  }

  private folderName(): string {
    const f = this.choices.folders.find((x) => x.id === this.folderId);
    return f ? folderLabel(f) : '';
  }

  private async walk(run: boolean): Promise<void> {
    const f = this.checked();
    if (!f || !this.service || this.abort) return;
    const folder = this.folderName();
    if (
      run &&
      !(await this.confirm.ask(
        msg(
          str`Run "${f.description}" now on every message in ${folder}? Its actions are applied to each message that matches.`,
          {
            id: 'filters.runAsk',
          },
        ),
        msg('Run now', { id: 'filters.runConfirm' }),
      ))
    )
      return;
    const abort = (this.abort = new AbortController());
    this.result = '';
    this.progress = { done: 0, total: 0 };
    const opts = {
      signal: abort.signal,
      onProgress: (p: FilterRunProgress) => (this.progress = p),
    };
    try {
      if (run) {
        const r = await this.service.runNow(f, this.folderId, opts);
        this.result = r.cancelled
          ? msg(
              str`Cancelled after ${r.examined} messages: ${r.matched} matched and were filtered.`,
              { id: 'filters.runCancelled' },
            )
          : msg(
              str`Done: ${r.matched} of ${r.examined} messages matched and were filtered; ${r.skipped} not on this device were skipped.`,
              { id: 'filters.runDone' },
            );
      } else {
        const n = await this.service.countMatches(f, this.folderId, opts);
        this.result = msg(str`${n} messages in ${folder} match.`, { id: 'filters.countResult' });
      }
    } catch (err) {
      this.result =
        err instanceof DOMException && err.name === 'AbortError'
          ? msg('Cancelled.', { id: 'filters.cancelled' })
          : err instanceof Error
            ? err.message
            : String(err);
    } finally {
      this.abort = null;
      this.progress = null;
    }
  }

  private renderRun() {
    const busy = this.progress !== null;
    return html`<fieldset>
      <legend>${msg('Try it on existing mail', { id: 'filters.tryLegend' })}</legend>
      <div class="line">
        <label class="inline">
          ${msg('Folder', { id: 'filters.folder' })}
          <select
            name="run-folder"
            ?disabled=${busy}
            @change=${(e: Event) => (this.folderId = (e.target as HTMLSelectElement).value)}
          >
            ${this.choices.folders.map(
              (f) =>
                html`<option value=${f.id} ?selected=${f.id === this.folderId}>
                  ${'\u00a0\u00a0'.repeat(f.depth)}${folderLabel(f)}
                </option>`,
            )}
          </select>
        </label>
        <button type="button" ?disabled=${busy} @click=${() => void this.walk(false)}>
          ${msg('Count matching messages', { id: 'filters.count' })}
        </button>
        <button type="button" ?disabled=${busy} @click=${() => void this.walk(true)}>
          ${msg(str`Run now on ${this.folderName()}…`, { id: 'filters.runNow' })}
        </button>
      </div>
      ${
        busy
          ? html`<div class="line">
              <progress
                aria-label=${msg('Progress', { id: 'filters.progress' })}
                max=${this.progress?.total || 1}
                .value=${this.progress?.done ?? 0}
              ></progress>
              <span>${this.progress?.done ?? 0} / ${this.progress?.total ?? 0}</span>
              <button type="button" @click=${() => this.abort?.abort()}>
                ${msg('Cancel', { id: 'common.cancel' })}
              </button>
            </div>`
          : nothing
      }
      <p role="status" data-testid="run-result">${this.result}</p>
    </fieldset>`;
  }

  override render() {
    const d = this.draft;
    if (!d) return nothing;
    return html`<form
        novalidate
        @submit=${(e: Event) => void this.save(e)}
        aria-label=${msg('Edit filter', { id: 'filters.editTitle' })}
      >
        <label>
          ${msg('Description', { id: 'filters.description' })}
          <input
            name="description"
            required
            .value=${d.description}
            @input=${(e: Event) => this.set({ description: (e.target as HTMLInputElement).value })}
          />
        </label>
        <fieldset>
          <legend>${msg('When a message meets', { id: 'filters.when' })}</legend>
          <div
            class="line"
            role="radiogroup"
            aria-label=${msg('Which conditions', { id: 'filters.join' })}
          >
            <label class="check"
              ><input
                type="radio"
                name="join"
                .checked=${d.join === 'all'}
                @change=${() => this.set({ join: 'all' })}
              />
              ${msg('all of these conditions', { id: 'filters.joinAll' })}</label
            >
            <label class="check"
              ><input
                type="radio"
                name="join"
                .checked=${d.join === 'any'}
                @change=${() => this.set({ join: 'any' })}
              />
              ${msg('any of these conditions', { id: 'filters.joinAny' })}</label
            >
          </div>
          <ul class="rows">
            ${d.conditions.map((c, i) =>
              conditionRow(c, i, (next) =>
                this.set({
                  conditions: d.conditions.flatMap((x, j) => (j !== i ? [x] : next ? [next] : [])),
                }),
              ),
            )}
          </ul>
          <div>
            <button
              type="button"
              @click=${() => this.set({ conditions: [...d.conditions, newCondition('subject')] })}
            >
              ${msg('Add a condition', { id: 'filters.addCondition' })}
            </button>
          </div>
        </fieldset>
        <fieldset>
          <legend>${msg('Do this', { id: 'filters.doThis' })}</legend>
          <ul class="rows">
            ${d.actions.map((a, i) =>
              actionRow(a, i, this.choices, (next) =>
                this.set({
                  actions: d.actions.flatMap((x, j) => (j !== i ? [x] : next ? [next] : [])),
                }),
              ),
            )}
          </ul>
          <div>
            <button
              type="button"
              @click=${() => this.set({ actions: [...d.actions, newAction('move', this.choices.folders)] })}
            >
              ${msg('Add an action', { id: 'filters.addAction' })}
            </button>
          </div>
        </fieldset>
        ${this.renderRun()}
        ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
        <div class="dialog-actions">
          <button type="button" @click=${() => this.onCancel?.()}>
            ${msg('Cancel', { id: 'common.cancel' })}
          </button>
          <button type="submit" class="primary">
            ${msg('Save filter', { id: 'filters.save' })}
          </button>
        </div>
      </form>
      <bz-confirm-dialog></bz-confirm-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-filter-editor': BzFilterEditor;
  }
}
