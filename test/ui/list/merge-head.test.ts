// VIEW-1: the list's keys after a change, from the fresh first keys and the last whole list
// (src/ui/list/merge-head.ts): what a user sees at the top of a long folder is exact.
import { describe, expect, it } from 'vitest';
import { mergeHead } from '../../../src/ui/list/merge-head.js';

const all = Array.from({ length: 12 }, (_, i) => `m${i}`);

describe('VIEW-1 the top of a long list after a change, before its whole key list is read again', () => {
  it('VIEW-1 a fresh whole list is kept as it is', () => {
    expect(mergeHead(all.slice(0, 4), all, 4)).toBe(all);
  });

  it('VIEW-1 new mail on top shows above everything that was there', () => {
    expect(mergeHead(['n1', 'n2', 'm0', 'm1'], all, 4)).toEqual(['n1', 'n2', ...all]);
    expect(mergeHead(['n1', 'n2', 'n3', 'n4'], all, 4)).toEqual(['n1', 'n2', 'n3', 'n4', ...all]);
  });

  it('VIEW-1 new mail that fills the end of the head goes below the messages above it', () => {
    expect(mergeHead(['m0', 'm1', 'm2', 'n1'], all, 4)).toEqual([
      'm0',
      'm1',
      'm2',
      'n1',
      ...all.slice(3),
    ]);
  });

  it('VIEW-1 a message deleted or moved away near the top leaves at once', () => {
    expect(mergeHead(['m0', 'm2', 'm3', 'm4'], all, 4)).toEqual(all.filter((k) => k !== 'm1'));
  });

  it('VIEW-1 a message that moved within the top is listed once, where it is now', () => {
    expect(mergeHead(['m3', 'm0', 'm1', 'm2'], all, 4)).toEqual([
      'm3',
      'm0',
      'm1',
      'm2',
      ...all.slice(4),
    ]);
    expect(mergeHead(['m5', 'm0', 'm1', 'm2'], all, 4)).toEqual([
      'm5',
      ...all.filter((k) => k !== 'm5'),
    ]);
  });

  it('VIEW-1 a head shorter than asked is the whole view', () => {
    expect(mergeHead(['m0', 'm1'], all, 4)).toEqual(['m0', 'm1']);
  });
});
