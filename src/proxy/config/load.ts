// The whole configuration from the environment. With nothing set, Buzón serves the app
// alone (the local mailbox "On this device"), and the API has no providers.
import { randomBytes } from 'node:crypto';
import { linksFromEnv } from '../links/config.js';
import { readPop3Presets } from './pop3-presets.js';
import { loadProviders, ConfigError, parseEndpoint } from './providers.js';
import type { BuzonConfig, LoginLimits, LogSink, ProviderConfig } from './types.js';

/** BUZON_SECRET is HKDF input keying material; 32 bytes of entropy is the key size. */
const MIN_SECRET_LENGTH = 32;
/** A random K2 per process: sessions then end when the process does, which is fine. */
const GENERATED_SECRET_BYTES = 32;

/**
 * Failed logins: five per username per 15 minutes stops password guessing against one
 * account while leaving room for typos; per IP the allowance is larger because a
 * household or office shares one address.
 */
export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perUserFailures: 5,
  perIpFailures: 20,
  windowMs: 15 * 60 * 1000,
};

type Env = Readonly<Record<string, string | undefined>>;

function parsePublicOrigin(value: string): string {
  if (!URL.canParse(value)) throw new ConfigError(`BUZON_PUBLIC_ORIGIN is not a URL: ${value}`);
  const url = new URL(value);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ConfigError(
      'BUZON_PUBLIC_ORIGIN must be an https:// origin (http:// only for localhost)',
    );
  }
  return url.origin;
}

function parseSecret(value: string | undefined): Uint8Array {
  if (value === undefined || value === '') return randomBytes(GENERATED_SECRET_BYTES);
  if (value.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(
      `BUZON_SECRET must be at least ${MIN_SECRET_LENGTH} characters (try: openssl rand -base64 48)`,
    );
  }
  return Buffer.from(value, 'utf8');
}

/**
 * FILTER-3…5: the ManageSieve endpoint (RFC 5804) of the provider the environment defines,
 * next to BUZON_IMAP_* and BUZON_SMTP_*:
 *   BUZON_SIEVE_HOST  host name or IP of the ManageSieve server (unset: no server-side filters)
 *   BUZON_SIEVE_PORT  default 4190 (IANA's sieve port)
 *   BUZON_SIEVE_TLS   starttls (default: what RFC 5804 §2.2 defines on 4190), implicit or none
 *   BUZON_SIEVE_CA_FILE  a private CA (PEM) for its certificate, as BUZON_IMAP_CA_FILE
 * Like BUZON_SMTP_HOST it needs BUZON_IMAP_HOST; the providers file has its own `sieve`.
 */
function withEnvSieve(providers: ProviderConfig[], env: Env): ProviderConfig[] {
  const host = env['BUZON_SIEVE_HOST'];
  if (!host) return providers;
  if (!env['BUZON_IMAP_HOST'])
    throw new ConfigError('BUZON_SIEVE_HOST is set but BUZON_IMAP_HOST is not');
  const sieve = parseEndpoint(
    {
      host,
      port: env['BUZON_SIEVE_PORT'] || undefined,
      tls: env['BUZON_SIEVE_TLS'] || 'starttls',
      caFile: env['BUZON_SIEVE_CA_FILE'] || undefined,
    },
    'BUZON_SIEVE_*',
    'sieve',
  );
  // providerFromEnv gives the environment's provider the id "default" (providers.ts).
  return providers.map((p) => (p.id === 'default' ? { ...p, sieve } : p));
}

export function configFromEnv(
  env: Env,
  staticDir: string,
  log: LogSink = (line) => console.log(line),
): BuzonConfig {
  const config: BuzonConfig = {
    providers: withEnvSieve(loadProviders(env), env),
    allowCustomHosts: env['BUZON_ALLOW_CUSTOM_HOSTS'] === '1',
    secret: parseSecret(env['BUZON_SECRET']),
    // Saved POP3 passwords are sealed under the secret (ADR 0014): only a set one outlives us.
    secretIsPersistent: Boolean(env['BUZON_SECRET']),
    pop3Presets: readPop3Presets(env['BUZON_PROVIDERS']),
    allowPop3Hosts: env['BUZON_POP3_TYPED_HOSTS'] !== '0',
    trustProxy: env['BUZON_TRUST_PROXY'] === '1',
    staticDir,
    loginLimits: DEFAULT_LOGIN_LIMITS,
    log,
    // SEND-15: files sent as links, in BUZON_DATA_DIR (links/config.ts).
    links: linksFromEnv(env),
  };
  const origin = env['BUZON_PUBLIC_ORIGIN'];
  if (origin) config.publicOrigin = parsePublicOrigin(origin);
  return config;
}

export { ConfigError };
