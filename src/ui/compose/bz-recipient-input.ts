import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { contactServiceContext } from '../../state/context.js';
import type { ContactServiceLoader, Suggestion } from '../../state/contact-types.js';
import type { RecipientFieldView } from './recipient-field.js';
import { formatAddress } from './recipients.js';

/** Where the address being typed starts and ends: between list separators outside quotes. */
export function tokenAt(value: string, caret: number): { start: number; end: number } {
  let start = 0;
  let quoted = false;
  for (let i = 0; i < caret; i++) {
    const c = value[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ',' || c === ';')) start = i + 1;
  }
  let end = value.length;
  for (let i = caret; i < value.length; i++) {
    const c = value[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ',' || c === ';')) {
      end = i;
      break;
    }
  }
  return { start, end };
}

/** The field with the picked address in place of what was typed, and where the caret goes. */
export function insertPicked(
  value: string,
  caret: number,
  picked: Suggestion,
): { value: string; caret: number } {
  const { start, end } = tokenAt(value, caret);
  const before = value.slice(0, start).trimEnd();
  const after = value.slice(end).replace(/^\s*[,;]?\s*/, '');
  const head = `${before ? `${before} ` : ''}${formatAddress(picked)}, `;
  return { value: head + after, caret: head.length };
}

/** How a suggestion reads: "Name <address>", or the bare address. Text only. */
function shown(s: Suggestion): string {
  return s.name ? `${s.name} <${s.address}>` : s.address;
}

/**
 * CONTACTS-1: a To/Cc/Bcc input that offers addresses as the user types (the ARIA 1.2
 * combobox pattern: the input keeps focus, the highlighted option is its
 * aria-activedescendant). ArrowDown/ArrowUp move, Enter or Tab picks the highlighted one,
 * Escape closes the list (and only the list), a click picks. Suggestions come from the
 * ContactService, loaded on the first keystroke.
 *
 * Rendered without a shadow root, so the composer's `<label for>`, styles and queries reach
 * the input as before.
 */
@customElement('bz-recipient-input')
export class BzRecipientInput extends LitElement {
  @consume({ context: contactServiceContext, subscribe: true })
  contacts?: ContactServiceLoader;

  /** The field this input edits, as recipientField() describes it. */
  @property({ attribute: false }) view!: RecipientFieldView;

  @state() private suggestions: Suggestion[] = [];
  @state() private active = -1;
  @state() private expanded = false;
  @query('input') private input!: HTMLInputElement;
  /** Answers to older keystrokes are dropped when a newer one is pending. */
  private asked = 0;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private get listId(): string {
    return `${this.view.name}-suggestions`;
  }

  private optionId(i: number): string {
    return `${this.view.name}-suggestion-${i}`;
  }

  private close(): void {
    this.asked++;
    this.expanded = false;
    this.active = -1;
  }

