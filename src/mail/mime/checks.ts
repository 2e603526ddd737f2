// Input checks shared by every header writer: user text never smuggles a line break
// into a header (header injection), and ASCII-only fields stay ASCII.
import { MimeBuildError } from './errors.js';

const LINE_BREAK = /[\r\n]/;
/** Printable ASCII, no space: message ids, content ids, addresses. */
export const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

export function assertSingleLine(value: string, what: string): void {
  if (LINE_BREAK.test(value)) {
    throw new MimeBuildError(`${what} must not contain a line break (CR or LF).`);
  }
}
