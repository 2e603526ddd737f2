/** Commands the message list's keyboard asks the list toolbar to carry out on the selection. */
export type ListCommand = 'delete' | 'move' | 'toggle-read' | 'archive';

/** A keyboard shortcut in the message list asked for an action on the selection. */
export class BzListCommandEvent extends Event {
  static readonly eventName = 'bz-list-command';
  readonly command: ListCommand;

  constructor(command: ListCommand) {
    super(BzListCommandEvent.eventName, { bubbles: true, composed: true });
    this.command = command;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bz-list-command': BzListCommandEvent;
  }
}
