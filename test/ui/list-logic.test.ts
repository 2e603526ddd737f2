// The message list's pure parts: which rows a virtual window renders, and selection.
import { describe, expect, it } from 'vitest';
import { ListSelection } from '../../src/ui/list/list-selection.js';
import { OVERSCAN_ROWS, scrollToReveal, visibleRange } from '../../src/ui/list/virtual-window.js';

const ids = Array.from({ length: 10 }, (_, i) => `m${i}`);

describe('virtual window (VIEW-1…5 at 100,000 messages)', () => {
  it('renders only the visible rows plus overscan, whatever the list size', () => {
    const r = visibleRange(0, 600, 30, 100_000);
    expect(r.start).toBe(0);
    expect(r.end).toBe(Math.ceil(600 / 30) + 1 + OVERSCAN_ROWS);
    const deep = visibleRange(30 * 50_000, 600, 30, 100_000);
    expect(deep.start).toBe(50_000 - OVERSCAN_ROWS);
    expect(deep.end - deep.start).toBeLessThan(60);
  });

  it('clamps to the end of the list and handles an empty one', () => {
    expect(visibleRange(30 * 99_990, 600, 30, 100_000).end).toBe(100_000);
    expect(visibleRange(0, 600, 30, 0)).toEqual({ start: 0, end: 0 });
    expect(visibleRange(10_000, 600, 30, 5)).toEqual({ start: 0, end: 5 });
  });

  it('scrolls just enough to reveal a row', () => {
    expect(scrollToReveal(0, 300, 600, 30)).toBe(0);
    expect(scrollToReveal(40, 0, 600, 30)).toBe(41 * 30 - 600);
    expect(scrollToReveal(5, 0, 600, 30)).toBeNull();
  });
});

describe('list selection (FOLDER-6, DELETE-1)', () => {
  it('a click selects one row; shift-click selects the range from it', () => {
    const s = new ListSelection(ids);
    s.selectOnly(2);
    s.extendTo(5);
    expect(s.selectedIds()).toEqual(['m2', 'm3', 'm4', 'm5']);
    s.extendTo(0);
    expect(s.selectedIds()).toEqual(['m0', 'm1', 'm2']);
  });

  it('ctrl/cmd-click toggles rows in and out', () => {
    const s = new ListSelection(ids);
    s.selectOnly(1);
    s.toggle(4);
    s.toggle(1);
    expect(s.selectedIds()).toEqual(['m4']);
  });

  it('arrow keys move the selection; Shift+arrow extends it; Home/End clamp', () => {
    const s = new ListSelection(ids);
    s.moveFocus(0, false);
    s.moveFocus(1, true);
    s.moveFocus(2, true);
    expect(s.selectedIds()).toEqual(['m0', 'm1', 'm2']);
    s.moveFocus(99, false);
    expect(s.focus).toBe(9);
    expect(s.selectedIds()).toEqual(['m9']);
  });

  it('ctrl+A selects all; a new view keeps only what is still there', () => {
    const s = new ListSelection(ids);
    s.selectAll();
    expect(s.selectedIds()).toHaveLength(10);
    s.setIds(['m3', 'm4', 'x']);
    expect(s.selectedIds()).toEqual(['m3', 'm4']);
  });

  it('issue 3 a selected message stays selected when its id changes, whichever is told first', () => {
    const renamed = new Map([['m3', 'S3']]);
    const withNew = ids.map((id) => (id === 'm3' ? 'S3' : id));
    // The view's new ids first: m3 leaves the view, then its new id is told.
    const a = new ListSelection(ids);
    a.selectOnly(3);
    a.setIds(withNew);
    expect(a.selectedIds()).toEqual([]);
    expect(a.held()).toEqual(['m3']);
    expect(a.follow(renamed)).toBe(true);
    expect(a.selectedIds()).toEqual(['S3']);
    // The new id first, then the view.
    const b = new ListSelection(ids);
    b.selectOnly(3);
    expect(b.follow(renamed)).toBe(true);
    b.setIds(withNew);
    expect(b.selectedIds()).toEqual(['S3']);
    // A message deleted meanwhile and chosen past is not brought back.
    const c = new ListSelection(ids);
    c.selectOnly(3);
    c.setIds(withNew);
    c.selectOnly(0);
    expect(c.follow(renamed)).toBe(false);
    expect(c.selectedIds()).toEqual(['m0']);
  });

  it('focus follows its message when the view re-sorts', () => {
    const s = new ListSelection(ids);
    s.selectOnly(3);
    s.setIds([...ids].reverse());
    expect(s.focus).toBe(6);
  });
});
