import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import type { ComposeService, TemplateSummary } from '../../state/types.js';
import { baseStyles } from '../shared/styles.js';

/**
 * TEMPLATE-3: choose a template (its subject and the start of its text, as text). Resolves
 * the chosen id, or null on Cancel. Created on demand by `pickTemplate` (not in start-up).
 */
@customElement('bz-template-picker')
@localized()
export class BzTemplatePicker extends LitElement {
  static override styles = [
    baseStyles,
    css`
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        max-height: 50vh;
        overflow: auto;
      }
      li button {
        display: block;
        width: 100%;
        text-align: left;
        margin: 0.2rem 0;
      }
      .preview {
        display: block;
        color: var(--bz-muted);
        font-size: 0.85em;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
    `,
  ];

  @property({ attribute: false }) compose?: ComposeService;
  @state() private templates: TemplateSummary[] | null = null;
  @state() private error = '';
  @query('dialog') private dialog!: HTMLDialogElement;
  private resolve: ((id: string | null) => void) | null = null;

  async pick(): Promise<string | null> {
    await this.updateComplete;
    this.dialog.showModal();
    this.compose
      ?.listTemplates()
      .then((list) => (this.templates = list))
      .catch((err: unknown) => (this.error = err instanceof Error ? err.message : String(err)));
    return new Promise((resolve) => (this.resolve = resolve));
  }

  private finish(id: string | null): void {
    this.resolve?.(id);
    this.resolve = null;
    if (this.dialog.open) this.dialog.close();
  }

  override render() {
    const list = this.templates;
    return html`<dialog
      aria-labelledby="title"
      data-testid="template-picker"
      @cancel=${(e: Event) => {
        e.preventDefault();
        this.finish(null);
      }}
    >
      <h2 id="title">${msg('Choose a template', { id: 'template.chooseTitle' })}</h2>
      ${
        list === null
          ? html`<p>${msg('Loading…', { id: 'common.loading' })}</p>`
          : list.length === 0
            ? html`<p data-testid="template-none">
                ${msg('There are no templates yet. Write a message and choose "Save as template".', { id: 'template.none' })}
              </p>`
            : html`<ul>
                ${list.map(
                  (t) =>
                    html`<li>
                      <button data-testid="template-choice" @click=${() => this.finish(t.id)}>
                        <span>${t.subject || msg('(no subject)', { id: 'list.noSubject' })}</span>
                        <span class="preview">${t.preview}</span>
                      </button>
                    </li>`,
                )}
              </ul>`
      }
      <p class="error" role="alert">${this.error}</p>
      <div class="dialog-actions">
        <button @click=${() => this.finish(null)}>${msg('Cancel', { id: 'common.cancel' })}</button>
      </div>
    </dialog>`;
  }
}

/** Shows the picker inside `host` and resolves the chosen template id (null: cancelled). */
export async function pickTemplate(
  host: ShadowRoot | HTMLElement,
  compose: ComposeService,
): Promise<string | null> {
  const picker = document.createElement('bz-template-picker');
  picker.compose = compose;
  host.append(picker);
  try {
    return await picker.pick();
  } finally {
    picker.remove();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-template-picker': BzTemplatePicker;
  }
}
