/**
 * Runs `run` when the page's thread is next idle (or after `timeoutMs` at the latest):
 * work that must not delay the first paint. Without requestIdleCallback (Safari), after a
 * second.
 */
export function whenIdle(run: () => void, timeoutMs?: number): void {
  if (typeof globalThis.requestIdleCallback === 'function') {
    globalThis.requestIdleCallback(
      run,
      timeoutMs === undefined ? undefined : { timeout: timeoutMs },
    );
  } else setTimeout(run, 1_000);
}
