// Creating, finding and ending sessions. `authenticate(req)` is what every JMAP route
// calls: it reads the cookie, finds the session and decrypts the credentials on demand
// with the cookie's key half; the plaintext password lives only in that call's result.
import type { IncomingMessage } from 'node:http';
import type { BuzonConfig, ProviderConfig } from '../config/types.js';
import { cookieModeFor } from '../security/origin.js';
import type { CookieMode } from '../security/origin.js';
import { cookieNameFor, parseSessionCookie, readCookie, sessionCookie } from './cookie.js';
import { newKeyHalf, openCredentials, sealCredentials } from './crypto.js';
import type { Credentials } from './crypto.js';
import { newSessionId, SESSION_ABSOLUTE_TIMEOUT_MS, SessionStore } from './session-store.js';

export interface AuthenticatedSession {
  sessionId: string;
  username: string;
  provider: ProviderConfig;
  password: string;
}

export interface SessionManager {
  readonly store: SessionStore;
  /** Creates a session and returns the Set-Cookie header value for it. */
  create(
    credentials: Credentials,
    provider: ProviderConfig,
    mode: Exclude<CookieMode, null>,
  ): { sessionId: string; setCookie: string };
  authenticate(req: IncomingMessage): Promise<AuthenticatedSession | null>;
  destroy(sessionId: string): void;
}

export function createSessionManager(
  config: BuzonConfig,
  store = new SessionStore(),
): SessionManager {
  const maxAgeSeconds = Math.floor(SESSION_ABSOLUTE_TIMEOUT_MS / 1000);

  return {
    store,

    create(credentials, provider, mode) {
      const sessionId = newSessionId();
      const keyHalf = newKeyHalf();
      const now = Date.now();
      store.add({
        id: sessionId,
        username: credentials.username,
        provider,
        sealed: sealCredentials(credentials, keyHalf, config.secret, sessionId),
        createdAt: now,
        lastSeenAt: now,
      });
      // K1 leaves in the Set-Cookie header and is not kept anywhere on the proxy.
      const setCookie = sessionCookie(mode, sessionId, keyHalf, maxAgeSeconds);
      keyHalf.fill(0);
      return { sessionId, setCookie };
    },

    async authenticate(req) {
      const mode = cookieModeFor(req, config);
      if (mode === null) return null;
      const value = readCookie(req, cookieNameFor(mode));
      const parts = value === undefined ? null : parseSessionCookie(value);
      if (!parts) return null;
      const record = store.get(parts.sessionId);
      if (!record) return null;
      const credentials = openCredentials(record.sealed, parts.keyHalf, config.secret, record.id);
      // A wrong key half is a forged cookie: refuse it, but leave the real owner's session alone.
      if (!credentials) return null;
      store.touch(record);
      return {
        sessionId: record.id,
        username: credentials.username,
        provider: record.provider,
        password: credentials.password,
      };
    },

    destroy(sessionId) {
      store.delete(sessionId);
    },
  };
}
