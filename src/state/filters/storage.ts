// FILTER-1…5 settings as kept on this device: three rows of the mailbox's settings table,
// read back only through the strict parsers of src/filters/parse.ts (a stored filter with
// one bad part is dropped whole, never half run).
import { fnv1a } from '../../filters/checksum.js';
import type { AwaySettings, Filter, ForwardSettings } from '../../filters/model.js';
import { MAX_FILTERS } from '../../filters/model.js';
import {
  parseAwaySettings,
  parseFilter,
  parseFilters,
  parseForwardSettings,
} from '../../filters/parse.js';
import type { BuzonDb } from '../../store/db.js';
import {
  listSettingValues,
  observeSettingValues,
  putSettingValues,
} from '../../store/repos/settings.js';
import type { FilterSettings } from '../filter-types.js';
import type { Subscribable } from '../observable.js';
import { mapSubscribable } from '../subscribable.js';

export const FILTERS_KEY = 'filters';
export const AWAY_KEY = 'filterAway';
export const FORWARD_KEY = 'filterForward';
/**
 * The fingerprint (settingsFingerprint) of the settings last installed on the server from
 * this device, or adopted from it: "not changed since the last install" (ADR 0029).
 */
export const INSTALLED_KEY = 'filterInstalled';

/** Why a save was refused; `message` is a sentence for the editor. */
export class FilterValidationError extends Error {
  override name = 'FilterValidationError';
}

export function settingsFrom(values: ReadonlyMap<string, unknown>): FilterSettings {
  return {
    filters: parseFilters(values.get(FILTERS_KEY)),
    away: parseAwaySettings(values.get(AWAY_KEY)),
    forward: parseForwardSettings(values.get(FORWARD_KEY)),
  };
}

/** Whether the user ever saved anything here (a device with none adopts the server's). */
export function hasLocalSettings(values: ReadonlyMap<string, unknown>): boolean {
  return [FILTERS_KEY, AWAY_KEY, FORWARD_KEY].some((k) => values.get(k) !== undefined);
}

export function observeFilterSettings(db: BuzonDb): Subscribable<FilterSettings> {
  return mapSubscribable(observeSettingValues(db), settingsFrom);
}

export async function readFilterSettings(db: BuzonDb): Promise<FilterSettings> {
  return settingsFrom(await listSettingValues(db));
}

/** A short, stable fingerprint of parsed settings (parse.ts builds keys in a fixed order). */
export function settingsFingerprint(settings: FilterSettings): string {
  return fnv1a(JSON.stringify([settings.filters, settings.away, settings.forward]));
}

/** The filters as they will be stored; throws FilterValidationError on anything parse.ts drops. */
export function checkFilters(filters: readonly Filter[]): Filter[] {
  if (filters.length > MAX_FILTERS)
    throw new FilterValidationError(`At most ${MAX_FILTERS} filters.`);
  const ids = new Set<string>();
  return filters.map((f) => {
    if (typeof f.description !== 'string' || f.description.trim() === '')
      throw new FilterValidationError('A filter needs a description.');
    const parsed = parseFilter(f);
    if (!parsed || parsed.description !== f.description)
      throw new FilterValidationError(`The filter "${f.description}" is not valid.`);
    if (ids.has(parsed.id)) throw new FilterValidationError('Two filters have the same id.');
    ids.add(parsed.id);
    return parsed;
  });
}

export function checkAway(away: AwaySettings): AwaySettings {
  const parsed = parseAwaySettings(away);
  if (!parsed) throw new FilterValidationError('The away message is not valid.');
  return parsed;
}

export function checkForward(forward: ForwardSettings): ForwardSettings {
  const parsed = parseForwardSettings(forward);
  if (!parsed) throw new FilterValidationError('The forwarding address is not valid.');
  return parsed;
}

export async function writeFilterSettings(
  db: BuzonDb,
  patch: { filters?: Filter[]; away?: AwaySettings | null; forward?: ForwardSettings | null },
): Promise<void> {
  const values: Record<string, unknown> = {};
  if (patch.filters !== undefined) values[FILTERS_KEY] = patch.filters;
  if (patch.away !== undefined) values[AWAY_KEY] = patch.away;
  if (patch.forward !== undefined) values[FORWARD_KEY] = patch.forward;
  await putSettingValues(db, values);
}

export async function readInstalledFingerprint(db: BuzonDb): Promise<string | null> {
  const v = (await listSettingValues(db)).get(INSTALLED_KEY);
  return typeof v === 'string' ? v : null;
}

export async function writeInstalledFingerprint(db: BuzonDb, fingerprint: string): Promise<void> {
  await putSettingValues(db, { [INSTALLED_KEY]: fingerprint });
}
