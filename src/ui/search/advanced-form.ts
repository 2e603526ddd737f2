import type { AdvancedSearch, AdvancedSize, PriorityLevel } from '../../search/query/index.js';

const SIZE_OPS: readonly string[] = ['larger', 'smaller'];
const SIZE_UNITS: readonly string[] = ['K', 'M', 'G'];
const PRIORITIES: readonly string[] = ['high', 'normal', 'low'];

/** The advanced search form's fields (named inputs) as the query module's model. */
export function readAdvancedForm(form: HTMLFormElement): AdvancedSearch {
  const data = new FormData(form);
  const text = (name: string) => {
    const v = data.get(name);
    return typeof v === 'string' ? v : '';
  };
  const op = text('sizeOp');
  const unit = text('sizeUnit');
  const amount = Number(text('sizeAmount'));
  const size: AdvancedSize | null =
    SIZE_OPS.includes(op) && SIZE_UNITS.includes(unit) && Number.isFinite(amount) && amount > 0
      ? { op: op as AdvancedSize['op'], amount, unit: unit as AdvancedSize['unit'] }
      : null;
  const priority = text('priority');
  return {
    words: text('words'),
    from: text('from'),
    to: text('to'),
    subject: text('subject'),
    body: text('body'),
    since: text('since'),
    until: text('until'),
    folder: text('folder'),
    tag: text('tag'),
    hasAttachment: data.has('hasAttachment'),
    unread: data.has('unread'),
    size,
    priority: PRIORITIES.includes(priority) ? (priority as PriorityLevel) : null,
  };
}
