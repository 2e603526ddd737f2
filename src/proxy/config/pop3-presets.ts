// POP3 presets from the providers file: `{ "providers": [...], "pop3Presets": [{ "id"?,
// "name", "host", "port"?, "tls"? }] }`. Checked at start like providers, so a typo fails
// loudly. A preset is the operator's choice of host, so the SSRF guard does not apply.
import { readFileSync } from 'node:fs';
import { ConfigError, isRecord, parseEndpoint, parseName } from './providers.js';
import type { Pop3Preset } from './types.js';

const ID_SHAPE = /^[a-z0-9][a-z0-9-]{0,63}$/;

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
  const name = parseName(value['name'], where);
  const id = value['id'] === undefined ? slug(name) : value['id'];
  if (typeof id !== 'string' || !ID_SHAPE.test(id))
    throw new ConfigError(
      `${where}.id must be lowercase letters, digits and dashes (got ${JSON.stringify(id)})`,
    );
  return { id, name: name.trim(), endpoint: parseEndpoint(value, where, 'pop3') };
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
