// SEND-3: the rich editor's formatting toolbar. Real buttons with a name (aria-label) and,
// for toggles, their state (aria-pressed), so keyboard and screen-reader users get the
// same tools; Tab reaches each control and the arrow keys move along the toolbar.
import { html } from 'lit';
import type { TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { ChainedCommands, Editor } from '@tiptap/core';
import { FONT_FAMILIES, FONT_SIZES } from './rich-extensions.js';
import type { Alignment, FontSizeName } from './rich-extensions.js';
import { richIcons } from './rich-icons.js';

export interface ToolbarHost {
  readonly editor: Editor;
  readonly linkOpen: boolean;
  openLink(): void;
  pickImage(): void;
}

const CONTROLS = 'button, select, input';

/** Arrow keys, Home and End move focus along the toolbar (WAI-ARIA toolbar pattern). */
function onToolbarKey(e: KeyboardEvent): void {
  const bar = e.currentTarget as HTMLElement;
  const controls = [...bar.querySelectorAll<HTMLElement>(CONTROLS)].filter(
    (c) => !(c as HTMLButtonElement).disabled,
  );
  const at = controls.indexOf(e.target as HTMLElement);
  // A select uses the arrow keys itself.
  if (at < 0 || (e.target instanceof HTMLSelectElement && e.key !== 'Home' && e.key !== 'End'))
    return;
  const next =
    e.key === 'ArrowRight'
      ? at + 1
      : e.key === 'ArrowLeft'
        ? at - 1
        : e.key === 'Home'
          ? 0
          : e.key === 'End'
            ? controls.length - 1
            : null;
  if (next === null) return;
  e.preventDefault();
  controls[(next + controls.length) % controls.length]?.focus();
}

const sameFont = (a: unknown, b: string) =>
  typeof a === 'string' &&
  a.replace(/["'\s]/g, '').toLowerCase() === b.replace(/["'\s]/g, '').toLowerCase();

/** The colour input needs #rrggbb; a pasted rgb() or named colour shows as black. */
const asHex = (c: unknown) => (typeof c === 'string' && /^#[0-9a-f]{6}$/i.test(c) ? c : '#000000');

export function renderToolbar(host: ToolbarHost): TemplateResult {
  const { editor } = host;
  const run = (f: (c: ChainedCommands) => ChainedCommands) => () => f(editor.chain().focus()).run();
  const toggle = (
    label: string,
    active: boolean,
    content: unknown,
    action: () => void,
    testid: string,
  ) =>
    html`<button
      type="button"
      aria-label=${label}
      title=${label}
      aria-pressed=${active ? 'true' : 'false'}
      data-testid=${testid}
      @click=${action}
    >
      ${content}
    </button>`;
  const style = editor.getAttributes('textStyle') as Record<string, unknown>;
  const family = FONT_FAMILIES.find((f) => sameFont(style.fontFamily, f.value))?.value ?? '';
  const size =
    (Object.keys(FONT_SIZES) as FontSizeName[]).find((k) => FONT_SIZES[k] === style.fontSize) ?? '';
  const align = (a: Alignment, label: string, testid: string) =>
    toggle(
      label,
      editor.isActive({ textAlign: a }),
      richIcons[`align${a[0]?.toUpperCase()}${a.slice(1)}` as 'alignLeft'],
      run((c) => c.setTextAlign(a)),
      testid,
    );
  const sizes: [FontSizeName | '', string][] = [
    ['small', msg('Small', { id: 'rich.sizeSmall' })],
    ['', msg('Normal', { id: 'rich.sizeNormal' })],
    ['large', msg('Large', { id: 'rich.sizeLarge' })],
    ['huge', msg('Huge', { id: 'rich.sizeHuge' })],
  ];

  return html`<div
    role="toolbar"
    aria-label=${msg('Formatting', { id: 'rich.toolbar' })}
    @keydown=${onToolbarKey}
  >
    <select
      aria-label=${msg('Font', { id: 'rich.font' })}
      data-testid="rich-font"
      @change=${(e: Event) => {
        const v = (e.target as HTMLSelectElement).value;
        run((c) => (v ? c.setFontFamily(v) : c.unsetFontFamily()))();
      }}
    >
      <option value="" ?selected=${family === ''}>
        ${msg('Default font', { id: 'rich.fontDefault' })}
      </option>
      ${FONT_FAMILIES.map(
        (f) => html`<option value=${f.value} ?selected=${family === f.value}>${f.label}</option>`,
      )}
    </select>
    <select
      aria-label=${msg('Size', { id: 'rich.size' })}
      data-testid="rich-size"
      @change=${(e: Event) => {
        const v = (e.target as HTMLSelectElement).value as FontSizeName | '';
        run((c) => (v ? c.setFontSize(FONT_SIZES[v]) : c.unsetFontSize()))();
      }}
    >
      ${sizes.map(([v, label]) => html`<option value=${v} ?selected=${size === v}>${label}</option>`)}
    </select>
    <span class="sep"></span>
    ${toggle(
      msg('Bold', { id: 'rich.bold' }),
      editor.isActive('bold'),
      html`<span class="glyph-b" aria-hidden="true">B</span>`,
      run((c) => c.toggleBold()),
      'rich-bold',
    )}
    ${toggle(
      msg('Italic', { id: 'rich.italic' }),
      editor.isActive('italic'),
      html`<span class="glyph-i" aria-hidden="true">I</span>`,
      run((c) => c.toggleItalic()),
      'rich-italic',
    )}
    ${toggle(
      msg('Underline', { id: 'rich.underline' }),
      editor.isActive('underline'),
      html`<span class="glyph-u" aria-hidden="true">U</span>`,
      run((c) => c.toggleUnderline()),
      'rich-underline',
    )}
    ${toggle(
      msg('Strikethrough', { id: 'rich.strike' }),
      editor.isActive('strike'),
      html`<span class="glyph-s" aria-hidden="true">S</span>`,
      run((c) => c.toggleStrike()),
      'rich-strike',
    )}
    <input
      type="color"
      aria-label=${msg('Text colour', { id: 'rich.color' })}
      title=${msg('Text colour', { id: 'rich.color' })}
      data-testid="rich-color"
      .value=${asHex(style.color)}
      @change=${(e: Event) => run((c) => c.setColor((e.target as HTMLInputElement).value))()}
    />
    <span class="sep"></span>
    ${align('left', msg('Align left', { id: 'rich.alignLeft' }), 'rich-align-left')}
    ${align('center', msg('Centre', { id: 'rich.alignCenter' }), 'rich-align-center')}
    ${align('right', msg('Align right', { id: 'rich.alignRight' }), 'rich-align-right')}
    ${align('justify', msg('Justify', { id: 'rich.alignJustify' }), 'rich-align-justify')}
    <span class="sep"></span>
    ${toggle(
      msg('Bulleted list', { id: 'rich.bulletList' }),
      editor.isActive('bulletList'),
      richIcons.bulletList,
      run((c) => c.toggleBulletList()),
      'rich-bullet-list',
    )}
    ${toggle(
      msg('Numbered list', { id: 'rich.orderedList' }),
      editor.isActive('orderedList'),
      richIcons.orderedList,
      run((c) => c.toggleOrderedList()),
      'rich-ordered-list',
    )}
    ${toggle(
      msg('Quote', { id: 'rich.quote' }),
      editor.isActive('blockquote'),
      richIcons.quote,
      run((c) => c.toggleBlockquote()),
      'rich-quote',
    )}
    <span class="sep"></span>
    ${toggle(msg('Link', { id: 'rich.link' }), editor.isActive('link') || host.linkOpen, richIcons.link, () => host.openLink(), 'rich-link')}
    <button
      type="button"
      aria-label=${msg('Insert image', { id: 'rich.image' })}
      title=${msg('Insert image', { id: 'rich.image' })}
      data-testid="rich-image"
      @click=${() => host.pickImage()}
    >
      ${richIcons.image}
    </button>
    <button
      type="button"
      aria-label=${msg('Clear formatting', { id: 'rich.clear' })}
      title=${msg('Clear formatting', { id: 'rich.clear' })}
      data-testid="rich-clear"
      @click=${run((c) => c.unsetAllMarks().unsetTextAlign())}
    >
      ${richIcons.clear}
    </button>
    <span class="sep"></span>
    <button
      type="button"
      aria-label=${msg('Undo', { id: 'rich.undo' })}
      title=${msg('Undo', { id: 'rich.undo' })}
      data-testid="rich-undo"
      ?disabled=${!editor.can().undo()}
      @click=${run((c) => c.undo())}
    >
      ${richIcons.undo}
    </button>
    <button
      type="button"
      aria-label=${msg('Redo', { id: 'rich.redo' })}
      title=${msg('Redo', { id: 'rich.redo' })}
      data-testid="rich-redo"
      ?disabled=${!editor.can().redo()}
      @click=${run((c) => c.redo())}
    >
      ${richIcons.redo}
    </button>
  </div>`;
}
