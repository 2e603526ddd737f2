// SPAM-2: the record of which messages the classifier learnt from, and as what, that keeps
// repeated clicks from over-training: bounded, and read back safely from storage.
import { describe, expect, it } from 'vitest';
import { LearntMarks } from '../../src/spam/learnt.js';
import { isJunkFolderName } from '../../src/spam/junk-folders.js';

describe('learnt marks (SPAM-2)', () => {
  it('SPAM-2 remembers the latest mark of each message and forgets the oldest past the cap', () => {
    const marks = new LearntMarks(3);
    marks.set('a', 'spam');
    marks.set('b', 'ham');
    marks.set('c', 'spam');
    marks.set('a', 'ham'); // re-marked: now the newest
    marks.set('d', 'spam');
    expect(marks.size).toBe(3);
    expect(marks.get('b')).toBeNull();
    expect([marks.get('a'), marks.get('c'), marks.get('d')]).toEqual(['ham', 'spam', 'spam']);
  });

  it('SPAM-2 survives a round trip through storage and reads anything malformed as nothing learnt', () => {
    const marks = new LearntMarks();
    marks.set('m1', 'spam');
    marks.set('m2', 'ham');
    const back = LearntMarks.fromStored(JSON.parse(JSON.stringify(marks.toStored())));
    expect([back.get('m1'), back.get('m2')]).toEqual(['spam', 'ham']);
    for (const bad of [
      null,
      'x',
      { v: 2, ids: ['a'], labels: 's' },
      { v: 1, ids: ['a', 'b'], labels: 's' },
      { v: 1, ids: ['a'], labels: 'x' },
      { v: 1, ids: [7], labels: 's' },
    ]) {
      expect(LearntMarks.fromStored(bad).size, JSON.stringify(bad)).toBe(0);
    }
  });

  it('SPAM-2 knows the names servers and clients give a Spam folder', () => {
    for (const name of [
      'Junk',
      'SPAM',
      'Junk E-mail',
      'Bulk Mail',
      'Correo no deseado',
      'correo basura',
    ])
      expect(isJunkFolderName(name), name).toBe(true);
    for (const name of ['INBOX', 'Spammers I know', 'Trash', 'Junk/Old'])
      expect(isJunkFolderName(name), name).toBe(false);
  });
});
