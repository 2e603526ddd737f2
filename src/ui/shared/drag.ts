// Drag and drop inside the app: messages onto folders (FOLDER-6, DELETE-1) and folders
// onto folders (FOLDER-3). Private MIME types keep these apart from dropped files.

export const MESSAGE_IDS_TYPE = 'application/x-bz-message-ids';
export const FOLDER_ID_TYPE = 'application/x-bz-folder-id';

export function hasType(event: DragEvent, type: string): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes(type);
}

/** True when the drag carries files from outside the page (an import). */
export function carriesFiles(event: DragEvent): boolean {
  return hasType(event, 'Files');
}
