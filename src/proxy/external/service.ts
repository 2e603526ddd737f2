// The user's other IMAP accounts (EXTERNAL-2, ADR 0016): list, add, change, remove. The
// list lives in the user's own IMAP METADATA (store.ts), passwords in it sealed under the
// proxy's secret (security/stored-password.ts). A login is tried before anything is
// saved, so a wrong password or server is said at once, not by a folder that never fills.
// After every change the facade's cached upstreams are dropped (forgetUpstreams), so the
// next JMAP request shows or drops the account's top-level folder.
import { randomInt } from 'node:crypto';
import { UpstreamUnavailableError, verifyImapLogin } from '../auth/imap-login.js';
import { tlsHttpError } from '../security/tls-policy.js';
import type { AuthenticatedSession } from '../auth/sessions.js';
import { CUSTOM_PROVIDER_ID } from '../config/types.js';
import type { BuzonConfig, ProviderConfig } from '../config/types.js';
import { HttpError } from '../http/errors.js';
import { ImapAuthError, ImapUnavailableError } from '../imap/pool.js';
import type { ImapPool } from '../imap/pool.js';
import { MetadataUnsupportedError } from '../pop3/metadata.js';
import { OwnerLocks } from '../pop3/store.js';
import type { RunImap } from '../pop3/store.js';
import { SlidingWindowLimiter } from '../security/rate-limit.js';
import type { Logger } from '../security/redact.js';
import { openPassword, sealPassword } from '../security/stored-password.js';
import { accountIdOf, endpointOf, parseChange, parseNewAccount } from './input.js';
import type { NewAccountInput } from './input.js';
import { MAX_IMAP_ACCOUNTS, publicImapAccount } from './model.js';
import type { PublicImapAccount, StoredImapAccount } from './model.js';
import { readImapAccounts, writeImapAccounts } from './store.js';
import { forgetUpstreams, ownerOf, providerOf } from './upstreams.js';

/**
 * Failed IMAP logins per user in 15 minutes through this API: enough for typos, too few
 * to guess another server's passwords (or probe typed hosts) through this proxy.
 */
const IMAP_ACCOUNT_FAILURES = { limit: 10, windowMs: 15 * 60 * 1000 };
/** The six characters after `x` in an account id (model.ts IMAP_ACCOUNT_ID_SHAPE). */
const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const ID_LENGTH = 6;

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Two entries log in to the same mailbox: same provider (same typed server) and username. */
function sameLogin(a: NewAccountInput | StoredImapAccount, b: StoredImapAccount): boolean {
  if (a.providerId !== b.providerId || !same(a.username, b.username)) return false;
  if (a.providerId !== CUSTOM_PROVIDER_ID) return true;
  return (
    !!a.server &&
    !!b.server &&
    same(a.server.host, b.server.host) &&
    a.server.port === b.server.port
  );
}

