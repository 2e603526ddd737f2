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

  it('focus follows its message when the view re-sorts', () => {
    const s = new ListSelection(ids);
    s.selectOnly(3);
    s.setIds([...ids].reverse());
    expect(s.focus).toBe(6);
  });
});
