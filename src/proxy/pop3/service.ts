// The POP3 accounts of signed-in users: list, create, change, delete, check (as a job),
// and the automatic checks the browser asks for while the user is signed in. The account
// list lives in the user's IMAP METADATA (store.ts); passwords in it are sealed under the
// proxy's secret (secret.ts). The proxy itself keeps only running jobs in memory.
import { randomBytes } from 'node:crypto';
import type { AuthenticatedSession } from '../auth/sessions.js';
import type { BuzonConfig } from '../config/types.js';
import { HttpError } from '../http/errors.js';
import { accountIdFor } from '../imap/ids.js';
import type { ImapPool } from '../imap/pool.js';
import { SlidingWindowLimiter } from '../security/rate-limit.js';
import type { Logger } from '../security/redact.js';
import { Pop3AuthError, Pop3Client } from './client.js';
import { httpErrorOf, jobErrorOf } from './errors.js';
import { runFetch } from './fetch.js';
import { endpointFor, parseAccountInput } from './input.js';
import type { AccountInput } from './input.js';
import { JobRegistry, jobView } from './jobs.js';
import type { Job, JobView } from './jobs.js';
import { MAX_POP3_ACCOUNTS, publicAccount } from './model.js';
import type { LastCheck, PublicAccount, StoredAccount } from './model.js';
import { openPassword, sealPassword } from '../security/stored-password.js';
import { OwnerLocks, readAccounts, writeAccounts, writeSeen } from './store.js';
import type { RunImap } from './store.js';

/**
 * Failed POP3 logins per user in 15 minutes: enough for typos, too few to guess another
 * server's passwords through this proxy.
 */
const POP3_AUTH_FAILURES = { limit: 10, windowMs: 15 * 60 * 1000 };

