import type { ListMember } from '../../contacts/model.js';

/** CONTACTS-4: the user chose a member to add to the list being edited. */
export class BzListMemberEvent extends Event {
  static readonly eventName = 'bz-list-member';
  readonly member: ListMember;
  constructor(member: ListMember) {
    // Not composed: only the list editor around the form listens.
    super(BzListMemberEvent.eventName, { bubbles: true });
    this.member = member;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bz-list-member': BzListMemberEvent;
  }
}
