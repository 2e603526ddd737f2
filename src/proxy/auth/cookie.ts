// The session cookie: `<session id>.<K1 in base64url>`. On HTTPS it is
// `__Host-buzon-session` (Secure, Path=/, no Domain: the browser then refuses it from
// any other host or from plain HTTP, so a sibling subdomain cannot plant one). The
// prefix demands Secure, which a browser on http://127.0.0.1 would not send back, so
// in development on loopback only the cookie is plain `buzon-session` without Secure;
// that name is accepted only on loopback requests (origin.ts cookieModeFor).
import type { IncomingMessage } from 'node:http';
import type { CookieMode } from '../security/origin.js';
import { KEY_HALF_BYTES } from './crypto.js';

export const SECURE_COOKIE_NAME = '__Host-buzon-session';
export const DEV_COOKIE_NAME = 'buzon-session';

const COOKIE_VALUE_SHAPE = /^([A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]{43})$/;

export function cookieNameFor(mode: Exclude<CookieMode, null>): string {
  return mode === 'secure' ? SECURE_COOKIE_NAME : DEV_COOKIE_NAME;
}

function attributes(mode: Exclude<CookieMode, null>, maxAgeSeconds: number): string {
  const base = `Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}`;
  return mode === 'secure' ? `${base}; Secure` : base;
}

export function sessionCookie(
  mode: Exclude<CookieMode, null>,
  sessionId: string,
  keyHalf: Uint8Array,
  maxAgeSeconds: number,
): string {
  const value = `${sessionId}.${Buffer.from(keyHalf).toString('base64url')}`;
  return `${cookieNameFor(mode)}=${value}; ${attributes(mode, maxAgeSeconds)}`;
}

export function clearedSessionCookie(mode: Exclude<CookieMode, null>): string {
  return `${cookieNameFor(mode)}=; ${attributes(mode, 0)}`;
}

/** The value of cookie `name` in the request, if present exactly once. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const values = header
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${name}=`))
    .map((part) => part.slice(name.length + 1));
  // Two cookies of one name means someone planted one; trust neither.
  return values.length === 1 ? values[0] : undefined;
}

export interface CookieParts {
  sessionId: string;
  keyHalf: Buffer;
}

export function parseSessionCookie(value: string): CookieParts | null {
  const match = COOKIE_VALUE_SHAPE.exec(value);
  if (!match) return null;
  const keyHalf = Buffer.from(match[2] as string, 'base64url');
  if (keyHalf.length !== KEY_HALF_BYTES) return null;
  return { sessionId: match[1] as string, keyHalf };
}
