/**
 * Bad input to the MIME builder (a CR/LF in a header value, an address without `@`, an
 * empty From…). The message says what is wrong in words a composer can show; nothing is built.
 */
export class MimeBuildError extends Error {
  override name = 'MimeBuildError';
}