export class Pop3Service {
  readonly #jobs = new JobRegistry();
  readonly #locks = new OwnerLocks();
  readonly #failures = new SlidingWindowLimiter(
    POP3_AUTH_FAILURES.limit,
    POP3_AUTH_FAILURES.windowMs,
  );

  constructor(
    private readonly config: BuzonConfig,
    private readonly pool: ImapPool,
    private readonly isLive: (sessionId: string) => boolean,
    private readonly log: Logger,
  ) {}

  async list(session: AuthenticatedSession): Promise<PublicAccount[]> {
    const accounts = await this.#guard(() => readAccounts(this.#imap(session)));
    return accounts.map((a) => this.#public(session, a));
  }

  async create(
    session: AuthenticatedSession,
    body: Record<string, unknown>,
  ): Promise<PublicAccount> {
    const input = parseAccountInput(body, this.config);
    if (input.host === undefined)
      throw new HttpError(400, 'invalidArguments', 'Choose a POP3 server.');
    if (input.username === undefined || input.password === undefined)
      throw new HttpError(400, 'invalidArguments', 'Username and password are required.');
    const id = randomBytes(8).toString('hex');
    const account: StoredAccount = {
      id,
      name: input.name ?? `${input.username} (${input.host})`,
      preset: input.preset ?? null,
      host: input.host,
      port: input.port ?? 995,
      tls: input.tls ?? 'implicit',
      username: input.username,
      password: sealPassword(input.password, this.config.secret, ownerOf(session), id),
      leaveOnServer: input.leaveOnServer ?? false,
      newOnly: input.newOnly ?? true,
      autoMinutes: input.autoMinutes ?? null,
      lastCheck: null,
    };
    await this.#verify(session, account, input.password);
    await this.#mutate(session, (list) => {
      if (list.length >= MAX_POP3_ACCOUNTS)
        throw new HttpError(400, 'tooManyAccounts', `At most ${MAX_POP3_ACCOUNTS} POP3 accounts.`);
      return [...list, account];
    });
    this.log.info('pop3 account added', { user: session.username, pop3: account.id });
    return this.#public(session, account);
  }

  async update(
    session: AuthenticatedSession,
    body: Record<string, unknown>,
  ): Promise<PublicAccount> {
    const id = accountIdOfBody(body);
    const input = parseAccountInput(body, this.config);
    const current = (await this.#guard(() => readAccounts(this.#imap(session)))).find(
      (a) => a.id === id,
    );
    if (!current) throw notFound();
    const next = applyInput(current, input);
    if (input.password !== undefined)
      next.password = sealPassword(input.password, this.config.secret, ownerOf(session), id);
    const connectionChanged =
      input.password !== undefined ||
      (['host', 'port', 'tls', 'username', 'preset'] as const).some((k) => next[k] !== current[k]);
    if (connectionChanged) {
      const password =
        input.password ?? openPassword(current.password, this.config.secret, ownerOf(session), id);
      if (password === null)
        throw new HttpError(400, 'passwordRequired', 'Enter the POP3 password again.');
      await this.#verify(session, next, password);
    }
    let saved: StoredAccount | undefined;
    await this.#mutate(session, (list) => {
      const at = list.findIndex((a) => a.id === id);
      if (at < 0) throw notFound();
      // lastCheck is the running job's to write; keep the freshest.
      saved = { ...next, lastCheck: list[at]?.lastCheck ?? null };
      return list.map((a, i) => (i === at ? (saved as StoredAccount) : a));
    });
    return this.#public(session, saved as StoredAccount);
  }

  /** Deletes the account and its seen list; mail already fetched stays in the mailbox. */
  async remove(session: AuthenticatedSession, body: Record<string, unknown>): Promise<void> {
    const id = accountIdOfBody(body);
    const owner = ownerOf(session);
    const job = this.#jobs.running(owner, id);
    job?.controller.abort();
    let found = false;
    await this.#mutate(session, (list) => {
      found = list.some((a) => a.id === id);
      return list.filter((a) => a.id !== id);
    });
    if (!found) throw notFound();
    await this.#guard(() => writeSeen(this.#imap(session), id, null));
    this.log.info('pop3 account deleted', { user: session.username, pop3: id });
  }

  /** Starts a check (or answers the one running) and returns its job at once. */
  async check(session: AuthenticatedSession, body: Record<string, unknown>): Promise<JobView> {
    const id = accountIdOfBody(body);
    const account = (await this.#guard(() => readAccounts(this.#imap(session)))).find(
      (a) => a.id === id,
    );
    if (!account) throw notFound();
    return jobView(this.#start(session, account));
  }

  /** Starts the checks that are due (automatic interval elapsed, none running). */
  async auto(session: AuthenticatedSession): Promise<JobView[]> {
    const now = Date.now();
    const accounts = await this.#guard(() => readAccounts(this.#imap(session)));
    const due = accounts.filter(
      (a) =>
        a.autoMinutes !== null &&
        (a.lastCheck === null || now - a.lastCheck.at >= a.autoMinutes * 60_000),
    );
    return due.map((a) => jobView(this.#start(session, a)));
  }

  job(session: AuthenticatedSession, id: string): JobView {
    const job = this.#jobs.get(ownerOf(session), id);
    if (!job) throw new HttpError(404, 'notFound', 'There is no such check.');
    return jobView(job);
  }

  cancel(session: AuthenticatedSession, id: string): JobView {
    const job = this.#jobs.get(ownerOf(session), id);
    if (!job) throw new HttpError(404, 'notFound', 'There is no such check.');
    job.controller.abort();
    return jobView(job);
  }

  close(): void {
    this.#jobs.cancelAll();
  }

  #imap(session: AuthenticatedSession): RunImap {
    return (work) => this.pool.run(session, work);
  }

  async #guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw httpErrorOf(err);
    }
  }

  #public(session: AuthenticatedSession, account: StoredAccount): PublicAccount {
    const opens =
      openPassword(account.password, this.config.secret, ownerOf(session), account.id) !== null;
    return publicAccount(account, opens);
  }

  async #mutate(
    session: AuthenticatedSession,
    change: (list: StoredAccount[]) => StoredAccount[],
  ): Promise<void> {
    const imap = this.#imap(session);
    await this.#locks.run(ownerOf(session), () =>
      this.#guard(async () => writeAccounts(imap, change(await readAccounts(imap)))),
    );
  }

  /** Logs in and out once, so a wrong password or host is said now, not at the first check. */
  async #verify(
    session: AuthenticatedSession,
    account: StoredAccount,
    password: string,
  ): Promise<void> {
    const owner = ownerOf(session);
    this.#throttle(owner);
    await this.#guard(async () => {
      const pop = await Pop3Client.connect(await endpointFor(account, this.config));
      try {
        await pop.login(account.username, password);
        await pop.quit();
      } catch (err) {
        if (err instanceof Pop3AuthError) this.#failures.record(owner);
        throw err;
      } finally {
        pop.close();
      }
    });
  }

  #throttle(owner: string): void {
    const decision = this.#failures.check(owner);
    if (!decision.allowed)
      throw new HttpError(
        429,
        'tooManyAttempts',
        'Too many failed POP3 sign-ins. Try again later.',
        {
          'Retry-After': String(decision.retryAfterSeconds),
        },
      );
  }

  #start(session: AuthenticatedSession, account: StoredAccount): Job {
    const owner = ownerOf(session);
    const running = this.#jobs.running(owner, account.id);
    if (running) return running;
    const job = this.#jobs.create(owner, account.id);
    void this.#run(session, account, job);
    return job;
  }

  async #run(session: AuthenticatedSession, account: StoredAccount, job: Job): Promise<void> {
    const owner = ownerOf(session);
    const password = openPassword(account.password, this.config.secret, owner, account.id);
    try {
      if (password === null) {
        this.#jobs.finish(
          job,
          'failed',
          'passwordLost',
          'The saved POP3 password was lost when Buzón restarted. Enter it again.',
        );
      } else if (!this.#failures.check(owner).allowed) {
        this.#jobs.finish(
          job,
          'failed',
          'throttled',
          'Too many failed POP3 sign-ins. Try again later.',
        );
      } else {
        const outcome = await runFetch(account, password, {
          imap: this.#imap(session),
          locks: this.#locks,
          owner,
          config: this.config,
          signal: job.controller.signal,
          alive: () => this.isLive(session.sessionId),
          progress: job.progress,
          ...(this.config.pop3MaxSeenUidls ? { maxSeen: this.config.pop3MaxSeenUidls } : {}),
        });
        this.#jobs.finish(job, outcome === 'ok' ? 'done' : 'cancelled');
      }
    } catch (err) {
      if (err instanceof Pop3AuthError) this.#failures.record(owner);
      const { code, message } = jobErrorOf(err);
      this.#jobs.finish(job, 'failed', code, message);
      this.log.warn('pop3 check failed', {
        user: session.username,
        pop3: account.id,
        reason: err instanceof Error ? err.message : String(err),
      });
    }
    await this.#recordLastCheck(session, job).catch((err: unknown) =>
      this.log.warn('pop3 last check not saved', {
        user: session.username,
        reason: err instanceof Error ? err.message : String(err),
      }),
    );
  }

  async #recordLastCheck(session: AuthenticatedSession, job: Job): Promise<void> {
    if (!this.isLive(session.sessionId)) return;
    const lastCheck: LastCheck = {
      at: job.finishedAt ?? Date.now(),
      outcome: job.state === 'done' ? 'ok' : job.state === 'cancelled' ? 'cancelled' : 'failed',
      fetched: job.progress.fetched,
      skipped: job.progress.skipped,
      error: job.error,
    };
    // A deleted account stays deleted: only an account still listed gets the result.
    await this.#mutate(session, (list) =>
      list.map((a) => (a.id === job.accountId ? { ...a, lastCheck } : a)),
    );
  }
}

function ownerOf(session: AuthenticatedSession): string {
  return accountIdFor(session.provider.id, session.username);
}

function notFound(): HttpError {
  return new HttpError(404, 'notFound', 'There is no such POP3 account.');
}

function accountIdOfBody(body: Record<string, unknown>): string {
  const id = body['id'];
  if (typeof id !== 'string' || !/^[0-9a-f]{16}$/.test(id)) throw notFound();
  return id;
}

function applyInput(current: StoredAccount, input: AccountInput): StoredAccount {
  const next: StoredAccount = { ...current };
  if (input.host !== undefined) {
    next.preset = input.preset ?? null;
    next.host = input.host;
    next.port = input.port ?? next.port;
    next.tls = input.tls ?? next.tls;
  }
  if (input.name !== undefined) next.name = input.name;
  if (input.username !== undefined) next.username = input.username;
  if (input.leaveOnServer !== undefined) next.leaveOnServer = input.leaveOnServer;
  if (input.newOnly !== undefined) next.newOnly = input.newOnly;
  if (input.autoMinutes !== undefined) next.autoMinutes = input.autoMinutes;
  return next;
}
