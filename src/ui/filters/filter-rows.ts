// The editor's condition and action rows (FILTER-1): plain render functions over the draft,
// each control with an accessible name; changes go back through `update`.
import { html, nothing } from 'lit';
import { msg } from '@lit/localize';
import type { Action, Condition } from '../../filters/model.js';
import { clientOnlyReason } from '../../filters/sides.js';
import type { Folder, Tag, TemplateSummary } from '../../state/types.js';
import { folderLabel } from '../shared/folder-names.js';
import type { FieldKey } from './filter-text.js';
import {
  accentCaveat,
  actionLabel,
  attachmentCaveat,
  clientOnlyText,
  fieldLabel,
  opLabel,
  priorityLabel,
} from './filter-text.js';

const FIELDS: FieldKey[] = ['from', 'to', 'cc', 'subject', 'body', 'size', 'attachment', 'header'];
const TEXT_OPS = ['contains', '!contains', 'is', '!is', 'matches', '!matches'];
const BODY_OPS = ['contains', '!contains', 'matches', '!matches'];
const SIZE_OPS = ['greater', '!greater', 'less', '!less'];
const ACTIONS: Action['type'][] = [
  'move',
  'copy',
  'tag',
  'comment',
  'mark-read',
  'priority',
  'forward',
  'reply',
  'delete',
  'spam',
  'stop',
];
/** Size conditions are typed in KB: nobody thinks of mail sizes in bytes. */
export const KB = 1024;
/** Letters whose case the server's ASCII comparator does not fold (ADR 0027). */
const NON_ASCII = /[^\u0020-\u007e]/;

export function newCondition(field: FieldKey): Condition {
  switch (field) {
    case 'size':
      return { field, op: 'greater', negate: false, bytes: 0 };
    case 'attachment':
      return { field, negate: false };
    case 'header':
      return { field, header: '', op: 'contains', negate: false, value: '' };
    default:
      return { field, op: 'contains', negate: false, value: '' };
  }
}

export function newAction(type: Action['type'], folders: readonly Folder[]): Action {
  const inbox = folders.find((f) => f.role === 'inbox') ?? folders[0];
  const folder = { path: inbox?.path ?? '', ...(inbox ? { id: inbox.id } : {}) };
  switch (type) {
    case 'move':
    case 'copy':
      return { type, folder };
    case 'tag':
      return { type, keyword: '' };
    case 'comment':
      return { type, text: '' };
    case 'priority':
      return { type, priority: 1 };
    case 'forward':
      return { type, to: '' };
    case 'reply':
      return { type, templateId: '' };
    default:
      return { type };
  }
}

function opOf(c: Condition): string {
  if (c.field === 'attachment') return c.negate ? '!has' : 'has';
  return (c.negate ? '!' : '') + c.op;
}

function withOp(c: Condition, value: string): Condition {
  const negate = value.startsWith('!');
  const op = value.replace(/^!/, '');
  if (c.field === 'attachment') return { ...c, negate };
  if (c.field === 'size') return { ...c, negate, op: op === 'less' ? 'less' : 'greater' };
  return { ...c, negate, op: op === 'is' ? 'is' : op === 'matches' ? 'matches' : 'contains' };
}

const select = (e: Event) => (e.target as HTMLSelectElement).value;
const input = (e: Event) => (e.target as HTMLInputElement).value;

export function conditionRow(
  c: Condition,
  index: number,
  update: (next: Condition | null) => void,
) {
  const n = index + 1;
  const ops =
    c.field === 'size'
      ? SIZE_OPS
      : c.field === 'attachment'
        ? ['has', '!has']
        : c.field === 'body'
          ? BODY_OPS
          : TEXT_OPS;
  const note =
    c.field === 'attachment'
      ? attachmentCaveat()
      : 'value' in c && NON_ASCII.test(c.value)
        ? accentCaveat()
        : null;
  return html`<li class="row" data-testid="condition">
    <select
      aria-label=${msg('Field of condition', { id: 'filters.conditionField' }) + ` ${n}`}
      @change=${(e: Event) => update(newCondition(select(e) as FieldKey))}
    >
      ${FIELDS.map((f) => html`<option value=${f} ?selected=${f === c.field}>${fieldLabel(f)}</option>`)}
    </select>
    ${
      c.field === 'header'
        ? html`<input
            aria-label=${msg('Header name', { id: 'filters.headerName' }) + ` ${n}`}
            placeholder="List-Id"
            .value=${c.header}
            @input=${(e: Event) => update({ ...c, header: input(e).trim() })}
          />`
        : nothing
    }
    <select
      aria-label=${msg('Test of condition', { id: 'filters.conditionOp' }) + ` ${n}`}
      @change=${(e: Event) => update(withOp(c, select(e)))}
    >
      ${ops.map((o) => html`<option value=${o} ?selected=${o === opOf(c)}>${opLabel(o)}</option>`)}
    </select>
    ${
      c.field === 'size'
        ? html`<input
            type="number"
            min="0"
            aria-label=${msg('Size in KB', { id: 'filters.sizeKb' }) + ` ${n}`}
            .value=${String(Math.round(c.bytes / KB))}
            @input=${(e: Event) => update({ ...c, bytes: Math.max(0, Math.round(Number(input(e)) * KB) || 0) })}
          />`
        : 'value' in c
          ? html`<input
              aria-label=${msg('Value of condition', { id: 'filters.conditionValue' }) + ` ${n}`}
              .value=${c.value}
              @input=${(e: Event) => update({ ...c, value: input(e) })}
            />`
          : nothing
    }
    <button
      type="button"
      class="icon-only"
      aria-label=${msg('Remove condition', { id: 'filters.removeCondition' }) + ` ${n}`}
      @click=${() => update(null)}
    >
      ✕
    </button>
    ${note ? html`<p class="note">${note}</p>` : nothing}
  </li>`;
}

