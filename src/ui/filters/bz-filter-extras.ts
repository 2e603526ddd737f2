import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import type { AwaySettings, ForwardSettings } from '../../filters/model.js';
import { DEFAULT_AWAY_DAYS, MAX_AWAY_DAYS } from '../../filters/model.js';
import { isValidAddress, isValidDate } from '../../filters/parse.js';
import type { ForwardWarning } from '../../filters/sieve-settings.js';
import type { FilterService, FilterSettings } from '../../state/filter-types.js';
import { baseStyles } from '../shared/styles.js';
import { filterStyles } from './filter-styles.js';
import { forwardWarningText } from './filter-text.js';

const NO_AWAY: AwaySettings = {
  enabled: false,
  start: null,
  end: null,
  subject: '',
  text: '',
  days: DEFAULT_AWAY_DAYS,
  addresses: [],
};
const NO_FORWARD: ForwardSettings = { enabled: false, to: '', keepCopy: true };
const FORWARD_WARNINGS = new Set<string>(['loop-risk', 'own-address', 'no-copy']);

/** FILTER-4 away message and FILTER-5 forwarding forms (`kind` picks which). */
@customElement('bz-filter-extras')
@localized()
export class BzFilterExtras extends LitElement {
  static override styles = [baseStyles, filterStyles];

  @property() kind: 'away' | 'forward' = 'away';
  @property({ attribute: false }) service?: FilterService;
  @property({ attribute: false }) settings?: FilterSettings;
  @state() private away: AwaySettings | null = null;
  @state() private forward: ForwardSettings | null = null;
  @state() private problem = '';
  @state() private saved = '';

  private get awayDraft(): AwaySettings {
    return this.away ?? this.settings?.away ?? NO_AWAY;
  }
  private get forwardDraft(): ForwardSettings {
    return this.forward ?? this.settings?.forward ?? NO_FORWARD;
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    this.problem = '';
    this.saved = '';
    try {
      if (this.kind === 'away') {
        const a = this.awayDraft;
        if ((a.start && !isValidDate(a.start)) || (a.end && !isValidDate(a.end)))
          return void (this.problem = msg('Write the dates as shown (year-month-day).', {
            id: 'filters.away.badDate',
          }));
        if (a.start && a.end && a.start > a.end)
          return void (this.problem = msg('The last day is before the first.', {
            id: 'filters.away.order',
          }));
        if (a.enabled && a.text.trim() === '')
          return void (this.problem = msg('Write the away message.', {
            id: 'filters.away.noText',
          }));
        await this.service?.saveAway(a);
        this.away = null;
      } else {
        const f = this.forwardDraft;
        if ((f.enabled || f.to !== '') && !isValidAddress(f.to))
          return void (this.problem = msg('The forwarding address is not a valid address.', {
            id: 'filters.invalid.address',
          }));
        await this.service?.saveForward(f);
        this.forward = null;
      }
      this.saved = msg('Saved.', { id: 'filters.saved' });
    } catch (err) {
      this.problem = err instanceof Error ? err.message : String(err);
    }
  }

  private renderAway() {
    const a = this.awayDraft;
    const set = (patch: Partial<AwaySettings>) => (this.away = { ...a, ...patch });
    const val = (e: Event) => (e.target as HTMLInputElement).value;
    return html` <label class="check"
        ><input
          type="checkbox"
          name="away-enabled"
          .checked=${a.enabled}
          @change=${(e: Event) => set({ enabled: (e.target as HTMLInputElement).checked })}
        />
        ${msg('Send an away message', { id: 'filters.away.enabled' })}</label
      >
      <div class="line">
        <label
          >${msg('First day', { id: 'filters.away.start' })}
          <input
            type="date"
            name="away-start"
            .value=${a.start ?? ''}
            @input=${(e: Event) => set({ start: val(e) || null })}
        /></label>
        <label
          >${msg('Last day', { id: 'filters.away.end' })}
          <input
            type="date"
            name="away-end"
            .value=${a.end ?? ''}
            @input=${(e: Event) => set({ end: val(e) || null })}
        /></label>
        <label
          >${msg('Once per sender every (days)', { id: 'filters.away.days' })}
          <input
            type="number"
            name="away-days"
            min="1"
            max=${MAX_AWAY_DAYS}
            .value=${String(a.days)}
            @input=${(e: Event) => set({ days: Math.min(MAX_AWAY_DAYS, Math.max(1, Math.round(Number(val(e))) || 1)) })}
        /></label>
      </div>
      <label
        >${msg('Subject', { id: 'filters.field.subject' })}
        <input
          name="away-subject"
          .value=${a.subject}
          @input=${(e: Event) => set({ subject: val(e).replace(/[\r\n]+/g, ' ') })}
      /></label>
      <label
        >${msg('Message', { id: 'filters.away.text' })}
        <textarea
          name="away-text"
          rows="6"
          .value=${a.text}
          @input=${(e: Event) => set({ text: (e.target as HTMLTextAreaElement).value })}
        ></textarea>
      </label>
      <p class="note">
        ${msg('Never sent to spam, mailing lists or automatic mail; each sender gets it once per period.', { id: 'filters.away.note' })}
      </p>`;
  }

  private renderForward() {
    const f = this.forwardDraft;
    const set = (patch: Partial<ForwardSettings>) => (this.forward = { ...f, ...patch });
    const warnings = (
      this.service?.compileReport({
        filters: [],
        away: null,
        forward: f.to === '' || isValidAddress(f.to) ? f : null,
      }).warnings ?? []
    ).filter((w): w is ForwardWarning => FORWARD_WARNINGS.has(w));
    return html` <label class="check"
        ><input
          type="checkbox"
          name="forward-enabled"
          .checked=${f.enabled}
          @change=${(e: Event) => set({ enabled: (e.target as HTMLInputElement).checked })}
        />
        ${msg('Forward all incoming mail', { id: 'filters.forward.enabled' })}</label
      >
      <label
        >${msg('Forward to address', { id: 'filters.forwardTo' })}
        <input
          type="email"
          name="forward-to"
          placeholder="name@example.org"
          .value=${f.to}
          @input=${(e: Event) => set({ to: (e.target as HTMLInputElement).value.trim() })}
      /></label>
      <label class="check"
        ><input
          type="checkbox"
          name="forward-keep"
          .checked=${f.keepCopy}
          @change=${(e: Event) => set({ keepCopy: (e.target as HTMLInputElement).checked })}
        />
        ${msg('Keep a copy here', { id: 'filters.forward.keep' })}</label
      >
      ${warnings.map((w) => html`<p class="warning" role="note" data-testid="forward-warning">⚠ ${forwardWarningText(w)}</p>`)}`;
  }

  override render() {
    return html`<form
      novalidate
      @submit=${(e: Event) => void this.save(e)}
      aria-label=${this.kind === 'away' ? msg('Away message', { id: 'filters.tab.away' }) : msg('Forwarding', { id: 'filters.tab.forward' })}
    >
      ${this.kind === 'away' ? this.renderAway() : this.renderForward()}
      ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
      <p role="status">${this.saved}</p>
      <div class="dialog-actions">
        <button type="submit" class="primary">
          ${msg('Save', { id: 'filters.saveSettings' })}
        </button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-filter-extras': BzFilterExtras;
  }
}
