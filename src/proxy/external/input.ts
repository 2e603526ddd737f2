// What the browser may send to add or change another IMAP account (EXTERNAL-2), checked
// field by field before anything connects anywhere. A typed server is only taken where
// the operator allows typed hosts, and goes through the SSRF guard (customProvider) like
// a typed sign-in server; a provider of the providers file is the operator's choice.
import { customProvider } from '../auth/custom-provider.js';
import { CUSTOM_PROVIDER_ID } from '../config/types.js';
import type { BuzonConfig, ProviderConfig, TlsMode } from '../config/types.js';
import { HttpError } from '../http/errors.js';
import { assertNoCrLf } from '../security/crlf.js';
import { IMAP_ACCOUNT_ID_SHAPE } from './model.js';
import type { TypedServer } from './model.js';

/** RFC 5321: a path is at most 256 octets with its brackets, so an address at most 254. */
const MAX_ADDRESS = 254;
/** As at sign-in (auth/routes.ts): usernames that are not addresses are shorter still. */
const MAX_USERNAME = 320;
/** As at sign-in: long passphrases are welcome; kilobytes are not a password. */
const MAX_PASSWORD = 1024;
/**
 * Plausible, not RFC 5322: one @, no spaces, a dot in the domain. The address names a
 * top-level folder, so `/` (a common hierarchy delimiter) and control characters are out.
 */
const ADDRESS_SHAPE = /^[^\s@/\p{Cc}]+@[^\s@/\p{Cc}]+\.[^\s@/\p{Cc}]+$/u;

export interface NewAccountInput {
  address: string;
  providerId: string;
  server: TypedServer | null;
  /** Only with a typed server, optional: where mail sent as this account goes out. */
  smtp: TypedServer | null;
  username: string;
  password: string;
}

export interface AccountChange {
  id: string;
  address?: string;
  password?: string;
}

function bad(detail: string): HttpError {
  return new HttpError(400, 'invalidArguments', detail);
}

function text(body: Record<string, unknown>, key: string, label: string, max: number): string {
  const value = body[key];
  if (typeof value !== 'string' || value.trim() === '') throw bad(`${label} is required.`);
  if (value.length > max) throw bad(`${label} is longer than ${max} characters.`);
  assertNoCrLf(value, label);
  return value;
}

function address(body: Record<string, unknown>): string {
  const value = text(body, 'address', 'The address', MAX_ADDRESS).trim();
  if (!ADDRESS_SHAPE.test(value))
    throw new HttpError(400, 'invalidAddress', 'Enter the e-mail address of this account.');
  return value;
}

function typedServer(value: unknown, name = 'server', what = 'IMAP'): TypedServer {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad(`Give the ${what} server: ${name}.host, ${name}.port, ${name}.tls.`);
  const { host, port, tls } = value as Record<string, unknown>;
  if (typeof host !== 'string' || host.trim() === '') throw bad(`${name}.host is required.`);
  if (typeof port !== 'number' || typeof tls !== 'string')
    throw bad(`${name}.port and ${name}.tls are required.`);
  // customProvider checks the port and TLS against what a typed host may use.
  return { host: host.trim(), port, tls: tls as TlsMode };
}

/** The id of the account a change or delete names; an id of another shape names none. */
export function accountIdOf(body: Record<string, unknown>): string {
  const id = body['id'];
  if (typeof id !== 'string' || !IMAP_ACCOUNT_ID_SHAPE.test(id))
    throw new HttpError(404, 'notFound', 'There is no such IMAP account.');
  return id;
}

export function parseNewAccount(
  body: Record<string, unknown>,
  config: BuzonConfig,
): NewAccountInput {
  const providerId = text(body, 'providerId', 'The provider', 64);
  const custom = providerId === CUSTOM_PROVIDER_ID;
  if (custom && !config.allowCustomHosts)
    throw new HttpError(400, 'hostNotAllowed', 'This Buzón only connects to the servers it lists.');
  if (!custom && !config.providers.some((p) => p.id === providerId))
    throw new HttpError(
      400,
      'unknownProvider',
      `There is no provider "${providerId}" on this server.`,
    );
  return {
    address: address(body),
    providerId,
    server: custom ? typedServer(body['server']) : null,
    smtp: custom && body['smtp'] != null ? typedServer(body['smtp'], 'smtp', 'SMTP') : null,
    username: text(body, 'username', 'The username', MAX_USERNAME).trim(),
    password: text(body, 'password', 'The password', MAX_PASSWORD),
  };
}

export function parseChange(body: Record<string, unknown>): AccountChange {
  const change: AccountChange = { id: accountIdOf(body) };
  if (body['address'] !== undefined) change.address = address(body);
  if (body['password'] !== undefined)
    change.password = text(body, 'password', 'The password', MAX_PASSWORD);
  return change;
}

/**
 * Where a new account connects: the listed provider, or the typed server after the SSRF
 * guard (which answers 400 hostNotAllowed for loopback, private or unresolvable hosts).
 */
export async function endpointOf(
  input: NewAccountInput,
  config: BuzonConfig,
): Promise<ProviderConfig> {
  if (input.server)
    return customProvider(
      { imap: { ...input.server }, ...(input.smtp ? { smtp: { ...input.smtp } } : {}) },
      config.resolveHost,
    );
  const provider = config.providers.find((p) => p.id === input.providerId);
  if (!provider)
    throw new HttpError(
      400,
      'unknownProvider',
      `There is no provider "${input.providerId}" on this server.`,
    );
  return provider;
}