export interface ActionChoices {
  folders: readonly Folder[];
  tags: readonly Tag[];
  templates: readonly TemplateSummary[];
}

type ReplyAction = Extract<Action, { type: 'reply' }>;

/** The reply action for the picked template: its id, and its Message-ID to find it later. */
function templateChoice(id: string, templates: readonly TemplateSummary[]): ReplyAction {
  const t = templates.find((x) => x.id === id);
  return t?.messageId
    ? { type: 'reply', templateId: id, templateMessageId: t.messageId }
    : { type: 'reply', templateId: id };
}

/** Whether `t` is the action's template, also after sync gave the template another id. */
function isChosenTemplate(t: TemplateSummary, a: ReplyAction): boolean {
  return t.id === a.templateId || (!!a.templateMessageId && t.messageId === a.templateMessageId);
}

function actionParam(a: Action, n: number, choices: ActionChoices, update: (a: Action) => void) {
  switch (a.type) {
    case 'move':
    case 'copy':
      return html`<select
        aria-label=${msg('Folder', { id: 'filters.folder' }) + ` ${n}`}
        @change=${(e: Event) => {
          const f = choices.folders.find((x) => x.id === select(e));
          if (f) update({ ...a, folder: { path: f.path, id: f.id } });
        }}
      >
        ${choices.folders.map(
          (f) =>
            html`<option value=${f.id} ?selected=${f.id === a.folder.id}>
              ${'\u00a0\u00a0'.repeat(f.depth)}${folderLabel(f)}
            </option>`,
        )}
      </select>`;
    case 'tag':
      return html`<select
        aria-label=${msg('Tag', { id: 'filters.action.tag' }) + ` ${n}`}
        @change=${(e: Event) => update({ ...a, keyword: select(e) })}
      >
        <option value="" ?selected=${a.keyword === ''}>
          ${msg('Choose a tag', { id: 'filters.chooseTag' })}
        </option>
        ${choices.tags.map(
          (t) =>
            html`<option value=${t.keyword} ?selected=${t.keyword === a.keyword}>
              ${t.name}
            </option>`,
        )}
      </select>`;
    case 'comment':
      return html`<input
        aria-label=${msg('Comment text', { id: 'filters.commentText' }) + ` ${n}`}
        .value=${a.text}
        @input=${(e: Event) => update({ ...a, text: input(e) })}
      />`;
    case 'priority':
      return html`<select
        aria-label=${msg('Priority', { id: 'filters.priority' }) + ` ${n}`}
        @change=${(e: Event) => update({ ...a, priority: Number(select(e)) as 1 | 2 | 3 | 4 | 5 })}
      >
        ${[1, 2, 3, 4, 5].map(
          (p) =>
            html`<option value=${p} ?selected=${p === a.priority}>${priorityLabel(p)}</option>`,
        )}
      </select>`;
    case 'forward':
      return html`<input
        type="email"
        aria-label=${msg('Forward to address', { id: 'filters.forwardTo' }) + ` ${n}`}
        placeholder="name@example.org"
        .value=${a.to}
        @input=${(e: Event) => update({ ...a, to: input(e).trim() })}
      />`;
    case 'reply':
      return html`<select
        aria-label=${msg('Template', { id: 'filters.template' }) + ` ${n}`}
        @change=${(e: Event) => update(templateChoice(select(e), choices.templates))}
      >
        <option value="" ?selected=${a.templateId === ''}>
          ${
            choices.templates.length === 0
              ? msg('No templates yet', { id: 'filters.noTemplates' })
              : msg('Choose a template', { id: 'filters.chooseTemplate' })
          }
        </option>
        ${choices.templates.map(
          (t) =>
            html`<option value=${t.id} ?selected=${isChosenTemplate(t, a)}>${t.subject}</option>`,
        )}
      </select>`;
    default:
      return nothing;
  }
}

export function actionRow(
  a: Action,
  index: number,
  choices: ActionChoices,
  update: (next: Action | null) => void,
) {
  const n = index + 1;
  const reason = clientOnlyReason(a.type);
  return html`<li class="row" data-testid="action">
    <select
      aria-label=${msg('Action', { id: 'filters.actionType' }) + ` ${n}`}
      @change=${(e: Event) => update(newAction(select(e) as Action['type'], choices.folders))}
    >
      ${ACTIONS.map((t) => html`<option value=${t} ?selected=${t === a.type}>${actionLabel(t)}</option>`)}
    </select>
    ${actionParam(a, n, choices, update)}
    <button
      type="button"
      class="icon-only"
      aria-label=${msg('Remove action', { id: 'filters.removeAction' }) + ` ${n}`}
      @click=${() => update(null)}
    >
      ✕
    </button>
    ${reason ? html`<p class="note" data-testid="app-only">${clientOnlyText(reason)}</p>` : nothing}
  </li>`;
}
