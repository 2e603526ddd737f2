// Query → text, the inverse of parseQuery: what the search box shows for a query that
// was built (the advanced form) or stored (a saved search, the last results).

import type { Clause, Literal, Query } from './ast.js';

export function formatLiteral(literal: Literal): string {
  return (literal.negated ? '-' : '') + literal.source;
}

export function formatClause(clause: Clause): string {
  return clause.any.map(formatLiteral).join(' OR ');
}

/** Prints a query so that parsing the text gives the same query back. */
export function formatQuery(query: Query): string {
  return query.all.map(formatClause).join(' ');
}
