// VIEW-4 short dates, sizes, and FOLDER-1 tree order.
import { describe, expect, it } from 'vitest';
import { formatCount, formatPercent, formatShortDate, formatSize } from '../../src/ui/shared/format.js';
import { orderFolders } from '../../src/ui/shared/folder-names.js';
import type { Folder } from '../../src/state/types.js';

const NOW = new Date(2025, 5, 12, 15, 30).getTime(); // Thursday 12 June 2025, 15:30

describe('short dates (VIEW-4)', () => {
  it('VIEW-4 shows the time for today', () => {
    expect(formatShortDate(new Date(2025, 5, 12, 9, 5).getTime(), NOW, 'en-GB')).toBe('09:05');
  });
  it('VIEW-4 shows the weekday and day this week', () => {
    expect(formatShortDate(new Date(2025, 5, 9, 9, 5).getTime(), NOW, 'en-GB')).toBe('Mon 9');
    expect(formatShortDate(new Date(2025, 5, 9, 9, 5).getTime(), NOW, 'es')).toMatch(/lun/);
  });
  it('VIEW-4 shows day and month this year, dd/mm/yy before', () => {
    expect(formatShortDate(new Date(2025, 2, 3).getTime(), NOW, 'en-GB')).toBe('3 Mar');
    expect(formatShortDate(new Date(2019, 2, 3).getTime(), NOW, 'es')).toBe('03/03/19');
  });
});

describe('sizes', () => {
  it('uses binary steps with one decimal below 10', () => {
    expect(formatSize(512, 'en')).toBe('512 B');
    expect(formatSize(1536, 'en')).toBe('1.5 KB');
    expect(formatSize(50 * 1024 * 1024, 'en')).toBe('50 MB');
  });
  it('counts and percentages follow the language, one formatter per locale and style', () => {
    expect(formatCount(1234567, 'en')).toBe('1,234,567');
    expect(formatCount(1234567, 'de')).toBe('1.234.567');
    // Shared formatters: a percentage after a count of the same locale is still a percentage.
    expect(formatPercent(0.9, 'en')).toBe('90%');
    expect(formatCount(0.9, 'en')).toBe('1');
    expect(formatSize(1536, 'en')).toBe('1.5 KB');
  });
});

function folder(
  id: string,
  name: string,
  parentId: string | null,
  role: Folder['role'] = null,
): Folder {
  return {
    id,
    name,
    parentId,
    role,
    path: name,
    depth: parentId ? 1 : 0,
    unread: 0,
    total: 0,
    canRename: role === null,
    canHaveChildren: role !== 'sent' && role !== 'spam',
    inTrash: false,
  };
}

describe('folder tree order (FOLDER-1)', () => {
  it('FOLDER-1 puts system folders first in fixed order, then user folders by name, children under parents', () => {
    const list = [
      folder('z', 'Zeta', null),
      folder('t', 'Trash', null, 'trash'),
      folder('a', 'Alpha', null),
      folder('s', 'Sent', null, 'sent'),
      folder('i', 'Inbox', null, 'inbox'),
      folder('a1', 'Child', 'a'),
      folder('sp', 'Spam', null, 'spam'),
      folder('d', 'Drafts', null, 'drafts'),
      folder('tp', 'Templates', null, 'templates'),
      folder('i1', 'Sub', 'i'),
    ];
    expect(orderFolders(list).map((f) => f.id)).toEqual([
      'i',
      'i1',
      'd',
      's',
      'tp',
      'sp',
      't',
      'a',
      'a1',
      'z',
    ]);
  });
});
