// CR, LF and NUL end a line in IMAP, SMTP, ManageSieve and HTTP headers. A value holding
// one could smuggle a second command (`a LOGIN x y\r\nb DELETE INBOX`) or a second
// header, so every value from a user that may reach such a line is refused outright,
// never escaped: no legitimate username, password, folder name or header contains them.

export class UnsafeInputError extends Error {
  override name = 'UnsafeInputError';
  constructor(readonly field: string) {
    super(`${field} must not contain line breaks or NUL characters`);
  }
}

const LINE_BREAK_OR_NUL = /[\r\n\0]/;

/** Throws UnsafeInputError when `value` holds CR, LF or NUL; `field` names it in the message. */
export function assertNoCrLf(value: string, field: string): void {
  if (LINE_BREAK_OR_NUL.test(value)) throw new UnsafeInputError(field);
}

/** True when `value` is safe to place on one protocol line. */
export function isSingleLine(value: string): boolean {
  return !LINE_BREAK_OR_NUL.test(value);
}
