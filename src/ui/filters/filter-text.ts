// The filters editor's words (FILTER-1…5): option labels, the app-only notes and
// the ADR 0027 caveats, each with a literal id (Spanish in src/locales/es.ts).
import { msg, str } from '@lit/localize';
import type { ClientOnlyReason } from '../../filters/sides.js';
import type { ForwardWarning } from '../../filters/sieve-settings.js';
import type { ServerFilterState } from '../../state/filter-types.js';

export type FieldKey = 'from' | 'to' | 'cc' | 'subject' | 'body' | 'size' | 'attachment' | 'header';

export function fieldLabel(field: FieldKey): string {
  switch (field) {
    case 'from':
      return msg('From', { id: 'filters.field.from' });
    case 'to':
      return msg('To', { id: 'filters.field.to' });
    case 'cc':
      return msg('Cc', { id: 'filters.field.cc' });
    case 'subject':
      return msg('Subject', { id: 'filters.field.subject' });
    case 'body':
      return msg('Body', { id: 'filters.field.body' });
    case 'size':
      return msg('Size', { id: 'filters.field.size' });
    case 'attachment':
      return msg('Attachment', { id: 'filters.field.attachment' });
    case 'header':
      return msg('Other header', { id: 'filters.field.header' });
  }
}

/** Operator choices: `!` marks the negation ("does not contain"). */
export function opLabel(op: string): string {
  switch (op) {
    case 'contains':
      return msg('contains', { id: 'filters.op.contains' });
    case '!contains':
      return msg('does not contain', { id: 'filters.op.notContains' });
    case 'is':
      return msg('is', { id: 'filters.op.is' });
    case '!is':
      return msg('is not', { id: 'filters.op.isNot' });
    case 'matches':
      return msg('matches (* and ?)', { id: 'filters.op.matches' });
    case '!matches':
      return msg('does not match', { id: 'filters.op.notMatches' });
    case 'greater':
      return msg('is larger than (KB)', { id: 'filters.op.greater' });
    case '!greater':
      return msg('is not larger than (KB)', { id: 'filters.op.notGreater' });
    case 'less':
      return msg('is smaller than (KB)', { id: 'filters.op.less' });
    case '!less':
      return msg('is not smaller than (KB)', { id: 'filters.op.notLess' });
    case 'has':
      return msg('exists', { id: 'filters.op.has' });
    default:
      return msg('does not exist', { id: 'filters.op.hasNot' });
  }
}

export function actionLabel(type: string): string {
  switch (type) {
    case 'move':
      return msg('Move to folder', { id: 'filters.action.move' });
    case 'copy':
      return msg('Copy to folder', { id: 'filters.action.copy' });
    case 'tag':
      return msg('Tag', { id: 'filters.action.tag' });
    case 'comment':
      return msg('Add a comment', { id: 'filters.action.comment' });
    case 'mark-read':
      return msg('Mark as read', { id: 'filters.action.markRead' });
    case 'priority':
      return msg('Set priority', { id: 'filters.action.priority' });
    case 'forward':
      return msg('Forward to', { id: 'filters.action.forward' });
    case 'reply':
      return msg('Reply with a template', { id: 'filters.action.reply' });
    case 'delete':
      return msg('Delete (to Trash)', { id: 'filters.action.delete' });
    case 'spam':
      return msg('Mark as spam', { id: 'filters.action.spam' });
    default:
      return msg('Stop: no later filter runs', { id: 'filters.action.stop' });
  }
}

export function priorityLabel(p: number): string {
  switch (p) {
    case 1:
      return msg('Highest', { id: 'filters.priority.1' });
    case 2:
      return msg('High', { id: 'filters.priority.2' });
    case 3:
      return msg('Normal', { id: 'filters.priority.3' });
    case 4:
      return msg('Low', { id: 'filters.priority.4' });
    default:
      return msg('Lowest', { id: 'filters.priority.5' });
  }
}

/** The sentences of src/filters/sides.ts clientOnlyMessage, in the interface language. */
export function clientOnlyText(reason: ClientOnlyReason): string {
  switch (reason) {
    case 'comment':
      return msg(
        'Comments are private app data, not part of the mail, so the server cannot add them; the app adds it when it next sees the message.',
        { id: 'filters.appOnly.comment' },
      );
    case 'priority':
      return msg(
        'Changing the priority needs rewriting a header (Sieve editheader), which servers do not enable by default; the app sets it when it next sees the message.',
        { id: 'filters.appOnly.priority' },
      );
    case 'reply':
      return msg(
        'Sieve cannot send a template with its variables and attachments (vacation answers each sender once per period only); the app sends the reply when it next sees the message.',
        { id: 'filters.appOnly.reply' },
      );
  }
}

/** ADR 0027: what the server does differently from the app. */
export function accentCaveat(): string {
  return msg(
    'Accented letters match regardless of case only in the app: on the server, "CAMIÓN" does not match "camión".',
    { id: 'filters.caveat.accents' },
  );
}

export function attachmentCaveat(): string {
  return msg(
    'The server counts a part as an attachment when it is marked so or has a file name; the app looks closer, so a few messages may be judged differently.',
    { id: 'filters.caveat.attachment' },
  );
}

export function forwardWarningText(w: ForwardWarning): string {
  switch (w) {
    case 'loop-risk':
      return msg(
        'If the other address forwards mail back here, messages can go round in a loop. Buzón and the server stop the common loops, not every one.',
        { id: 'filters.forward.loop' },
      );
    case 'own-address':
      return msg(
        'That is one of your own addresses: forwarding there would loop, so it is not installed.',
        {
          id: 'filters.forward.own',
        },
      );
    case 'no-copy':
      return msg('Without a copy, forwarded mail does not stay in this mailbox.', {
        id: 'filters.forward.noCopy',
      });
  }
}

export function serverStateText(s: ServerFilterState): string {
  switch (s.kind) {
    case 'local':
      return msg(
        'These filters run only in this app, on mail it sees (the server takes no filters).',
        {
          id: 'filters.state.local',
        },
      );
    case 'installing':
      return msg('Sending the filters to the server…', { id: 'filters.state.installing' });
    case 'installed':
      return msg('Installed on the server: they act even while the app is closed.', {
        id: 'filters.state.installed',
      });
    case 'pending':
      return msg('Saved here; waiting to reach the server.', { id: 'filters.state.pending' });
    case 'other-active':
      return msg(
        str`Another client's filter script ("${s.scriptName}") is active on the server; these filters are not installed.`,
        { id: 'filters.state.other' },
      );
    case 'refused':
      return msg(str`The server refused the filters: ${s.message}`, {
        id: 'filters.state.refused',
      });
  }
}