function newId(taken: readonly StoredImapAccount[]): string {
  for (;;) {
    let id = 'x';
    for (let i = 0; i < ID_LENGTH; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
    if (!taken.some((a) => a.id === id)) return id;
  }
}

function notFound(): HttpError {
  return new HttpError(404, 'notFound', 'There is no such IMAP account.');
}

/** Refusals that depend on the list, checked before the login and again under the lock. */
function assertFits(list: readonly StoredImapAccount[], input: NewAccountInput): void {
  if (list.length >= MAX_IMAP_ACCOUNTS)
    throw new HttpError(400, 'tooManyAccounts', `At most ${MAX_IMAP_ACCOUNTS} IMAP accounts.`);
  if (list.some((a) => sameLogin(input, a)))
    throw new HttpError(409, 'accountExists', 'This IMAP account is already added.');
  assertAddressFree(list, input.address, null);
}

function assertAddressFree(
  list: readonly StoredImapAccount[],
  address: string,
  self: string | null,
): void {
  if (list.some((a) => a.id !== self && same(a.address, address)))
    throw new HttpError(409, 'addressTaken', `Another IMAP account already shows as ${address}.`);
}

/** Failures of the user's own server as the browser sees them; others pass through. */
function httpErrorOf(err: unknown): unknown {
  if (err instanceof MetadataUnsupportedError)
    return new HttpError(
      501,
      'metadataUnsupported',
      'Your mail server cannot keep the list of IMAP accounts (it lacks IMAP METADATA).',
    );
  if (err instanceof ImapAuthError)
    return new HttpError(
      401,
      'notSignedIn',
      'The mail server no longer accepts your password. Sign in again.',
    );
  if (err instanceof ImapUnavailableError)
    return new HttpError(502, 'serverUnreachable', 'Your mail server cannot be reached.');
  return err;
}

export class ImapAccountsService {
  readonly #locks = new OwnerLocks();
  readonly #failures = new SlidingWindowLimiter(
    IMAP_ACCOUNT_FAILURES.limit,
    IMAP_ACCOUNT_FAILURES.windowMs,
  );

  constructor(
    private readonly config: BuzonConfig,
    private readonly pool: ImapPool,
    private readonly log: Logger,
  ) {}

  async list(session: AuthenticatedSession): Promise<PublicImapAccount[]> {
    return (await this.#read(session)).map((a) => this.#public(session, a));
  }

  async create(
    session: AuthenticatedSession,
    body: Record<string, unknown>,
  ): Promise<PublicImapAccount> {
    const input = parseNewAccount(body, this.config);
    // Said before any login: a server without METADATA, a full list, a duplicate.
    assertFits(await this.#read(session), input);
    const provider = await endpointOf(input, this.config);
    if (
      same(provider.imap.host, session.provider.imap.host) &&
      provider.imap.port === session.provider.imap.port &&
      same(input.username, session.username)
    )
      throw new HttpError(400, 'ownAccount', 'This is the account you are signed in with.');
    await this.#verify(session, provider, input.username, input.password);
    let saved: StoredImapAccount | undefined;
    await this.#mutate(session, (list) => {
      assertFits(list, input);
      const id = newId(list);
      const password = sealPassword(
        input.password,
        this.config.secret,
        ownerOf(session),
        id,
        'imap',
      );
      saved = { id, ...input, password };
      return [...list, saved];
    });
    const account = saved as StoredImapAccount;
    this.log.info('imap account added', { user: session.username, imapAccount: account.id });
    return this.#public(session, account);
  }

  /** A new address renames the top-level folder; a new password is tried first. */
  async update(
    session: AuthenticatedSession,
    body: Record<string, unknown>,
  ): Promise<PublicImapAccount> {
    const change = parseChange(body);
    const list = await this.#read(session);
    const current = list.find((a) => a.id === change.id);
    if (!current) throw notFound();
    if (change.address !== undefined) assertAddressFree(list, change.address, current.id);
    let sealed: string | undefined;
    if (change.password !== undefined) {
      const provider = await providerOf(current, this.config);
      if (!provider)
        throw new HttpError(
          400,
          'providerGone',
          'This Buzón no longer offers the server of this account. Remove the account.',
        );
      await this.#verify(session, provider, current.username, change.password);
      sealed = sealPassword(
        change.password,
        this.config.secret,
        ownerOf(session),
        current.id,
        'imap',
      );
    }
    let saved: StoredImapAccount | undefined;
    await this.#mutate(session, (fresh) => {
      const at = fresh.findIndex((a) => a.id === change.id);
      const found = fresh[at];
      if (!found) throw notFound();
      if (change.address !== undefined) assertAddressFree(fresh, change.address, found.id);
      saved = {
        ...found,
        ...(change.address !== undefined ? { address: change.address } : {}),
        ...(sealed !== undefined ? { password: sealed } : {}),
      };
      return fresh.map((a, i) => (i === at ? (saved as StoredImapAccount) : a));
    });
    this.log.info('imap account changed', { user: session.username, imapAccount: change.id });
    return this.#public(session, saved as StoredImapAccount);
  }

  /** Forgets the account; nothing on its server is touched. */
  async remove(session: AuthenticatedSession, body: Record<string, unknown>): Promise<void> {
    const id = accountIdOf(body);
    await this.#mutate(session, (list) => {
      if (!list.some((a) => a.id === id)) throw notFound();
      return list.filter((a) => a.id !== id);
    });
    this.log.info('imap account removed', { user: session.username, imapAccount: id });
  }

  #imap(session: AuthenticatedSession): RunImap {
    return (work) => this.pool.run(session, work);
  }

  async #read(session: AuthenticatedSession): Promise<StoredImapAccount[]> {
    try {
      return await readImapAccounts(this.#imap(session));
    } catch (err) {
      throw httpErrorOf(err);
    }
  }

  /** Read-modify-write of the list, one at a time per user; the facade then reads it again. */
  async #mutate(
    session: AuthenticatedSession,
    change: (list: StoredImapAccount[]) => StoredImapAccount[],
  ): Promise<void> {
    const imap = this.#imap(session);
    await this.#locks.run(ownerOf(session), async () => {
      try {
        await writeImapAccounts(imap, change(await readImapAccounts(imap)));
      } catch (err) {
        throw httpErrorOf(err);
      }
    });
    forgetUpstreams(session, this.pool);
  }

  #public(session: AuthenticatedSession, account: StoredImapAccount): PublicImapAccount {
    const opens =
      openPassword(account.password, this.config.secret, ownerOf(session), account.id, 'imap') !==
      null;
    return publicImapAccount(account, opens);
  }

  /** One LOGIN and LOGOUT on the account's server, throttled per user on failures. */
  async #verify(
    session: AuthenticatedSession,
    provider: ProviderConfig,
    username: string,
    password: string,
  ): Promise<void> {
    const owner = ownerOf(session);
    const decision = this.#failures.check(owner);
    if (!decision.allowed)
      throw new HttpError(
        429,
        'tooManyAttempts',
        'Too many failed IMAP sign-ins. Try again later.',
        {
          'Retry-After': String(decision.retryAfterSeconds),
        },
      );
    let accepted: boolean;
    try {
      accepted = await verifyImapLogin(provider.imap, username, password);
    } catch (err) {
      if (!(err instanceof UpstreamUnavailableError)) throw err;
      // Probing unreachable typed hosts is how a port scan through us would look.
      if (provider.id === CUSTOM_PROVIDER_ID) this.#failures.record(owner);
      throw (
        tlsHttpError(err, `The IMAP server of ${provider.name}`) ??
        new HttpError(
          502,
          'imapUnreachable',
          `Could not reach the IMAP server of ${provider.name}. Check the server and try again.`,
        )
      );
    }
    if (!accepted) {
      this.#failures.record(owner);
      this.log.warn('imap account login refused', {
        user: session.username,
        provider: provider.id,
      });
      throw new HttpError(
        400,
        'imapInvalidCredentials',
        'The IMAP server did not accept this username and password.',
      );
    }
  }
}
