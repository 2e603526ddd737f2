// The message list's selection model (click, shift-click range, ctrl/cmd-click toggle,
// keyboard), by index over the current view's ids. Pure, so it is unit-tested.

export class ListSelection {
  /** Selected message ids. */
  selected = new Set<string>();
  /** The row keyboard focus is on, or -1. */
  focus = -1;
  /** Where a shift-range starts. */
  private anchor = -1;
  /**
   * Selected ids the view dropped since the user last chose: a message whose id changed
   * (a local message taken by the server) leaves the view before its new id is told.
   */
  private dropped = new Set<string>();

  constructor(private ids: readonly string[] = []) {}

  /** The view changed (sort, new mail, deletion): keep what is still there. */
  setIds(ids: readonly string[]): void {
    const focusedId = this.ids[this.focus];
    this.ids = ids;
    if (this.selected.size) {
      const present = new Set(ids);
      for (const id of this.selected) {
        if (present.has(id)) continue;
        this.selected.delete(id);
        this.dropped.add(id);
      }
    }
    const moved = focusedId === undefined ? -1 : ids.indexOf(focusedId);
    this.focus = moved >= 0 ? moved : Math.min(this.focus, ids.length - 1);
    if (this.anchor >= ids.length) this.anchor = this.focus;
  }

  /** The ids the selection holds or may get back (RenamedIdsController watches them). */
  held(): string[] {
    return [...this.selected, ...this.dropped];
  }

  /** Messages whose id changed: selected under the old id, selected under the new one. */
  follow(renamed: ReadonlyMap<string, string>): boolean {
    let changed = false;
    for (const [from, to] of renamed) {
      if (!this.selected.delete(from) && !this.dropped.delete(from)) continue;
      this.selected.add(to);
      changed = true;
    }
    return changed;
  }

  get count(): number {
    return this.ids.length;
  }

  isSelected(id: string): boolean {
    return this.selected.has(id);
  }

  /** Selected ids in view order. */
  selectedIds(): string[] {
    if (this.selected.size === 0) return [];
    return this.ids.filter((id) => this.selected.has(id));
  }

  clear(): void {
    this.dropped.clear();
    this.selected.clear();
    this.anchor = -1;
    this.focus = -1;
  }

  /** A plain click, or keyboard focus landing on a row without Shift. */
  selectOnly(index: number): void {
    this.dropped.clear();
    const id = this.ids[index];
    if (id === undefined) return;
    this.selected = new Set([id]);
    this.focus = this.anchor = index;
  }

  /** Ctrl/Cmd-click. */
  toggle(index: number): void {
    this.dropped.clear();
    const id = this.ids[index];
    if (id === undefined) return;
    if (this.selected.has(id)) this.selected.delete(id);
    else this.selected.add(id);
    this.focus = this.anchor = index;
  }

  /** Shift-click or Shift+Arrow: everything from the anchor to `index`. */
  extendTo(index: number): void {
    this.dropped.clear();
    if (index < 0 || index >= this.ids.length) return;
    if (this.anchor < 0) this.anchor = index;
    const [a, b] = this.anchor < index ? [this.anchor, index] : [index, this.anchor];
    this.selected = new Set(this.ids.slice(a, b + 1));
    this.focus = index;
  }

  selectAll(): void {
    this.dropped.clear();
    this.selected = new Set(this.ids);
    if (this.focus < 0 && this.ids.length) this.focus = 0;
    this.anchor = this.focus;
  }

  /** Arrow keys, Home/End: move focus; select it, or extend the range with Shift. */
  moveFocus(to: number, extend: boolean): void {
    if (this.ids.length === 0) return;
    const index = Math.max(0, Math.min(this.ids.length - 1, to));
    if (extend) this.extendTo(index);
    else this.selectOnly(index);
  }
}
