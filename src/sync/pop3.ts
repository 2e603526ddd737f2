// EXTERNAL-1, browser side: the POP3 accounts API of the proxy (/pop3/…, ADR 0014). The
// password crosses this module only inside the add/edit body and never comes back. A
// manual check is a job on the proxy: polled for the progress bar, cancelled on abort.
// Automatic checks are asked for by a timer while the app is open and signed in: the
// proxy can only reach the mailbox with the session's cookie (ADR 0009's split key).
import type {
  JobOptions,
  Pop3Account,
  Pop3AccountInput,
  Pop3CheckError,
  Pop3CheckResult,
  Pop3Service,
  Pop3Setup,
} from '../state/types.js';
import { createJsonCall, type JsonApiOptions } from './json-api.js';

/** How often a running check's progress is asked for: a bar that moves, not a flood. */
export const POP3_POLL_INTERVAL_MS = 500;
/** How often the proxy is asked to start due automatic checks (it keeps each account's own interval). */
export const POP3_AUTO_INTERVAL_MS = 60_000;

/** The proxy refused (problem details): `code` is the last part of its `type`. */
export class Pop3RequestError extends Error {
  override name = 'Pop3RequestError';
  constructor(
    readonly code: string,
    readonly status: number,
    detail: string,
  ) {
    super(detail);
  }
}

export interface Pop3ServiceOptions extends JsonApiOptions {
  /** Waits between polls (tests shorten it). */
  sleep?: (ms: number) => Promise<void>;
}

export interface RunningPop3Service extends Pop3Service {
  /** Starts asking for due automatic checks every POP3_AUTO_INTERVAL_MS. */
  startAuto(): void;
  stopAuto(): void;
}

interface JobView {
  id: string;
  state: 'running' | Pop3CheckResult['state'];
  done: number;
  total: number;
  fetched: number;
  skipped: number;
  errorCode: Pop3CheckError | null;
  error: string | null;
}

export function createPop3Service(opts: Pop3ServiceOptions = {}): RunningPop3Service {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let timer: ReturnType<typeof setInterval> | undefined;

  const call = createJsonCall(
    opts,
    (code, status, detail) => new Pop3RequestError(code, status, detail),
    'You are offline: POP3 accounts need the network.',
  );

  const job = async (id: string) =>
    (await call<{ job: JobView }>('GET', `/pop3/job?id=${encodeURIComponent(id)}`)).job;

  return {
    load: () => call<Pop3Setup>('GET', '/pop3/accounts'),

    async addAccount(input: Pop3AccountInput): Promise<Pop3Account> {
      return (await call<{ account: Pop3Account }>('POST', '/pop3/accounts', input)).account;
    },

    async updateAccount(id: string, input: Pop3AccountInput): Promise<Pop3Account> {
      return (
        await call<{ account: Pop3Account }>('POST', '/pop3/accounts/update', { ...input, id })
      ).account;
    },

    async deleteAccount(id: string): Promise<void> {
      await call('POST', '/pop3/accounts/delete', { id });
    },

    async checkNow(id: string, jobOpts: JobOptions = {}): Promise<Pop3CheckResult> {
      let view = (await call<{ job: JobView }>('POST', '/pop3/check', { id })).job;
      let cancelSent = false;
      for (;;) {
        jobOpts.onProgress?.({ done: view.done, total: view.total, label: '' });
        if (view.state !== 'running') {
          const { state, fetched, skipped, errorCode, error } = view;
          return { state, fetched, skipped, errorCode, error };
        }
        if (jobOpts.signal?.aborted && !cancelSent) {
          cancelSent = true;
          view = (await call<{ job: JobView }>('POST', '/pop3/job/cancel', { id: view.id })).job;
          continue;
        }
        await sleep(POP3_POLL_INTERVAL_MS);
        view = await job(view.id);
      }
    },

    startAuto() {
      if (timer !== undefined) return;
      const tick = () => {
        if (globalThis.navigator?.onLine === false) return;
        // Errors are for the next tick to retry; the section shows each account's last result.
        void call('POST', '/pop3/auto', {}).catch(() => undefined);
      };
      tick();
      timer = setInterval(tick, POP3_AUTO_INTERVAL_MS);
    },

    stopAuto() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
