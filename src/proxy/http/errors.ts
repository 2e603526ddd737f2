// One error type for everything the proxy refuses over HTTP; the router turns it into a
// problem-details response (RFC 9457), the same shape JMAP uses for request-level errors.

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    /** A short stable code; the response's `type` is `urn:buzon:error:<code>`. */
    readonly code: string,
    /** Shown to the user as is: say what happened and what to do. */
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}
