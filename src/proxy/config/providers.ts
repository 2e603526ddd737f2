// The providers users may sign in to: a JSON file the operator writes (BUZON_PROVIDERS),
// and/or one provider from environment variables. Everything is checked at start so a
// typo fails loudly with the file, the entry and the field, not at the first login.
import { readFileSync } from 'node:fs';
import { isSingleLine } from '../security/crlf.js';
import { CaFileError, readCaFile } from './ca-file.js';
import { CUSTOM_PROVIDER_ID, TLS_MODES } from './types.js';
import type { Endpoint, GatewayConfig, ProviderConfig, TlsMode } from './types.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const ID_SHAPE = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** A provider name is one line in a select box. */
const MAX_NAME_LENGTH = 100;
/** RFC 1035 limit for a full host name. */
const MAX_HOST_LENGTH = 253;
const HOST_SHAPE = /^[A-Za-z0-9.:_[\]-]+$/;

/** Ports a server speaks on by default for each TLS mode (RFC 8314 prefers implicit TLS). */
const DEFAULT_PORTS: Record<'imap' | 'smtp' | 'sieve' | 'pop3', Record<TlsMode, number>> = {
  imap: { implicit: 993, starttls: 143, none: 143 },
  pop3: { implicit: 995, starttls: 110, none: 110 },
  smtp: { implicit: 465, starttls: 587, none: 587 },
  sieve: { implicit: 4190, starttls: 4190, none: 4190 },
};

type Service = keyof typeof DEFAULT_PORTS;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseTls(value: unknown, where: string): TlsMode {
  if (typeof value === 'string' && (TLS_MODES as readonly string[]).includes(value))
    return value as TlsMode;
  throw new ConfigError(
    `${where}.tls must be one of ${TLS_MODES.join(', ')} (got ${JSON.stringify(value)})`,
  );
}

function parsePort(value: unknown, where: string): number {
  const port = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535) return port;
  throw new ConfigError(
    `${where}.port must be a whole number from 1 to 65535 (got ${JSON.stringify(value)})`,
  );
}

function parseHost(value: unknown, where: string): string {
  if (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_HOST_LENGTH &&
    HOST_SHAPE.test(value)
  ) {
    return value;
  }
  throw new ConfigError(
    `${where}.host must be a host name or IP address (got ${JSON.stringify(value)})`,
  );
}

/** A display name: one line, not blank, at most MAX_NAME_LENGTH characters. */
export function parseName(name: unknown, where: string): string {
  if (
    typeof name !== 'string' ||
    !name.trim() ||
    name.length > MAX_NAME_LENGTH ||
    !isSingleLine(name)
  ) {
    throw new ConfigError(
      `${where}.name must be a one-line text of at most ${MAX_NAME_LENGTH} characters`,
    );
  }
  return name;
}

export function parseEndpoint(value: unknown, where: string, service: Service): Endpoint {
  if (!isRecord(value)) throw new ConfigError(`${where} must be an object with host, port and tls`);
  const tls = value['tls'] === undefined ? 'implicit' : parseTls(value['tls'], where);
  const host = parseHost(value['host'], where);
  const port =
    value['port'] === undefined ? DEFAULT_PORTS[service][tls] : parsePort(value['port'], where);
  const endpoint: Endpoint = { host, port, tls };
  const caFile = value['caFile'];
  if (caFile !== undefined && caFile !== '') {
    if (tls === 'none') throw new ConfigError(`${where}.caFile needs tls implicit or starttls`);
    try {
      endpoint.ca = readCaFile(caFile);
    } catch (err) {
      if (err instanceof CaFileError) throw new ConfigError(`${where}.caFile ${err.message}`);
      throw err;
    }
  }
  return endpoint;
}

export function parseProvider(value: unknown, where: string): ProviderConfig {
  if (!isRecord(value)) throw new ConfigError(`${where} must be an object`);
  const id = value['id'];
  if (typeof id !== 'string' || !ID_SHAPE.test(id)) {
    throw new ConfigError(
      `${where}.id must be lowercase letters, digits and dashes (got ${JSON.stringify(id)})`,
    );
  }
  if (id === CUSTOM_PROVIDER_ID)
    throw new ConfigError(`${where}.id "${CUSTOM_PROVIDER_ID}" is reserved for user-typed hosts`);
  const name = parseName(value['name'], where);
  const provider: ProviderConfig = {
    id,
    name: name.trim(),
    imap: parseEndpoint(value['imap'], `${where}.imap`, 'imap'),
  };
  if (value['smtp'] !== undefined)
    provider.smtp = parseEndpoint(value['smtp'], `${where}.smtp`, 'smtp');
  if (value['sieve'] !== undefined)
    provider.sieve = parseEndpoint(value['sieve'], `${where}.sieve`, 'sieve');
  const jmap = value['jmapSessionUrl'];
  if (jmap !== undefined) {
    if (
      typeof jmap !== 'string' ||
      !URL.canParse(jmap) ||
      !/^https?:$/.test(new URL(jmap).protocol)
    ) {
      throw new ConfigError(
        `${where}.jmapSessionUrl must be an http(s) URL (got ${JSON.stringify(jmap)})`,
      );
    }
    provider.jmapSessionUrl = jmap;
  }
  for (const kind of ['sms', 'fax'] as const) {
    if (value[kind] !== undefined) provider[kind] = parseGateway(value[kind], `${where}.${kind}`);
  }
  const signature = value['mandatorySignature'];
  if (signature !== undefined) {
    if (
      typeof signature !== 'string' ||
      signature.trim() === '' ||
      signature.length > MAX_MANDATORY_SIGNATURE_CHARS ||
      signature.includes('\u0000')
    ) {
      throw new ConfigError(
        `${where}.mandatorySignature must be non-empty text of at most ${MAX_MANDATORY_SIGNATURE_CHARS} characters`,
      );
    }
    provider.mandatorySignature = signature;
  }
  return provider;
}