  /** Asks for what matches the address under the caret. */
  private async refresh(): Promise<void> {
    const input = this.input;
    const { start, end } = tokenAt(input.value, input.selectionStart ?? input.value.length);
    const typed = input.value.slice(start, end).trim();
    const ask = ++this.asked;
    // A name being written out in full ("Ana <ana@…") is left alone.
    if (!typed || /[<>"]/.test(typed) || !this.contacts) return this.close();
    let found: Suggestion[] = [];
    try {
      found = await (await this.contacts()).suggest(typed);
    } catch {
      // No suggestions is the fallback: typing an address by hand always works.
    }
    if (ask !== this.asked) return;
    this.suggestions = found;
    this.active = -1;
    this.expanded = found.length > 0 && (this.getRootNode() as Document).activeElement === input;
  }

  private pick(i: number): void {
    const chosen = this.suggestions[i];
    if (!chosen) return;
    const input = this.input;
    const next = insertPicked(input.value, input.selectionStart ?? input.value.length, chosen);
    input.value = next.value;
    input.setSelectionRange(next.caret, next.caret);
    this.close();
    this.view.onInput(next.value);
  }

  private onKeydown(e: KeyboardEvent): void {
    const n = this.suggestions.length;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        e.preventDefault();
        if (!this.expanded) {
          void this.refresh();
          return;
        }
        if (e.key === 'ArrowDown') this.active = (this.active + 1) % n;
        else this.active = this.active <= 0 ? n - 1 : this.active - 1;
        return;
      case 'Enter':
      case 'Tab':
        if (!this.expanded || this.active < 0) return this.close();
        e.preventDefault();
        e.stopPropagation();
        return this.pick(this.active);
      case 'Escape':
        if (!this.expanded) return;
        // Only the list closes: the composer's Escape (discard) must not see this one.
        e.preventDefault();
        e.stopPropagation();
        return this.close();
      default:
        return;
    }
  }

  /** Loads the service and builds its index while the user has not typed yet. */
  private onFocus(): void {
    void this.contacts?.()
      .then((service) => service.prepare())
      .catch(() => undefined);
  }

  /** A click picks the option under it; mousedown is cancelled so the input keeps focus. */
  private onOptionClick(e: MouseEvent): void {
    const option = (e.target as Element).closest<HTMLElement>('[role="option"]');
    if (option) this.pick(Number(option.dataset['index']));
  }

  protected override updated(): void {
    if (this.active >= 0)
      this.querySelector(`#${this.optionId(this.active)}`)?.scrollIntoView({ block: 'nearest' });
  }

  private renderList() {
    const v = this.view;
    // The keyboard reaches the options through the combobox (aria-activedescendant); the list
    // never takes focus, so its click (mouse and touch) needs no key handler of its own.
    // eslint-disable-next-line lit-a11y/click-events-have-key-events
    return html`<ul
      role="listbox"
      id=${this.listId}
      aria-label=${v.label}
      data-testid="${v.name}-suggestions"
      ?hidden=${!this.expanded}
      @mousedown=${(e: MouseEvent) => e.preventDefault()}
      @click=${this.onOptionClick}
    >
      ${
        this.expanded
          ? this.suggestions.map(
              (s, i) =>
                html`<li
                  role="option"
                  id=${this.optionId(i)}
                  data-index=${i}
                  aria-selected=${i === this.active ? 'true' : 'false'}
                >
                  ${shown(s)}
                </li>`,
            )
          : nothing
      }
    </ul>`;
  }

  override render() {
    const v = this.view;
    const bad = v.invalid.length > 0 || v.missing;
    const active = this.expanded && this.active >= 0 ? this.optionId(this.active) : nothing;
    return html`<style>
        bz-recipient-input {
          position: relative;
          display: block;
          flex: 1;
          min-width: 0;
        }
        bz-recipient-input [role='listbox'] {
          position: absolute;
          z-index: 2;
          top: calc(100% + 2px);
          left: 0;
          right: 0;
          max-height: 16rem;
          overflow-y: auto;
          margin: 0;
          padding: 0.2rem 0;
          list-style: none;
          background: var(--bz-bg);
          color: var(--bz-fg);
          border: 1px solid var(--bz-border);
          border-radius: 6px;
          box-shadow: 0 4px 14px rgb(0 0 0 / 18%);
        }
        bz-recipient-input [role='option'] {
          padding: 0.3rem 0.6rem;
          cursor: pointer;
          overflow: hidden;
          text-overflow: ellipsis;
          white-space: nowrap;
        }
        bz-recipient-input [role='option']:hover,
        bz-recipient-input [role='option'][aria-selected='true'] {
          background: var(--bz-hover);
        }
        bz-recipient-input [role='option'][aria-selected='true'] {
          outline: 2px solid var(--bz-focus);
          outline-offset: -2px;
        }
      </style>
      <input
        id=${v.name}
        type="text"
        role="combobox"
        autocomplete="off"
        spellcheck="false"
        aria-autocomplete="list"
        aria-expanded=${this.expanded ? 'true' : 'false'}
        aria-labelledby="${v.name}-label"
        aria-controls=${this.listId}
        aria-activedescendant=${active}
        data-testid="compose-${v.name}"
        aria-invalid=${bad ? 'true' : 'false'}
        aria-describedby=${bad ? `${v.name}-error` : nothing}
        .value=${v.value}
        @input=${(e: InputEvent) => {
          v.onInput((e.target as HTMLInputElement).value);
          void this.refresh();
        }}
        @change=${() => v.onChange()}
        @keydown=${this.onKeydown}
        @focus=${this.onFocus}
        @blur=${() => this.close()}
      />
      ${this.renderList()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-recipient-input': BzRecipientInput;
  }
}
