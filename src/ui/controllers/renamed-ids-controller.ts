import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MessageService } from '../../state/types.js';
import { SubscribeController } from './subscribe-controller.js';

/**
 * Follows the messages an element holds by id when their id changes under it: a message
 * written here gets the server's id once the server has it, while it may be open or
 * selected (MessageService.observeRenamed). The element says which ids it holds after
 * each change of them; `onRenamed` gets old id → current id for those that moved.
 */
export class RenamedIdsController implements ReactiveController {
  private readonly renames: SubscribeController<ReadonlyMap<string, string>>;
  private watched = '';

  constructor(
    host: ReactiveControllerHost,
    private readonly service: () => MessageService | undefined,
    onRenamed: (renamed: ReadonlyMap<string, string>) => void,
  ) {
    host.addController(this);
    this.renames = new SubscribeController(host, (renamed) => {
      if (renamed.size > 0) onRenamed(renamed);
    });
  }

  hostConnected(): void {}

  /**
   * The ids held now; the same ids in the same order keep the subscription. Called on
   * every render of a list (scrolling), so it only joins them to compare.
   */
  watch(ids: Iterable<string>): void {
    const list = [...ids];
    const key = list.join('\n');
    if (key === this.watched) return;
    this.watched = key;
    const unique = [...new Set(list)];
    this.renames.setSource(
      unique.length > 0 ? this.service()?.observeRenamed?.(unique) : undefined,
    );
  }
}
