// The search query language (SEARCH-1, SEARCH-3, SEARCH-6): pure functions over plain
// data, shared by the search worker, the search box and the advanced form.

export * from './ast.js';
export { parseQuery, type ParseOptions, type ParseResult } from './parse.js';
export { formatQuery, formatClause, formatLiteral } from './print.js';
export { foldText, foldTokens, tokenize, FOLDING_VERSION, type TextToken } from './normalize.js';
export { matches, termMatches, type SearchResolver } from './match.js';
export { prepareDoc, PreparedDoc, type SearchDoc, type SearchAddress } from './search-doc.js';
export { planQuery, type QueryPlan, type TextProbe, type StructuredFilters } from './plan.js';
export {
  snippet,
  highlight,
  findHits,
  type SnippetSegment,
  type SnippetOptions,
  type Hit,
} from './snippet.js';
export {
  advancedToQuery,
  advancedFromQuery,
  EMPTY_ADVANCED_SEARCH,
  type AdvancedSearch,
  type AdvancedSize,
} from './advanced.js';
export * from './limits.js';
