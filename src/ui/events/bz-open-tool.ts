/** `sign-in-again`: the sign-in dialog for the shown account (its name filled in). */
export type BzTool =
  'archive-viewer' | 'documents' | 'settings' | 'help' | 'sign-in' | 'sign-in-again' | 'contacts';

/** The user asked for one of the app's tools (a dialog or view). */
export class BzOpenToolEvent extends Event {
  static readonly eventName = 'bz-open-tool';
  readonly tool: BzTool;
  constructor(tool: BzTool) {
    super(BzOpenToolEvent.eventName, { bubbles: true, composed: true });
    this.tool = tool;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bz-open-tool': BzOpenToolEvent;
  }
}
