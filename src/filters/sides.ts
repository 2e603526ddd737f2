// Which filter actions the server's Sieve script performs and which only the app can: one
// answer shared by the compiler (what it leaves out and says so) and the engine (what the app
// still does itself when the script is installed), so the two never both do, or both skip, an
// action.
//
// A filter whose actions are partly app-only is still compiled, with the server's part only.
// That keeps its meaning honest because the app-only actions are annotations or answers that
// never decide where the message lands: the server files, flags, forwards and stops; the app,
// when it next sees the message, evaluates the same conditions in the same order with the same
// stops and adds the rest. So the union of both is exactly the filter, only later.
import type { Action, ActionType, Filter } from './model.js';

export type ClientOnlyReason = 'comment' | 'priority' | 'reply';

const REASONS: Record<ClientOnlyReason, string> = {
  comment:
    'Comments are private app data, not part of the mail, so the server cannot add them; the app adds it when it next sees the message.',
  priority:
    'Changing the priority needs rewriting a header (Sieve editheader), which servers do not enable by default; the app sets it when it next sees the message.',
  reply:
    'Sieve cannot send a template with its variables and attachments (vacation answers each sender once per period only); the app sends the reply when it next sees the message.',
};

/** Why an action stays in the app, or null when the server's script performs it. */
export function clientOnlyReason(type: ActionType): ClientOnlyReason | null {
  switch (type) {
    case 'comment':
    case 'priority':
    case 'reply':
      return type;
    default:
      return null;
  }
}

/** The sentence the filter editor shows next to an app-only action. */
export function clientOnlyMessage(reason: ClientOnlyReason): string {
  return REASONS[reason];
}

/** True when the installed Sieve script performs this action. */
export function isServerAction(action: Action): boolean {
  return clientOnlyReason(action.type) === null;
}

/**
 * True when an active filter both files into this folder (move or copy, by folder id) and
 * has an action only the app performs: mail the server's script filed there still needs the
 * app's part (ADR 0028 addendum).
 */
export function filesWithAppActions(filters: readonly Filter[], folderId: string): boolean {
  return filters.some(
    (f) =>
      f.active &&
      f.actions.some((a) => !isServerAction(a)) &&
      f.actions.some((a) => (a.type === 'move' || a.type === 'copy') && a.folder.id === folderId),
  );
}
