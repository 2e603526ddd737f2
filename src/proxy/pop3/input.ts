// What the browser may send to create or change a POP3 account, checked field by field,
// and where a stored account connects to. A typed host goes through the same SSRF guard
// as a typed IMAP host at EVERY connection (its address may change between checks), and
// the checked address is what is dialled; a preset is the operator's choice.
import type { BuzonConfig, Pop3Preset, TlsMode } from '../config/types.js';
import { HttpError } from '../http/errors.js';
import { assertNoCrLf } from '../security/crlf.js';
import { isTypedHostTls } from '../security/tls-policy.js';
import { checkCustomHost, ForbiddenHostError } from '../security/upstream-guard.js';
import type { Pop3Endpoint } from './client.js';
import type { StoredAccount } from './model.js';

/** Ports a user may type: POP3S and POP3 (with STLS), so the proxy is no port scanner. */
export const TYPED_POP3_PORTS: Readonly<Record<'implicit' | 'starttls', number>> = {
  implicit: 995,
  starttls: 110,
};
/** Automatic checks: not more often than every 5 minutes (servers throttle faster pollers). */
export const MIN_AUTO_MINUTES = 5;
/** Once a day is the rarest interval worth a setting; beyond it, check by hand. */
export const MAX_AUTO_MINUTES = 24 * 60;
const MAX_USERNAME = 320;
const MAX_PASSWORD = 1024;
const MAX_NAME = 100;

/** The connection part of an account: a preset, or a typed host. */
export interface Pop3Target {
  preset: string | null;
  host: string;
  port: number;
  tls: TlsMode;
}

export interface AccountInput extends Partial<Pop3Target> {
  name?: string;
  username?: string;
  password?: string;
  leaveOnServer?: boolean;
  newOnly?: boolean;
  autoMinutes?: number | null;
}

function bad(detail: string): HttpError {
  return new HttpError(400, 'invalidArguments', detail);
}

function optionalText(
  body: Record<string, unknown>,
  key: string,
  label: string,
  max: number,
): string | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw bad(`${label} must not be empty.`);
  if (value.length > max) throw bad(`${label} is longer than ${max} characters.`);
  assertNoCrLf(value, label);
  return value;
}

function optionalBoolean(body: Record<string, unknown>, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw bad(`${key} must be true or false.`);
  return value;
}

/** The target named by `preset`, or by `host`/`port`/`tls` (only when typed hosts are allowed). */
function parseTarget(body: Record<string, unknown>, config: BuzonConfig): Pop3Target | undefined {
  if (typeof body['preset'] === 'string') {
    const preset = (config.pop3Presets ?? []).find((p) => p.id === body['preset']);
    if (!preset)
      throw new HttpError(400, 'unknownPreset', 'There is no such POP3 server on this Buzón.');
    return presetTarget(preset);
  }
  if (body['host'] === undefined) return undefined;
  if (config.allowPop3Hosts === false)
    throw new HttpError(
      400,
      'hostNotAllowed',
      'This Buzón only fetches from the POP3 servers it lists.',
    );
  const host = optionalText(body, 'host', 'Server', 253) ?? '';
  const tls = body['tls'];
  // A password never crosses the Internet in cleartext: no `none` for a typed host.
  if (!isTypedHostTls(tls)) throw bad('tls must be implicit or starttls.');
  const port = body['port'] ?? TYPED_POP3_PORTS[tls];
  if (port !== TYPED_POP3_PORTS[tls])
    throw bad(
      `The port must be ${TYPED_POP3_PORTS.implicit} (SSL/TLS) or ${TYPED_POP3_PORTS.starttls} (STARTTLS).`,
    );
  return { preset: null, host: host.trim(), port, tls };
}

export function presetTarget(preset: Pop3Preset): Pop3Target {
  return {
    preset: preset.id,
    host: preset.endpoint.host,
    port: preset.endpoint.port,
    tls: preset.endpoint.tls,
  };
}

/** The fields present in a create or update body, each checked; absent ones stay undefined. */
export function parseAccountInput(
  body: Record<string, unknown>,
  config: BuzonConfig,
): AccountInput {
  const input: AccountInput = {};
  const target = parseTarget(body, config);
  if (target) Object.assign(input, target);
  const name = optionalText(body, 'name', 'Name', MAX_NAME);
  if (name !== undefined) input.name = name.trim();
  const username = optionalText(body, 'username', 'Username', MAX_USERNAME);
  if (username !== undefined) input.username = username.trim();
  const password = body['password'];
  if (password !== undefined) {
    if (typeof password !== 'string' || password === '') throw bad('Password must not be empty.');
    if (password.length > MAX_PASSWORD)
      throw bad(`Password is longer than ${MAX_PASSWORD} characters.`);
    assertNoCrLf(password, 'Password');
    input.password = password;
  }
  const leave = optionalBoolean(body, 'leaveOnServer');
  if (leave !== undefined) input.leaveOnServer = leave;
  const newOnly = optionalBoolean(body, 'newOnly');
  if (newOnly !== undefined) input.newOnly = newOnly;
  const auto = body['autoMinutes'];
  if (auto === null) input.autoMinutes = null;
  else if (auto !== undefined) {
    if (
      typeof auto !== 'number' ||
      !Number.isInteger(auto) ||
      auto < MIN_AUTO_MINUTES ||
      auto > MAX_AUTO_MINUTES
    )
      throw bad(
        `Automatic check must be every ${MIN_AUTO_MINUTES} to ${MAX_AUTO_MINUTES} minutes, or off.`,
      );
    input.autoMinutes = auto;
  }
  return input;
}

/** Where to dial now: a preset as configured, a typed host through the SSRF guard. */
export async function endpointFor(
  account: Pick<StoredAccount, 'preset' | 'host' | 'port' | 'tls'>,
  config: BuzonConfig,
): Promise<Pop3Endpoint> {
  if (account.preset !== null) {
    const preset = (config.pop3Presets ?? []).find((p) => p.id === account.preset);
    if (!preset)
      throw new HttpError(
        400,
        'unknownPreset',
        'This POP3 server is no longer offered here. Edit the account.',
      );
    return { ...preset.endpoint };
  }
  if (config.allowPop3Hosts === false)
    throw new HttpError(
      400,
      'hostNotAllowed',
      'This Buzón only fetches from the POP3 servers it lists.',
    );
  if (!isTypedHostTls(account.tls))
    throw new HttpError(400, 'hostNotAllowed', 'A typed POP3 server needs TLS.');
  try {
    const checked = await checkCustomHost(account.host, config.resolveHost);
    const endpoint: Pop3Endpoint = { host: checked.address, port: account.port, tls: account.tls };
    if (checked.servername) endpoint.servername = checked.servername;
    return endpoint;
  } catch (err) {
    if (err instanceof ForbiddenHostError) throw new HttpError(400, 'hostNotAllowed', err.message);
    throw err;
  }
}
