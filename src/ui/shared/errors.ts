import type { NoticeService } from '../../state/types.js';

/** The user cancelled a job: not an error to report (STYLE.md § Errors: AbortError is normal). */
export function isAbort(err: unknown): boolean {
  return err instanceof DOMException
    ? err.name === 'AbortError'
    : err instanceof Error && err.name === 'AbortError';
}

/** Shows a failed action through the one notice service, "what failed: why". */
export function reportError(notices: NoticeService | undefined, what: string, err: unknown): void {
  if (isAbort(err)) return;
  const why = err instanceof Error ? err.message : String(err);
  if (notices) notices.notify('error', `${what}: ${why}`);
  else console.error(what, err);
}

/** A service an element needs was not provided: a wiring bug in the composition root. */
export class MissingServiceError extends Error {
  override name = 'MissingServiceError';
}

/** The provided value, or a MissingServiceError naming what was not wired up. */
export function need<T>(value: T | null | undefined, what = 'service'): T {
  if (value === undefined || value === null)
    throw new MissingServiceError(`${what} is not available`);
  return value;
}
