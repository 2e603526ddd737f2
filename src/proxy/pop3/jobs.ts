// Checks run as jobs the browser polls (progress bar) and may cancel. At most one job per
// POP3 account runs at a time, whoever asks (two tabs, two devices, the automatic timer):
// a second request gets the running job. Finished jobs are kept a while for the last poll.
import { randomBytes } from 'node:crypto';
import type { FetchProgress } from './fetch.js';

/** A finished job is answered for this long, then forgotten. */
export const FINISHED_JOB_TTL_MS = 15 * 60 * 1000;
/** Jobs remembered at once across all users; the oldest finished ones go first. */
const MAX_JOBS = 1_000;

export type JobState = 'running' | 'done' | 'cancelled' | 'failed';

/** Why a check failed, for the browser to say in its language. */
export type JobErrorCode =
  | 'auth'
  | 'unreachable'
  | 'protocol'
  | 'hostNotAllowed'
  | 'passwordLost'
  | 'throttled'
  | 'mailbox'
  | 'failed';

export interface Job {
  readonly id: string;
  readonly owner: string;
  readonly accountId: string;
  state: JobState;
  readonly progress: FetchProgress;
  errorCode: JobErrorCode | null;
  error: string | null;
  readonly startedAt: number;
  finishedAt: number | null;
  readonly controller: AbortController;
}

export interface JobView extends FetchProgress {
  id: string;
  accountId: string;
  state: JobState;
  errorCode: JobErrorCode | null;
  error: string | null;
  startedAt: number;
  finishedAt: number | null;
}

export function jobView(job: Job): JobView {
  return {
    id: job.id,
    accountId: job.accountId,
    state: job.state,
    ...job.progress,
    errorCode: job.errorCode,
    error: job.error,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}

export class JobRegistry {
  readonly #jobs = new Map<string, Job>();

  /** The running job of this account, if any. */
  running(owner: string, accountId: string): Job | undefined {
    for (const job of this.#jobs.values())
      if (job.owner === owner && job.accountId === accountId && job.state === 'running') return job;
    return undefined;
  }

  create(owner: string, accountId: string): Job {
    this.sweep();
    const job: Job = {
      id: randomBytes(12).toString('base64url'),
      owner,
      accountId,
      state: 'running',
      progress: { done: 0, total: 0, bytesDone: 0, bytesTotal: 0, fetched: 0, skipped: 0 },
      errorCode: null,
      error: null,
      startedAt: Date.now(),
      finishedAt: null,
      controller: new AbortController(),
    };
    this.#jobs.set(job.id, job);
    return job;
  }

  /** Only the owner's own jobs are visible: another user's id is "not found". */
  get(owner: string, id: string): Job | undefined {
    const job = this.#jobs.get(id);
    return job?.owner === owner ? job : undefined;
  }

  finish(
    job: Job,
    state: Exclude<JobState, 'running'>,
    errorCode: JobErrorCode | null = null,
    error: string | null = null,
  ): void {
    job.state = state;
    job.errorCode = errorCode;
    job.error = error;
    job.finishedAt = Date.now();
  }

  cancelAll(): void {
    for (const job of this.#jobs.values()) job.controller.abort();
  }

  sweep(now = Date.now()): void {
    for (const [id, job] of this.#jobs)
      if (job.finishedAt !== null && now - job.finishedAt > FINISHED_JOB_TTL_MS)
        this.#jobs.delete(id);
    if (this.#jobs.size < MAX_JOBS) return;
    for (const [id, job] of this.#jobs) {
      if (this.#jobs.size < MAX_JOBS) break;
      if (job.finishedAt !== null) this.#jobs.delete(id);
    }
  }
}
