// POP3 presets from the providers file: `{ "providers": [...], "pop3Presets": [{ "id"?,
// "name", "host", "port"?, "tls"? }] }`. Checked at start like providers, so a typo fails
// loudly. A preset is the operator's choice of host, so the SSRF guard does not apply.
import { readFileSync } from 'node:fs';
import { isSingleLine } from '../security/crlf.js';
import { ConfigError } from './providers.js';
import type { Endpoint, Pop3Preset, TlsMode } from './types.js';
import { TLS_MODES } from './types.js';

const ID_SHAPE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const MAX_NAME_LENGTH = 100;
const HOST_SHAPE = /^[A-Za-z0-9.:_[\]-]{1,253}$/;
/** RFC 8314 prefers implicit TLS (995); 110 is plain POP3, with or without STLS. */
const DEFAULT_PORTS: Record<TlsMode, number> = { implicit: 995, starttls: 110, none: 110 };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 64) || 'pop3'
  );
}

export function parsePop3Preset(value: unknown, where: string): Pop3Preset {
  if (!isRecord(value))
    throw new ConfigError(`${where} must be an object with name, host, port and tls`);
  const name = value['name'];
  if (
    typeof name !== 'string' ||
    !name.trim() ||
    name.length > MAX_NAME_LENGTH ||
    !isSingleLine(name)
  )
    throw new ConfigError(
      `${where}.name must be a one-line text of at most ${MAX_NAME_LENGTH} characters`,
    );
  const id = value['id'] === undefined ? slug(name) : value['id'];
  if (typeof id !== 'string' || !ID_SHAPE.test(id))
    throw new ConfigError(
      `${where}.id must be lowercase letters, digits and dashes (got ${JSON.stringify(id)})`,
    );
  const tlsValue = value['tls'] ?? 'implicit';
  if (typeof tlsValue !== 'string' || !(TLS_MODES as readonly string[]).includes(tlsValue))
    throw new ConfigError(
      `${where}.tls must be one of ${TLS_MODES.join(', ')} (got ${JSON.stringify(tlsValue)})`,
    );
  const tls = tlsValue as TlsMode;
  const host = value['host'];
  if (typeof host !== 'string' || !HOST_SHAPE.test(host))
    throw new ConfigError(
      `${where}.host must be a host name or IP address (got ${JSON.stringify(host)})`,
    );
  const rawPort = value['port'] ?? DEFAULT_PORTS[tls];
  const port = typeof rawPort === 'string' && /^\d+$/.test(rawPort) ? Number(rawPort) : rawPort;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
    throw new ConfigError(
      `${where}.port must be a whole number from 1 to 65535 (got ${JSON.stringify(rawPort)})`,
    );
  const endpoint: Endpoint = { host, port, tls };
  return { id, name: name.trim(), endpoint };
}

/** The `pop3Presets` of a providers file's JSON; none when it is a bare array or lacks them. */
export function parsePop3PresetsJson(text: string, source: string): Pop3Preset[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${source} is not valid JSON: ${(err as Error).message}`);
  }
  if (!isRecord(data) || data['pop3Presets'] === undefined) return [];
  const list = data['pop3Presets'];
  if (!Array.isArray(list)) throw new ConfigError(`${source}: pop3Presets must be an array`);
  const presets = list.map((entry, i) => parsePop3Preset(entry, `${source}: pop3Presets[${i}]`));
  const seen = new Set<string>();
  for (const p of presets) {
    if (seen.has(p.id)) throw new ConfigError(`${source}: POP3 preset id "${p.id}" is used twice`);
    seen.add(p.id);
  }
  return presets;
}

export function readPop3Presets(path: string | undefined): Pop3Preset[] {
  if (!path) return [];
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `Cannot read the providers file ${path} (BUZON_PROVIDERS): ${(err as Error).message}`,
    );
  }
  return parsePop3PresetsJson(text, path);
}
