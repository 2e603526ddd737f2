// The filter settings travel in the installed script as one comment line (ADR 0029), so
// another device signing in can adopt them: `# buzon-settings: <base64url of the JSON>`,
// right after the checksum line, which is recomputed so the script stays "intact"
// (checksum.ts isScriptIntact). Read back only through parse.ts's strict parsers.
import { CHECKSUM_PREFIX, fnv1a } from '../../filters/checksum.js';
import { parseAwaySettings, parseFilters, parseForwardSettings } from '../../filters/parse.js';
import type { FilterSettings } from '../filter-types.js';

export const SETTINGS_PREFIX = '# buzon-settings: ';

/**
 * Longest settings line read back: the proxy takes scripts up to 256 KiB
 * (SIEVE_BODY_LIMIT_BYTES), so anything longer was not written by the app.
 */
const MAX_SETTINGS_LINE = 256 * 1024;
/** Bytes per String.fromCharCode call: keeps the argument list far below engine limits. */
const CHUNK = 0x8000;

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK)
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(value: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(value)) return null;
  try {
    const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** The compiled script with the settings line after its checksum line (checksum redone). */
export function withSettingsLine(script: string, settings: FilterSettings): string {
  const eol = '\r\n';
  const lines = script.split(eol);
  const at = lines.findIndex((l) => l.startsWith(CHECKSUM_PREFIX));
  if (at < 0) return script;
  const payload = toBase64Url(
    JSON.stringify({ filters: settings.filters, away: settings.away, forward: settings.forward }),
  );
  const rest = [SETTINGS_PREFIX + payload, ...lines.slice(at + 1)].join(eol);
  return [...lines.slice(0, at), CHECKSUM_PREFIX + fnv1a(rest), rest].join(eol);
}

/** The settings a script carries, or null when it has none or they do not parse. */
export function readSettingsLine(script: string): FilterSettings | null {
  const line = script.split(/\r\n|\n/).find((l) => l.startsWith(SETTINGS_PREFIX));
  if (!line || line.length > MAX_SETTINGS_LINE) return null;
  const json = fromBase64Url(line.slice(SETTINGS_PREFIX.length).trim());
  if (json === null) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const r = raw as Record<string, unknown>;
  return {
    filters: parseFilters(r['filters']),
    away: r['away'] === null ? null : parseAwaySettings(r['away']),
    forward: r['forward'] === null ? null : parseForwardSettings(r['forward']),
  };
}
