// The editor's checks before a save, a preview or a run (FILTER-1): the first problem as a
// sentence the user can act on; the service refuses anything parse.ts would drop anyway.
import { msg } from '@lit/localize';
import type { Filter } from '../../filters/model.js';
import { isValidAddress, isValidKeyword, parseFilter } from '../../filters/parse.js';

export function filterProblem(f: Filter): string | null {
  if (f.description.trim() === '')
    return msg('Give the filter a description.', { id: 'filters.invalid.description' });
  if (f.conditions.length === 0)
    return msg('Add at least one condition.', { id: 'filters.invalid.noCondition' });
  for (const c of f.conditions) {
    if (c.field === 'header' && !/^[\x21-\x39\x3b-\x7e]+$/.test(c.header))
      return msg('Write the header name, e.g. List-Id (no spaces or colon).', {
        id: 'filters.invalid.header',
      });
    if ('value' in c && c.value.trim() === '')
      return msg('Fill in what each condition looks for.', { id: 'filters.invalid.value' });
  }
  if (f.actions.length === 0)
    return msg('Add at least one action.', { id: 'filters.invalid.noAction' });
  for (const a of f.actions) {
    if (a.type === 'forward' && !isValidAddress(a.to))
      return msg('The forwarding address is not a valid address.', {
        id: 'filters.invalid.address',
      });
    if (a.type === 'tag' && !isValidKeyword(a.keyword))
      return msg('Choose the tag to add.', { id: 'filters.invalid.tag' });
    if (a.type === 'reply' && a.templateId === '')
      return msg('Choose the template to reply with.', { id: 'filters.invalid.template' });
    if (a.type === 'comment' && a.text.trim() === '')
      return msg('Write the comment to add.', { id: 'filters.invalid.comment' });
    if ((a.type === 'move' || a.type === 'copy') && a.folder.path === '')
      return msg('Choose a folder.', { id: 'filters.invalid.folder' });
  }
  if (!parseFilter(f))
    return msg('Something in this filter is not valid.', { id: 'filters.invalid.other' });
  return null;
}
