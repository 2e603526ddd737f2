// COMMENT-1: the hidden folder that keeps comment messages (ADR 0025). The store creates and
// reads it; the folder service leaves it out, so no list, picker or tree ever shows it.

export const COMMENTS_FOLDER_NAME = 'Buzón comments';
/** Its local id when this device created it (system folders use fixed ids too). */
export const COMMENTS_FOLDER_ID = 'buzon-comments';

/** Whether a folder row is the hidden comments folder (created here or synced from the server). */
export function isCommentsFolder(mb: {
  id: string;
  name: string;
  parentId: string | null;
}): boolean {
  return mb.id === COMMENTS_FOLDER_ID || (mb.parentId === null && mb.name === COMMENTS_FOLDER_NAME);
}
