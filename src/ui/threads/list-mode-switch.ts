// Which rows the message list's grid shows: a folder's messages, or its conversations when
// the threads view is on (SETTINGS-2, THREAD-1). Kept apart from the list element, which
// keeps one grid, selection, keyboard and drag for both. Thread code loads on first use.
import type { ReactiveControllerHost } from 'lit';
import type { SearchSnippet, ThreadService } from '../../state/types.js';
import type { ListDataController } from '../list/list-data-controller.js';
import { renderRowContent } from '../list/message-row.js';
import type { ThreadListMode } from './thread-list-mode.js';

export type ListShown = 'messages' | 'threads' | 'none';

/** What the grid needs of either data source. */
export type ListSource = Pick<
  ListDataController,
  'ids' | 'count' | 'complete' | 'error' | 'firstPaintPending' | 'knownIds' | 'ensure'
> & { rowAt(index: number): object | undefined };

export interface ListInputs {
  threads: boolean;
  /** A fixed id list (search results) is always messages. */
  searching: boolean;
  service: ThreadService | undefined;
}

export class ListModeSwitch {
  /** Loaded when the threads view is first turned on. */
  mode: ThreadListMode | null = null;
  shown: ListShown = 'messages';
  private loading = false;

  constructor(
    private readonly host: ReactiveControllerHost & EventTarget,
    private readonly messages: ListDataController,
    private readonly onKeys: (keys: readonly string[]) => void,
  ) {}

  /** The threads mode while it is what the grid shows. */
  get threads(): ThreadListMode | null {
    return this.shown === 'threads' ? this.mode : null;
  }

  get source(): ListSource {
    return this.threads?.data ?? this.messages;
  }

  /** Follows the inputs; true when what the grid shows changed (the view starts over). */
  update(i: ListInputs): boolean {
    if (i.threads && !this.mode) this.load();
    const wanted = i.threads && !i.searching;
    this.mode?.watch(i.service, wanted);
    // ADR 0026: the plain list until threading is done; nothing until that is known.
    let shown: ListShown = 'messages';
    if (wanted) shown = !this.mode?.known ? 'none' : this.mode.grouped ? 'threads' : 'messages';
    const changed = shown !== this.shown;
    this.shown = shown;
    return changed;
  }

  /** One row's hooks and cells: a message, or a thread in the threads view. */
  item(
    i: number,
    compact: boolean,
    showTo: boolean,
    found?: (id: string) => SearchSnippet | undefined,
  ) {
    const mode = this.threads;
    if (mode) return mode.item(i, compact);
    const row = this.messages.rowAt(i);
    return (
      row && {
        id: row.id,
        unread: !row.seen,
        testid: 'message-list-item',
        messageId: row.messageId,
        key: undefined,
        cells: renderRowContent(row, showTo, compact, found?.(row.id)),
      }
    );
  }

  private load(): void {
    if (this.loading) return;
    this.loading = true;
    void import('./thread-list-mode.js').then((m) => {
      this.mode = new m.ThreadListMode(this.host, this.onKeys);
      this.host.requestUpdate();
    });
  }
}
