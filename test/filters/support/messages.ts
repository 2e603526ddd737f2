// Fixture messages for the filter tests: the raw .eml (for Pigeonhole) and the engine's view
// of it built the way the app builds it (parser → filterMessageFromParsed).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { parseMessage } from '../../../src/mail/parse.js';
import type { FilterMessage } from '../../../src/filters/engine.js';
import { filterMessageFromParsed } from '../../../src/filters/message.js';
import type { Action, Condition, Filter } from '../../../src/filters/model.js';

/** Fixtures of this folder, or of test/fixtures/eml with the `shared:` prefix. */
function pathOf(name: string): string {
  const shared = name.startsWith('shared:');
  const file = shared ? `../../fixtures/eml/${name.slice(7)}` : `../fixtures/${name}`;
  return fileURLToPath(new URL(file, import.meta.url));
}

export function rawEml(name: string): Buffer {
  return readFileSync(pathOf(name));
}

export async function filterMessage(name: string, isSpam = false): Promise<FilterMessage> {
  const raw = new Uint8Array(rawEml(name));
  const parsed = await parseMessage(raw);
  if ('error' in parsed) throw new Error(`fixture ${name} did not parse: ${parsed.error}`);
  return filterMessageFromParsed(parsed, { size: raw.byteLength, isSpam });
}

let next = 0;

export function filter(
  conditions: Condition[],
  actions: Action[],
  extra: Partial<Filter> = {},
): Filter {
  next++;
  return {
    id: `f${next}`,
    description: `filter ${next}`,
    active: true,
    join: 'all',
    conditions,
    actions,
    ...extra,
  };
}
