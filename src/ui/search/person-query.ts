// SEARCH-5: the query for "all messages with this person", built without the parser so
// the reader (in the start-up bundle) does not carry it; the tests check it with it.

/** Quote characters the query language reads as phrase marks; none can be escaped. */
const QUOTES_RE = /["“”„«»]/g;

/** `from:ADDR OR to:ADDR OR cc:ADDR`, the address quoted when it would not stay one word. */
export function personQuery(address: string): string {
  const bare = address.replace(QUOTES_RE, '').trim();
  const value = bare === '' || /\s/u.test(bare) ? `"${bare}"` : bare;
  return `from:${value} OR to:${value} OR cc:${value}`;
}
