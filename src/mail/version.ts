/**
 * Bump whenever the parser's output for the same bytes changes, so cached parses are
 * rebuilt. Its own module so the main bundle can read it without pulling in postal-mime.
 */
export const PARSER_VERSION = 2;