/** A host name as a gateway domain: letters, digits, dashes and dots. */
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** SEND-8/9: `{ "emailDomain": "sms.example.net" }` or `{ "webhookUrl": "https://…" }`. */
export function parseGateway(value: unknown, where: string): GatewayConfig {
  if (!isRecord(value)) throw new ConfigError(`${where} must be an object`);
  const { emailDomain, webhookUrl } = value;
  if ((emailDomain === undefined) === (webhookUrl === undefined))
    throw new ConfigError(`${where} needs exactly one of "emailDomain" or "webhookUrl"`);
  if (emailDomain !== undefined) {
    if (typeof emailDomain !== 'string' || !DOMAIN.test(emailDomain))
      throw new ConfigError(`${where}.emailDomain must be a domain name`);
    return { emailDomain };
  }
  if (
    typeof webhookUrl !== 'string' ||
    !URL.canParse(webhookUrl) ||
    !/^https?:$/.test(new URL(webhookUrl).protocol)
  )
    throw new ConfigError(`${where}.webhookUrl must be an http(s) URL`);
  return { webhookUrl };
}

/** SEND-16: a few lines of legal text; more would swamp every message. */
export const MAX_MANDATORY_SIGNATURE_CHARS = 2_000;

/** Parses the providers file's JSON: an array of providers, or `{ "providers": [...] }`. */
export function parseProvidersJson(text: string, source: string): ProviderConfig[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${source} is not valid JSON: ${(err as Error).message}`);
  }
  const list = isRecord(data) ? data['providers'] : data;
  if (!Array.isArray(list))
    throw new ConfigError(`${source} must hold an array of providers or { "providers": [...] }`);
  return list.map((entry, i) => parseProvider(entry, `${source}: providers[${i}]`));
}

export function readProvidersFile(path: string): ProviderConfig[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `Cannot read the providers file ${path} (BUZON_PROVIDERS): ${(err as Error).message}`,
    );
  }
  return parseProvidersJson(text, path);
}

type Env = Readonly<Record<string, string | undefined>>;

function envEndpoint(env: Env, prefix: 'IMAP' | 'SMTP', service: Service): Endpoint | undefined {
  const host = env[`BUZON_${prefix}_HOST`];
  if (!host) return undefined;
  return parseEndpoint(
    {
      host,
      port: env[`BUZON_${prefix}_PORT`] || undefined,
      tls: env[`BUZON_${prefix}_TLS`] || undefined,
      caFile: env[`BUZON_${prefix}_CA_FILE`] || undefined,
    },
    `BUZON_${prefix}_*`,
    service,
  );
}

/** One provider from BUZON_IMAP_HOST/PORT/TLS, BUZON_SMTP_HOST/PORT/TLS and BUZON_PROVIDER_NAME. */
export function providerFromEnv(env: Env): ProviderConfig | undefined {
  const imap = envEndpoint(env, 'IMAP', 'imap');
  if (!imap) {
    if (env['BUZON_SMTP_HOST'])
      throw new ConfigError('BUZON_SMTP_HOST is set but BUZON_IMAP_HOST is not');
    return undefined;
  }
  const provider: ProviderConfig = {
    id: 'default',
    name: env['BUZON_PROVIDER_NAME']?.trim() || imap.host,
    imap,
  };
  const smtp = envEndpoint(env, 'SMTP', 'smtp');
  if (smtp) provider.smtp = smtp;
  for (const kind of ['SMS', 'FAX'] as const) {
    const domain = env[`BUZON_${kind}_EMAIL_DOMAIN`];
    const url = env[`BUZON_${kind}_WEBHOOK_URL`];
    if (domain || url)
      provider[kind === 'SMS' ? 'sms' : 'fax'] = domain
        ? { emailDomain: domain }
        : { webhookUrl: url ?? '' };
  }
  const signature = env['BUZON_MANDATORY_SIGNATURE'];
  if (signature) provider.mandatorySignature = signature.replace(/\\n/g, '\n');
  const parsed = parseProvider(provider, 'BUZON_* provider');
  // parseProvider checks the fields again but reads `caFile`, not the CA already read.
  if (imap.ca) parsed.imap.ca = imap.ca;
  if (smtp?.ca && parsed.smtp) parsed.smtp.ca = smtp.ca;
  return parsed;
}

/** All configured providers: the file's, then the environment's; ids must be unique. */
export function loadProviders(env: Env): ProviderConfig[] {
  const file = env['BUZON_PROVIDERS'];
  const providers = file ? readProvidersFile(file) : [];
  const fromEnv = providerFromEnv(env);
  if (fromEnv) providers.push(fromEnv);
  const seen = new Set<string>();
  for (const p of providers) {
    if (seen.has(p.id)) throw new ConfigError(`Provider id "${p.id}" is used twice`);
    seen.add(p.id);
  }
  return providers;
}
