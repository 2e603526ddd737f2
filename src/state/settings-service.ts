// SettingsService (SETTINGS-2, VIEW-1, VIEW-3): stored values over defaults. Stored values
// are checked field by field, so a bad row falls back to its default instead of breaking.
import type { BuzonDb } from '../store/db.js';
import { observeSettingValues, putSettingValues } from '../store/repos/settings.js';
import { mapSubscribable } from './subscribable.js';
import type { LocaleSetting, Settings, SettingsService, SortField } from './types.js';

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  locale: 'auto',
  compact: false,
  alwaysShowRemote: false,
  hideAttachments: false,
  sort: 'date',
  descending: true,
  unreadOnlyFolders: [],
  richText: false,
  autoSignature: true,
  signaturePlacement: 'bottom',
  threadsView: false,
  pgpSignAlways: false,
};

const LOCALES: readonly LocaleSetting[] = ['auto', 'en', 'es'];
const SORTS: readonly SortField[] = ['date', 'read', 'subject', 'from', 'size'];
const PLACEMENTS: readonly Settings['signaturePlacement'][] = ['bottom', 'cursor'];

function pick<T>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

export function settingsFrom(values: ReadonlyMap<string, unknown>): Settings {
  const d = DEFAULT_SETTINGS;
  const unread = values.get('unreadOnlyFolders');
  return {
    locale: pick(values.get('locale'), LOCALES, d.locale),
    compact: bool(values.get('compact'), d.compact),
    alwaysShowRemote: bool(values.get('alwaysShowRemote'), d.alwaysShowRemote),
    hideAttachments: bool(values.get('hideAttachments'), d.hideAttachments),
    sort: pick(values.get('sort'), SORTS, d.sort),
    descending: bool(values.get('descending'), d.descending),
    unreadOnlyFolders: Array.isArray(unread)
      ? unread.filter((x): x is string => typeof x === 'string')
      : [],
    richText: bool(values.get('richText'), d.richText),
    autoSignature: bool(values.get('autoSignature'), d.autoSignature),
    signaturePlacement: pick(values.get('signaturePlacement'), PLACEMENTS, d.signaturePlacement),
    threadsView: bool(values.get('threadsView'), d.threadsView),
    pgpSignAlways: bool(values.get('pgpSignAlways'), d.pgpSignAlways),
  };
}

export function createSettingsService(db: BuzonDb): SettingsService {
  return {
    observeSettings: () => mapSubscribable(observeSettingValues(db), settingsFrom),
    async updateSettings(patch) {
      const values: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(patch)) if (v !== undefined) values[k] = v;
      await putSettingValues(db, values);
    },
  };
}
