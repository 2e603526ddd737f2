// COMMENT-1: the hidden folder that keeps comment messages (ADR 0025). The UI never shows it;
// these match src/store/repos/comments.ts (test/ui/comments checks they agree).

export const HIDDEN_COMMENTS_FOLDER_NAME = 'Buzón comments';
export const HIDDEN_COMMENTS_FOLDER_ID = 'buzon-comments';

export function isHiddenFolder(f: { id: string; name: string; parentId: string | null }): boolean {
  return (
    f.id === HIDDEN_COMMENTS_FOLDER_ID ||
    (f.parentId === null && f.name === HIDDEN_COMMENTS_FOLDER_NAME)
  );
}
