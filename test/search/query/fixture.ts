// Test support for the query language: the fixture mailbox (fixture-mailbox.ts), how its
// folders and tags resolve, and `search`, which runs a query over it as a user would.

import type { SearchResolver } from '../../../src/search/query/match.js';
import { matches } from '../../../src/search/query/match.js';
import { parseQuery } from '../../../src/search/query/parse.js';
import { DOCS, MAILBOXES, OFFSET } from './fixture-mailbox.js';

export { DOCS, MAILBOXES, OFFSET, local, type Doc } from './fixture-mailbox.js';

/** Parse options for every test: dates are midnights in Madrid winter time. */
export const OPTIONS = { utcOffsetMinutes: OFFSET };

/** Tags by display name → keyword (tags are keywords; Thunderbird's $label1 is "Importante"). */
export const TAGS: Record<string, string> = {
  Importante: '$label1',
  'Proyecto X': 'proyecto_x',
  Facturas: 'facturas',
};

export const RESOLVER: SearchResolver = {
  mailboxIdsFor(name) {
    const ids = Object.entries(MAILBOXES)
      .filter(([, n]) => n.toLowerCase() === name.toLowerCase())
      .map(([id]) => id);
    if (name.toLowerCase() === 'inbox') ids.push('mb-inbox');
    return ids.length > 0 ? new Set(ids) : null;
  },
  keywordFor(tagName) {
    const hit = Object.entries(TAGS).find(([n]) => n.toLowerCase() === tagName.toLowerCase());
    return hit ? hit[1] : null;
  },
};

/** The ids of the fixture messages a query finds, in fixture order. */
export function search(text: string, resolver: SearchResolver | undefined = RESOLVER): string[] {
  const { query } = parseQuery(text, OPTIONS);
  return DOCS.filter((d) => matches(query, d, resolver)).map((d) => d.id);
}
